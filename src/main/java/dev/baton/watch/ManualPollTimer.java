package dev.baton.watch;

import dev.baton.model.Sleeper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * {@link PollTimer#sleeping}: every engine's turn, and the one thread that moves the manual clock from one poll due to
 * the next once no engine is polling.
 */
final class ManualPollTimer implements PollTimer {
    private final Clock wall;
    private final Sleeper sleeper;
    /** Guarded by this. */
    private final Set<Turn> turns = new LinkedHashSet<>();
    private Thread mover;

    ManualPollTimer(Clock wall, Sleeper sleeper) {
        this.wall = wall;
        this.sleeper = sleeper;
    }

    /** One engine's: polling (task null), or waiting for task at due. Guarded by the timer. */
    private final class Turn implements Turns {
        Runnable task;
        Instant due;

        @Override
        public void next(Runnable t, Duration delay) {
            synchronized (ManualPollTimer.this) {
                if (!turns.contains(this)) return;
                task = t;
                due = wall.instant().plus(delay);
                ManualPollTimer.this.notifyAll();
            }
        }

        @Override
        public void close() {
            synchronized (ManualPollTimer.this) {
                turns.remove(this);
                ManualPollTimer.this.notifyAll();
            }
        }
    }

    @Override
    public synchronized Turns turns() {
        Turn t = new Turn();
        turns.add(t);
        if (mover == null) {
            mover = new Thread(this::move, "baton-watch-sleeper");
            mover.setDaemon(true);
            mover.start();
        }
        return t;
    }

    /** Until the last engine closes: waits until every engine waits, moves the clock to the earliest due, runs its task. */
    private void move() {
        try {
            while (true) {
                Turn first = nextDue();
                if (first == null) return;
                Runnable task;
                synchronized (this) {
                    task = first.task;
                    first.task = null; // its engine polls from now until its next wait
                }
                Duration ahead = Duration.between(wall.instant(), first.due);
                if (ahead.compareTo(Duration.ZERO) > 0) sleeper.sleep(ahead); // none when something else moved the clock there
                synchronized (this) {
                    if (!turns.contains(first)) continue; // closed meanwhile
                }
                task.run();
            }
        } catch (InterruptedException e) {
            // nobody but the JVM's end interrupts this thread
        } finally {
            synchronized (this) {
                if (mover == Thread.currentThread()) mover = null;
            }
        }
    }

    /** The waiting turn due first, once no engine polls; null when none is left. */
    private synchronized Turn nextDue() throws InterruptedException {
        while (!turns.isEmpty()) {
            Turn first = null;
            boolean polling = false;
            for (Turn t : turns) {
                if (t.task == null) polling = true;
                else if (first == null || t.due.isBefore(first.due)) first = t;
            }
            if (!polling && first != null) return first;
            wait();
        }
        mover = null;
        return null;
    }
}
