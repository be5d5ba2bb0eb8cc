package dev.baton.watch;

import dev.baton.model.Sleeper;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How a {@link WatchEngine} keeps the time between its polls. The product's is {@link #SHARED}, on wall time; a
 * test on a manual clock gives {@link #sleeping} with the sleeper that moves the clock, so that the wait between
 * two polls moves the data instead of passing, and a story of sim minutes costs only its requests.
 */
@FunctionalInterface
public interface PollTimer {
    /** Runs task once, after delay, on a thread of the timer's; what is returned stops it if it has not begun. */
    Cancellable schedule(Runnable task, Duration delay);

    interface Cancellable {
        void cancel();
    }

    /**
     * One timer thread ("baton-watch-timer", a daemon) for every engine of the process: a fleet's 300 cold
     * repositories, polled once a minute, kept 300 threads (~40 MB) when each engine waited on its own.
     */
    PollTimer SHARED = onTimerThread();

    private static PollTimer onTimerThread() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "baton-watch-timer");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true); // a closed engine's next tick does not stay queued
        return (task, delay) -> {
            var f = timer.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
            return () -> f.cancel(false);
        };
    }

    /**
     * Waits with sleeper (a manual clock's advance) and then runs the task, one wait at a time on one daemon thread
     * ("baton-watch-sleeper", gone when idle): every engine given this timer (a fleet's members) moves the clock in
     * turn, never two at once.
     */
    static PollTimer sleeping(Sleeper sleeper) {
        ThreadPoolExecutor one = new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "baton-watch-sleeper");
            t.setDaemon(true);
            return t;
        });
        one.allowCoreThreadTimeOut(true);
        ExecutorService waits = one;
        return (task, delay) -> {
            AtomicBoolean cancelled = new AtomicBoolean();
            waits.execute(() -> {
                if (cancelled.get()) return;
                try {
                    sleeper.sleep(delay);
                } catch (InterruptedException e) {
                    return; // the thread is the timer's: nobody else interrupts it
                }
                if (!cancelled.get()) task.run();
            });
            return () -> cancelled.set(true);
        };
    }
}
