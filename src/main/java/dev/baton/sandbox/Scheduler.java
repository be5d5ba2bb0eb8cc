package dev.baton.sandbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The sandbox's one lock and its queue of timed actions on the sim clock. Actions run one at a time,
 * without the lock held (they take it themselves): on the driver thread "baton-sandbox-engine" in scaled
 * mode, or inside {@link #runUntil} on the caller's thread with the manual clock.
 */
final class Scheduler {
    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

    private record Timed(Instant at, long seq, String what, Runnable action) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    /** Earliest first; equal times in the order they were queued. */
    private final PriorityQueue<Timed> queue = new PriorityQueue<>(
            Comparator.comparing(Timed::at).thenComparingLong(Timed::seq));
    private final SimClock clock;
    private long seq;
    private volatile boolean closed;
    private Thread driver;

    Scheduler(SimClock clock) {
        this.clock = clock;
    }

    Instant now() {
        return clock.now();
    }

    <T> T locked(Supplier<T> body) {
        lock.lock();
        try {
            return body.get();
        } finally {
            lock.unlock();
        }
    }

    void lockedRun(Runnable body) {
        lock.lock();
        try {
            body.run();
        } finally {
            lock.unlock();
        }
    }

    /** Queues an action at sim time at (now if earlier). The action runs without the lock held. */
    void schedule(Instant at, String what, Runnable action) {
        lockedRun(() -> {
            queue.add(new Timed(at, seq++, what, action));
            wake.signalAll();
        });
    }

    /** Scaled clock: starts the driver thread. The manual clock has none. */
    void start() {
        if (clock.manual()) return;
        driver = new Thread(this::drive, "baton-sandbox-engine");
        driver.setDaemon(true);
        driver.start();
    }

    private void drive() {
        while (!closed) {
            Timed next = null;
            lock.lock();
            try {
                while (!closed && next == null) {
                    Timed head = queue.peek();
                    if (head == null) {
                        wake.await();
                        continue;
                    }
                    long wait = clock.realNanosUntil(head.at());
                    if (wait > 0) {
                        wake.awaitNanos(wait);
                        continue;
                    }
                    next = queue.poll();
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            if (next != null) execute(next);
        }
    }

    private void execute(Timed t) {
        try {
            t.action().run();
        } catch (RuntimeException e) {
            LOG.warn("sandbox action '{}' failed", t.what(), e);
        }
    }

    /**
     * Manual clock: runs actions in time order until cond holds (checked before each action) or max sim
     * time has passed, then sets time to now + max. Returns whether cond holds.
     */
    boolean runUntil(BooleanSupplier cond, Duration max) {
        if (!clock.manual()) throw new IllegalStateException("runUntil needs the manual clock (speed 0); use awaitUntil");
        Instant target = clock.now().plus(max);
        while (true) {
            if (cond.getAsBoolean()) return true;
            Timed next;
            lock.lock();
            try {
                next = queue.peek();
                if (next == null || next.at().isAfter(target)) {
                    clock.advanceTo(target);
                    next = null;
                } else {
                    queue.poll();
                    clock.advanceTo(next.at());
                }
            } finally {
                lock.unlock();
            }
            if (next == null) return cond.getAsBoolean();
            execute(next);
        }
    }

    /** Scaled clock: jumps sim time forward by d and wakes the driver, which runs what fell due in time order. */
    void skip(Duration d) {
        if (clock.manual()) throw new IllegalStateException("skip needs the scaled clock; the manual clock is advanced with runUntil");
        if (d.isNegative()) throw new IllegalArgumentException("sim time never goes back: " + d);
        lockedRun(() -> {
            clock.skip(d);
            wake.signalAll();
        });
    }

    /** Scaled clock: waits (real time) until cond holds, polling. Returns whether it does. */
    boolean awaitUntil(BooleanSupplier cond, Duration realTimeout) {
        long deadline = System.nanoTime() + realTimeout.toNanos();
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) return false;
            try {
                TimeUnit.MILLISECONDS.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Stops the driver (waits at most 2 s for the action in flight); queued actions are dropped. */
    void close() {
        closed = true;
        lockedRun(wake::signalAll);
        if (driver != null) {
            try {
                driver.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
