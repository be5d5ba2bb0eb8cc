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

    /** GitHub's limits (a 403/429 asking for a wait, or a request the scheduler held back): no failure of the source. */
    public boolean rateLimited() {
        return (status == 403 || status == 429) && retryAfterSeconds > 0;
    }

    public boolean authProblem() {
        return status == 401 || status == 403 && retryAfterSeconds == 0;
    }

    /** One line, whatever the cause: an unexpected exception's class and message, never a stack trace. */
    public static GitHubException wrap(String what, Throwable e) {
        if (e instanceof GitHubException g) return g;
        Throwable network = networkCause(e);
        if (network != null) return new GitHubException(0, what + ": " + networkDetail(network));
        Throwable cause = e;
        while (cause.getCause() != null && cause.getMessage() == null) cause = cause.getCause();
        String detail = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return new GitHubException(0, what + ": " + firstLine(detail));
    }

    /**
     * The network failure somewhere in e's causes, or null. hub4j reports one as "HTTP response code -1"
     * or even as a file not found, with the real reason underneath.
     */
    public static Throwable networkCause(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof java.net.SocketTimeoutException || c instanceof java.net.ConnectException
                    || c instanceof java.net.UnknownHostException || c instanceof java.net.NoRouteToHostException
                    || c instanceof javax.net.ssl.SSLException || c instanceof java.io.InterruptedIOException) return c;
        }
        return null;
    }

    private static String networkDetail(Throwable c) {
        String msg = c.getMessage() == null ? c.getClass().getSimpleName() : firstLine(c.getMessage());
        if (c instanceof java.net.SocketTimeoutException || c instanceof java.io.InterruptedIOException) return "timed out";
        if (c instanceof java.net.UnknownHostException) return "unknown host " + msg;
        if (c instanceof javax.net.ssl.SSLException) return "TLS failed (" + msg + ")";
        return "cannot connect (" + msg + ")";
    }

    static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
