package dev.baton.github;

import org.kohsuke.github.GHFileNotFoundException;
import org.kohsuke.github.HttpException;

import dev.baton.model.Times;

import java.io.IOException;
import java.time.Instant;

/** GitHub's failures, hub4j's and the raw requests' alike, as one-line {@link GitHubException}s an operator can act on. */
final class GitHubErrors {
    private GitHubErrors() {
    }

    /** Throws the answer's failure (status 400 and up) as a GitHubException with the wait GitHub asked for. */
    static void check(GitHubTransport.Response r, String what) {
        if (r.status() < 400) return;
        String message = "";
        try {
            message = GitHubTransport.JSON.readTree(r.body()).path("message").asText("");
        } catch (IOException | RuntimeException ignored) {
            // a non-JSON error body: the status says enough
        }
        long retryAfter = 0;
        String ra = r.header("Retry-After");
        if (ra != null) {
            try {
                retryAfter = Long.parseLong(ra.trim());
            } catch (NumberFormatException ignored) {
                retryAfter = 60;
            }
        } else if ((r.status() == 403 || r.status() == 429) && "0".equals(r.header("X-RateLimit-Remaining"))) {
            String reset = r.header("X-RateLimit-Reset");
            retryAfter = reset == null ? 60 : Math.max(1, Long.parseLong(reset.trim()) - Instant.now().getEpochSecond());
        } else if (secondaryLimit(r.status(), message)) {
            retryAfter = 60; // GitHub's advice for a secondary limit without Retry-After: wait at least a minute
        }
        throw new GitHubException(r.status(), what + ": " + describe(r.status(), message, retryAfter), retryAfter);
    }

    /**
     * GitHub's secondary (abuse) limits answer 403 or 429 and say so only in the message; through hub4j, whose
     * abuse-limit handler takes a 403 with Retry-After, the message is its own "Abuse limit reached".
     */
    static boolean secondaryLimit(int status, String message) {
        if ((status != 403 && status != 429) || message == null) return false;
        String m = message.toLowerCase(java.util.Locale.ROOT);
        return m.contains("secondary rate limit") || m.contains("abuse limit reached");
    }

    static String describe(int status, String message, long retryAfter) {
        if (secondaryLimit(status, message)) {
            return status + " secondary rate limit: GitHub asks baton to slow down"
                    + " (retry after " + (retryAfter > 0 ? retryAfter : 60) + " s)"; // GitHub's own wait when it gives one
        }
        if (status >= 200 && status < 300) return "malformed JSON from GitHub (not the answer it documents)";
        String base = switch (status) {
            case 401 -> "401 unauthorized - check GH_TOKEN / GITHUB_TOKEN";
            case 403 -> retryAfter > 0 ? "403 rate limited" : "403 forbidden - the token lacks a permission";
            case 404 -> "404 not found";
            case 422 -> "422 rejected";
            case 429 -> "429 too many requests";
            default -> status >= 500 ? status + " GitHub server error" : String.valueOf(status);
        };
        String tail = message == null || message.isBlank() ? "" : ": " + GitHubException.firstLine(message);
        return base + tail + (retryAfter > 0 ? " (retry after " + retryAfter + " s)" : "");
    }

    interface IoCall<T> {
        T call() throws IOException;
    }

    /** Runs a hub4j call, its failure as a GitHubException. */
    static <T> T call(String what, IoCall<T> body) {
        try {
            return body.call();
        } catch (IOException | RuntimeException e) {
            GitHubException limited = limited(what, e);
            if (limited != null) throw limited;
            throw failure(what, e);
        }
    }

    /**
     * A request the scheduler did not send (hub4j wraps the connector's exception): "rate limited until 14:03:05
     * UTC", a 429 with the wait, which the watch shows as such rather than as an error. Null for any other failure.
     */
    static GitHubException limited(String what, Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof ScheduledConnector.RateLimitedException r) {
                return new GitHubException(429, what + ": rate limited until " + Times.clock(r.until) + " UTC", r.seconds);
            }
        }
        return null;
    }

    private static GitHubException failure(String what, Exception e) {
        if (e instanceof HttpException h && h.getResponseCode() > 0 && GitHubException.networkCause(h) == null) {
            // (-1: no HTTP answer at all - refused, timed out - and the reason is in the causes: wrapped below)
            String message = jsonMessage(h.getMessage());
            long retry = secondaryLimit(h.getResponseCode(), message) ? 60 : 0; // never an auth failure: see GitHubException.auth
            return new GitHubException(h.getResponseCode(), what + ": " + describe(h.getResponseCode(), message, retry), retry);
        }
        if (e instanceof GHFileNotFoundException && GitHubException.networkCause(e) == null) {
            return new GitHubException(404, what + ": 404 not found");
        }
        return GitHubException.wrap(what, e);
    }

    private static String jsonMessage(String text) {
        if (text == null) return "";
        try {
            return GitHubTransport.JSON.readTree(text).path("message").asText(text);
        } catch (IOException | RuntimeException e) {
            return text;
        }
    }
}
