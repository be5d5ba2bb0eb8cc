package dev.baton.sandbox;

import java.time.Duration;
import java.time.Instant;

/**
 * Sim time. Scaled: start + real elapsed x speed, so a five-minute story runs in seconds at speed 100.
 * Manual (speed 0): time moves only when the engine is advanced, action by action, which makes
 * engine tests exact and free of sleeps.
 */
final class SimClock {
    private final Instant start;
    private final double speed;
    private final long t0 = System.nanoTime();
    private volatile Instant manualNow;
    /** Scaled clock: sim time skipped ahead at once ({@link #skip}), on top of real elapsed x speed. */
    private volatile long skippedNanos;

    SimClock(Instant start, double speed) {
        this.start = start;
        this.speed = speed;
        this.manualNow = start;
    }

    boolean manual() {
        return speed <= 0;
    }

    double speed() {
        return speed;
    }

    Instant start() {
        return start;
    }

    Instant now() {
        if (manual()) return manualNow;
        long real = System.nanoTime() - t0;
        return start.plusNanos((long) (real * speed) + skippedNanos);
    }

    /** Real nanoseconds until sim time t (<= 0 when due). */
    long realNanosUntil(Instant t) {
        long simNanos = Duration.between(now(), t).toNanos();
        return (long) (simNanos / speed);
    }

    /** Scaled mode: jumps sim time forward by d (callers hold the scheduler's lock, so jumps do not race). */
    void skip(Duration d) {
        skippedNanos += d.toNanos();
    }

    /** Manual mode: moves time forward (never back). */
    void advanceTo(Instant t) {
        if (t.isAfter(manualNow)) manualNow = t;
    }
}
