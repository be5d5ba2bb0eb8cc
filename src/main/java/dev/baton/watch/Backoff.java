package dev.baton.watch;

import dev.baton.model.SourceHealth;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Health and retry pacing of one source: exponential backoff with jitter after errors, Retry-After
 * honoured, and the time of the last good answer so the screen can say how stale its data is.
 */
final class Backoff {
    private static final Duration MAX = Duration.ofSeconds(60);

    private final String name;
    private Instant lastOk;
    private String lastError;
    private Instant errorSince;
    private int failures;
    private Instant nextAttempt = Instant.EPOCH;

    Backoff(String name) {
        this.name = name;
    }

    boolean due(Instant now) {
        return !now.isBefore(nextAttempt);
    }

    void ok(Instant now) {
        lastOk = now;
        lastError = null;
        errorSince = null;
        failures = 0;
        nextAttempt = Instant.EPOCH;
    }

    /** Returns true when this error starts an outage (the first failure after a success). */
    boolean failed(Instant now, String message, Duration interval, long retryAfterSeconds) {
        boolean first = errorSince == null;
        if (first) errorSince = now;
        lastError = message;
        failures++;
        long base = interval.toMillis() * (1L << Math.min(failures, 6));
        long wait = Math.min(MAX.toMillis(), base);
        wait = (long) (wait * ThreadLocalRandom.current().nextDouble(0.8, 1.2));
        if (retryAfterSeconds > 0) wait = Math.max(wait, retryAfterSeconds * 1000);
        nextAttempt = now.plusMillis(wait);
        return first;
    }

    boolean failing() {
        return errorSince != null;
    }

    SourceHealth health() {
        return new SourceHealth(name, lastOk, lastError, errorSince);
    }
}
