package dev.baton.lock;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.Locale;

/**
 * The one failure type of the lock stores. The message is a single line naming the target and the
 * cause, fit to print as is; reason lets callers pick an exit code or a health state.
 */
public final class LockStoreException extends RuntimeException {
    public enum Reason {
        /** Connection refused, unknown host, no route. */
        UNREACHABLE,
        TIMEOUT,
        /** No credentials, or an invalid/expired key. */
        CREDENTIALS,
        /** 403. */
        ACCESS_DENIED,
        /** The bucket or table does not exist. */
        NOT_FOUND,
        /** 501: the store does not implement a request (e.g. conditional writes). */
        NOT_IMPLEMENTED,
        /** Any other answer from the store (4xx/5xx). */
        SERVICE,
        /** Bad configuration (region, endpoint). */
        CONFIG
    }

    private final Reason reason;
    private final String target;

    public LockStoreException(Reason reason, String target, String detail, Throwable cause) {
        super(oneLine(target + ": " + detail), cause);
        this.reason = reason;
        this.target = target;
    }

    public LockStoreException(Reason reason, String target, String detail) {
        this(reason, target, detail, null);
    }

    public Reason reason() {
        return reason;
    }

    /** What failed, e.g. "s3://bucket" or "dynamodb://table/LockID". */
    public String target() {
        return target;
    }

    /** Translates an AWS SDK (or I/O) failure into one clear line. */
    public static LockStoreException from(Throwable t, String target) {
        if (t instanceof LockStoreException e) return e;
        if (t instanceof AwsServiceException e) return fromService(e, target);
        if (t instanceof ApiCallTimeoutException || t instanceof ApiCallAttemptTimeoutException) {
            return new LockStoreException(Reason.TIMEOUT, target, "timed out", t);
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConnectException || c instanceof NoRouteToHostException) {
                return new LockStoreException(Reason.UNREACHABLE, target, "cannot connect (" + text(c) + ")", t);
            }
            if (c instanceof UnknownHostException) {
                return new LockStoreException(Reason.UNREACHABLE, target, "unknown host " + c.getMessage(), t);
            }
            if (c instanceof SocketTimeoutException || c instanceof HttpTimeoutException) {
                return new LockStoreException(Reason.TIMEOUT, target, "timed out (" + text(c) + ")", t);
            }
        }
        String message = text(t);
        String lower = message.toLowerCase(Locale.ROOT);
        if (t instanceof SdkClientException && lower.contains("credentials")) {
            return new LockStoreException(Reason.CREDENTIALS, target,
                    "no AWS credentials found (environment, profile, SSO or instance role)", t);
        }
        if (t instanceof SdkClientException && lower.contains("region")) {
            return new LockStoreException(Reason.CONFIG, target, "no AWS region (set AWS_REGION)", t);
        }
        return new LockStoreException(Reason.SERVICE, target, message, t);
    }

    private static LockStoreException fromService(AwsServiceException e, String target) {
        int status = e.statusCode();
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        String detail = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
        String what = status + (code == null || code.isBlank() ? "" : " " + code)
                + (detail == null || detail.isBlank() ? "" : ": " + detail);
        if ("NoSuchBucket".equals(code)) {
            return new LockStoreException(Reason.NOT_FOUND, target, "bucket does not exist (" + what + ")", e);
        }
        if ("ResourceNotFoundException".equals(code)) {
            return new LockStoreException(Reason.NOT_FOUND, target, "table does not exist (" + what + ")", e);
        }
        if ("InvalidAccessKeyId".equals(code) || "SignatureDoesNotMatch".equals(code)
                || "UnrecognizedClientException".equals(code) || "ExpiredToken".equals(code)
                || "ExpiredTokenException".equals(code) || "InvalidSignatureException".equals(code)) {
            return new LockStoreException(Reason.CREDENTIALS, target, "credentials rejected (" + what + ")", e);
        }
        if (status == 403) return new LockStoreException(Reason.ACCESS_DENIED, target, "access denied (" + what + ")", e);
        if (status == 404) return new LockStoreException(Reason.NOT_FOUND, target, "not found (" + what + ")", e);
        if (status == 501) return new LockStoreException(Reason.NOT_IMPLEMENTED, target, "not implemented by the store (" + what + ")", e);
        return new LockStoreException(Reason.SERVICE, target, "store answered " + what, e);
    }

    private static String text(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }

    private static String oneLine(String s) {
        String line = s.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
        return line.length() > 300 ? line.substring(0, 297) + "..." : line;
    }
}
