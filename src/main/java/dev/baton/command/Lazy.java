package dev.baton.command;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;

/**
 * A value built once, on first use, by the first caller; later callers wait for it without holding any
 * monitor, so building (which may run `gh auth token` or make a client) never blocks an unrelated thread
 * that holds a lock the builder needs. A build that fails is tried again by the next caller.
 */
final class Lazy<T> {
    private final Supplier<T> build;
    private volatile FutureTask<T> task;

    Lazy(Supplier<T> build) {
        this.build = build;
    }

    T get() {
        FutureTask<T> t = task;
        if (t == null) {
            FutureTask<T> mine = new FutureTask<>(build::get);
            synchronized (this) { // only to publish the task: nothing runs under it
                if (task == null) task = mine;
                t = task;
            }
            if (t == mine) mine.run();
        }
        try {
            return t.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for " + build);
        } catch (ExecutionException e) {
            synchronized (this) {
                if (task == t) task = null; // let the next caller try again
            }
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The value if it was built, without building it. */
    T ifBuilt() {
        FutureTask<T> t = task;
        if (t == null || !t.isDone()) return null;
        try {
            return t.get();
        } catch (InterruptedException | ExecutionException | CancellationException e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            return null;
        }
    }

    boolean started() {
        return task != null;
    }
}
