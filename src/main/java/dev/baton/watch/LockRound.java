package dev.baton.watch;

import dev.baton.model.Event;
import dev.baton.model.StateLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * One poll's lock reads, each source on its own thread beside GitHub's requests (an S3 client's first
 * request alone costs a few hundred ms of SDK start-up). {@link #start()} once the layout is known;
 * {@link #finish} starts them if GitHub was not polled, waits, and applies the results on the engine's thread.
 */
final class LockRound {
    private static final Logger LOG = LoggerFactory.getLogger(WatchEngine.class); // the engine's log, as before the split

    private final Instant now;
    /** Read at start(): the GitHub side of the poll may have resolved a new layout by then. */
    private final Supplier<List<LockSource>> sources;
    /** Source name -> its backoff; each source's entry is touched only by its own poll. */
    private final Map<String, Backoff> health;
    private final Duration interval;
    /** The engine's lock threads; throws RejectedExecutionException once closed (then a source is read inline). */
    private final Supplier<ExecutorService> pool;
    private final List<CompletableFuture<Polled>> polls = new ArrayList<>();
    private boolean started;

    LockRound(Instant now, Supplier<List<LockSource>> sources, Map<String, Backoff> health, Duration interval,
              Supplier<ExecutorService> pool) {
        this.now = now;
        this.sources = sources;
        this.health = health;
        this.interval = interval;
        this.pool = pool;
    }

    void start() {
        if (started) return;
        started = true;
        for (LockSource source : sources.get()) {
            Backoff b = health.get(source.name());
            try {
                polls.add(CompletableFuture.supplyAsync(() -> poll(source, b), pool.get()));
            } catch (RejectedExecutionException closed) {
                polls.add(CompletableFuture.completedFuture(poll(source, b)));
            }
        }
    }

    /** Waits for every source, puts the locks of those that answered into locksBySource; returns the events. */
    List<Event> finish(Map<String, List<StateLock>> locksBySource) {
        start();
        List<Event> out = new ArrayList<>();
        for (CompletableFuture<Polled> f : polls) {
            Polled p = f.join(); // poll catches what a source throws
            if (p.locks() != null) locksBySource.put(p.source(), p.locks());
            out.addAll(p.events());
        }
        return out;
    }

    /** One lock source's poll: its locks (null when not due or failed) and the events it caused. Runs off the engine's thread. */
    private Polled poll(LockSource source, Backoff b) {
        List<Event> out = new ArrayList<>();
        if (!b.due(now)) return new Polled(source.name(), null, out);
        try {
            List<StateLock> locks = source.list();
            if (b.failing()) out.add(new Event(now, Event.Kind.SOURCE_RECOVERED, source.name(), source.name() + " answers again", 0));
            b.ok(now);
            return new Polled(source.name(), locks, out);
        } catch (RuntimeException e) {
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (b.failed(now, msg, interval, 0)) {
                out.add(new Event(now, Event.Kind.SOURCE_ERROR, source.name(), msg, 0));
            }
            LOG.warn("lock poll of {} failed: {}", source.name(), msg);
            return new Polled(source.name(), null, out);
        }
    }

    private record Polled(String source, List<StateLock> locks, List<Event> events) {
    }
}
