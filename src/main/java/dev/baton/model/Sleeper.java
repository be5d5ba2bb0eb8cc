package dev.baton.model;

import java.time.Duration;

/**
 * How baton waits on wall time (GitHub's retry backoff, the polling loops of rapid-fire and logs --follow),
 * beside the clock it reads: the product sleeps for real; a test gives one that returns at once (or moves a
 * manual clock), so that its stories wait for conditions, never for a fixed time.
 */
@FunctionalInterface
public interface Sleeper {
    /** Thread.sleep. */
    Sleeper SYSTEM = d -> {
        if (d.isNegative() || d.isZero()) return;
        Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);
    };

    void sleep(Duration d) throws InterruptedException;
}
