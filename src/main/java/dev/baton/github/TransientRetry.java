package dev.baton.github;

import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

import dev.baton.model.Sleeper;

import java.io.IOException;
import java.time.Duration;

/**
 * Retries a GET that met a transient failure (a 5xx, a dropped connection; not a refused one) twice, briefly: one 502 should not
 * fail `baton status` at 3 a.m. Writes are never retried here - a repeated dispatch or cancel is the guard's
 * decision, not the transport's. Rate-limit answers (403/429) are the {@link RequestScheduler}'s: it holds
 * every request to the host for the wait GitHub asked, not just this one.
 */
final class TransientRetry implements Interceptor {
    private static final long[] BACKOFF_MS = {250, 1000};

    private final Sleeper sleeper;

    TransientRetry(Sleeper sleeper) {
        this.sleeper = sleeper;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        if (!request.method().equals("GET")) return chain.proceed(request);
        IOException lastError = null;
        for (int attempt = 0; ; attempt++) {
            Response response = null;
            try {
                response = chain.proceed(request);
            } catch (java.net.ConnectException refused) {
                // nothing listens there: a quarter second rarely changes that. hub4j's own calls try the connection
                // again (twice), so a retry here made nine tries and 4 s before an unreachable GitHub was said; a raw
                // request fails at once, and the watch tries again at its next poll (with its backoff)
                throw refused;
            } catch (IOException e) {
                lastError = e;
            }
            boolean last = attempt >= BACKOFF_MS.length;
            if (response != null) {
                long wait = retryWait(response, attempt);
                if (wait < 0 || last) return response;
                response.close();
                sleep(wait);
            } else {
                if (last) throw lastError;
                sleep(BACKOFF_MS[attempt]);
            }
        }
    }

    /** Milliseconds to wait before retrying, or -1 when the answer is final. */
    private static long retryWait(Response r, int attempt) {
        int code = r.code();
        if (code >= 500 && code <= 504) return BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)];
        return -1;
    }

    private void sleep(long ms) throws IOException {
        try {
            sleeper.sleep(Duration.ofMillis(ms));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting to retry");
        }
    }
}
