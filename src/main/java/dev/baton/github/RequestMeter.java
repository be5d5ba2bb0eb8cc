package dev.baton.github;

import dev.baton.model.RateLimit;
import okhttp3.Interceptor;
import okhttp3.Response;

import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An OkHttp network interceptor: it sees what crossed the wire (a revalidated cache hit is a 304 here,
 * though hub4j later sees the cached 200), so it can count what consumed rate limit and keep the budget
 * from the response headers. Every GitHub request, hub4j's and ours, passes through it.
 */
public final class RequestMeter implements Interceptor {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RequestMeter.class);
    private final AtomicReference<RateLimit> rateLimit = new AtomicReference<>(RateLimit.UNKNOWN);
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong notModified = new AtomicLong();

    @Override
    public Response intercept(Chain chain) throws IOException {
        requests.incrementAndGet();
        long t0 = System.nanoTime();
        Response response = chain.proceed(chain.request());
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} {} -> {} in {} ms", chain.request().method(), chain.request().url().encodedPath(), response.code(),
                    (System.nanoTime() - t0) / 1_000_000);
        }
        if (response.code() == 304) notModified.incrementAndGet();
        RateLimit parsed = parse(response);
        if (parsed != null) rateLimit.set(parsed);
        return response;
    }

    private static RateLimit parse(Response r) {
        String limit = r.header("X-RateLimit-Limit");
        String remaining = r.header("X-RateLimit-Remaining");
        if (limit == null || remaining == null) return null;
        try {
            String used = r.header("X-RateLimit-Used");
            String reset = r.header("X-RateLimit-Reset");
            return new RateLimit(Integer.parseInt(limit.trim()), Integer.parseInt(remaining.trim()),
                    used == null ? -1 : Integer.parseInt(used.trim()),
                    reset == null ? null : Instant.ofEpochSecond(Long.parseLong(reset.trim())),
                    r.header("X-RateLimit-Resource", "core"));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public RateLimit rateLimit() {
        return rateLimit.get();
    }

    public long requests() {
        return requests.get();
    }

    public long notModified() {
        return notModified.get();
    }

    /** Requests that consumed primary rate limit: all but the 304 revalidations. */
    public long counted() {
        return requests.get() - notModified.get();
    }
}
