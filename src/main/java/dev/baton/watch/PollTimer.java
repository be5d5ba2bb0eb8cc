package dev.baton.watch;

import dev.baton.model.Sleeper;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * How {@link WatchEngine}s keep the time between their polls. The product's is {@link #SHARED}, on wall time; a test
 * on a manual clock gives {@link #sleeping} with the sleeper that moves the clock, so that the wait between two polls
 * moves the data instead of passing, and a story of sim minutes costs only its requests.
 */
@FunctionalInterface
public interface PollTimer {
    /** The waits of one engine, from its start (its first poll runs at once) to its close. */
    Turns turns();

    interface Turns {
        /** Runs task once, after delay, on a thread of the timer's; the engine waits until then. */
        void next(Runnable task, Duration delay);

        /** The engine stopped: a task not begun never runs. */
        void close();
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
        return () -> new Turns() {
            private ScheduledFuture<?> next;

            @Override
            public synchronized void next(Runnable task, Duration delay) {
                next = timer.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
            }

            @Override
            public synchronized void close() {
                if (next != null) next.cancel(false);
            }
        };
    }

    /**
     * A manual clock's: time moves only when every engine on this timer waits (none is polling), and then to the
     * earliest poll due, by sleeper (which moves wall), on one daemon thread ("baton-watch-sleeper", gone with the
     * last engine). A fleet's members thus take their turns as on wall time: one that fails at once does not race
     * the clock ahead while another's poll is still on its way.
     */
    static PollTimer sleeping(Clock wall, Sleeper sleeper) {
        return new ManualPollTimer(wall, sleeper);
    }
}
