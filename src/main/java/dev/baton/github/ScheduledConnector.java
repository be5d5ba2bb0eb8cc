package dev.baton.github;

import org.kohsuke.github.connector.GitHubConnector;
import org.kohsuke.github.connector.GitHubConnectorRequest;
import org.kohsuke.github.connector.GitHubConnectorResponse;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Instant;

/**
 * Every request of one client, hub4j's and the raw ones, passes here before OkHttp: the scheduler admits it
 * (waiting for a slot, the points window, the budget's pace or a hold), and a GET that met a rate-limit answer
 * is sent once more when the hold ends (polls are not: the next poll is their retry). Outside OkHttp on purpose: a
 * wait here is not counted in OkHttp's call timeout. A request's slot in flight is freed when its answer's
 * headers are in (its body is read after): the 100 bounds requests GitHub is still working on.
 */
final class ScheduledConnector implements GitHubConnector {
    /** A GET is sent once more after a rate-limit answer, once the hold it set is over; a second refusal is the caller's. */
    static final int RETRIES = 1;

    private final GitHubConnector delegate;
    private final RequestScheduler scheduler;

    ScheduledConnector(GitHubConnector delegate, RequestScheduler scheduler) {
        this.delegate = delegate;
        this.scheduler = scheduler;
    }

    @Override
    public GitHubConnectorResponse send(GitHubConnectorRequest request) throws IOException {
        RequestScheduler.Priority priority = RequestScheduler.currentPriority();
        for (int attempt = 0; ; attempt++) {
            GitHubConnectorResponse response;
            try (RequestScheduler.Permit ignored = scheduler.admit(request.method(), priority)) {
                response = delegate.send(request);
            } catch (RequestScheduler.Held held) {
                throw new RateLimitedException(held.until(), held.seconds());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for GitHub's rate limits");
            }
            int code = response.statusCode();
            boolean limited = (code == 403 || code == 429) && scheduler.limitedUntil() != null;
            if (!limited || !RequestScheduler.read(request.method()) || priority.poll() || attempt >= RETRIES) {
                return response;
            }
            response.close();
        }
    }

    /** The request was not sent: GitHub's limits hold requests until then. Turned into a GitHubException by {@link GitHubErrors}. */
    static final class RateLimitedException extends IOException {
        final Instant until;
        final long seconds;

        RateLimitedException(Instant until, long seconds) {
            super("rate limited for " + seconds + " s", null);
            this.until = until;
            this.seconds = seconds;
        }
    }
}
