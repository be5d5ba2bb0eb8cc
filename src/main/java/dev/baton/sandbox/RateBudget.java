package dev.baton.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The primary rate limit of the "core" resource: a budget per token per window (GitHub: 5,000 an
 * hour for a user token). Requests answered 304 and /rate_limit do not consume it. Wall-clock time,
 * because clients compare X-RateLimit-Reset with the Date header.
 */
public final class RateBudget {
    /** One token's state as the X-RateLimit-* headers and /rate_limit report it. */
    public record Window(int limit, int remaining, int used, long resetEpochSeconds) {
    }

    private final Clock clock;
    private final Duration window;
    private volatile int limit;
    private final Map<String, Bucket> buckets = new HashMap<>();

    private static final class Bucket {
        int used;
        Instant reset;
    }

    public RateBudget(int limit, Duration window, Clock clock) {
        if (limit < 1) throw new IllegalArgumentException("rate limit must be at least 1");
        this.limit = limit;
        this.window = window;
        this.clock = clock;
    }

    public int limit() {
        return limit;
    }

    /** Changes the hourly limit (e.g. 1,000 to mimic a GITHUB_TOKEN); keeps what was used. */
    public synchronized void limit(int newLimit) {
        if (newLimit < 1) throw new IllegalArgumentException("rate limit must be at least 1");
        this.limit = newLimit;
    }

    /** The current window of a token without consuming. */
    public synchronized Window peek(String token) {
        return view(bucket(token));
    }

    /** Takes one request from the token's budget; false when the budget is exhausted. */
    public synchronized boolean consume(String token) {
        Bucket b = bucket(token);
        if (b.used >= limit) return false;
        b.used++;
        return true;
    }

    /** Fault switch: sets how many requests are left in the token's current window. */
    public synchronized void remaining(String token, int remaining) {
        Bucket b = bucket(token);
        b.used = Math.max(0, limit - Math.max(0, remaining));
    }

    /** Starts a fresh window for every token. */
    public synchronized void reset() {
        buckets.clear();
    }

    private Bucket bucket(String token) {
        Instant now = clock.instant();
        Bucket b = buckets.computeIfAbsent(token, t -> new Bucket());
        if (b.reset == null || !now.isBefore(b.reset)) {
            b.used = 0;
            b.reset = now.plus(window);
        }
        return b;
    }

    private Window view(Bucket b) {
        int used = Math.min(b.used, limit);
        return new Window(limit, limit - used, used, b.reset.getEpochSecond());
    }
}
