package dev.baton.github;

/**
 * A GitHub call that failed, with a one-line message fit for an operator: what was asked, what came back.
 * status is the HTTP status, or 0 when no answer came (timeout, refused connection).
 */
public class GitHubException extends RuntimeException {
    private final int status;
    private final long retryAfterSeconds;

    public GitHubException(int status, String message, long retryAfterSeconds) {
        super(message);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public GitHubException(int status, String message) {
        this(status, message, 0);
    }

    public int status() {
        return status;
    }

    /** Seconds the server asked us to wait (Retry-After or an exhausted budget's reset), 0 when none. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public boolean authProblem() {
        return status == 401 || status == 403 && retryAfterSeconds == 0;
    }

    /** One line, whatever the cause: an unexpected exception's class and message, never a stack trace. */
    public static GitHubException wrap(String what, Throwable e) {
        if (e instanceof GitHubException g) return g;
        Throwable cause = e;
        while (cause.getCause() != null && cause.getMessage() == null) cause = cause.getCause();
        String detail = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        if (cause instanceof java.net.SocketTimeoutException) detail = "timed out";
        if (cause instanceof java.net.ConnectException) detail = "cannot connect (" + detail + ")";
        return new GitHubException(0, what + ": " + firstLine(detail));
    }

    static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
