package dev.baton.watch;

import dev.baton.model.Event;
import dev.baton.model.Snapshot;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A feed the screen can draw from before any client exists: it serves an empty snapshot until the real
 * feed is attached (clients take about a second to build), then forwards everything. So data never
 * blocks the first frame.
 */
public final class DeferredFeed implements SnapshotFeed {
    private final List<Consumer<Snapshot>> listeners = new CopyOnWriteArrayList<>();
    private volatile Snapshot placeholder;
    private volatile SnapshotFeed target;
    private boolean detached;

    public DeferredFeed(Snapshot placeholder) {
        this.placeholder = placeholder;
    }

    /** Attaches the real feed; listeners subscribed so far move to it and get its latest snapshot at once. */
    public synchronized void attach(SnapshotFeed feed) {
        if (detached) return;
        target = feed;
        for (Consumer<Snapshot> l : listeners) feed.subscribe(l);
        Snapshot now = feed.latest();
        for (Consumer<Snapshot> l : listeners) l.accept(now);
    }

    /** Replaces the placeholder (e.g. with one whose health says why no data came) and tells listeners. */
    public synchronized void placeholder(Snapshot s) {
        placeholder = s;
        if (target == null) for (Consumer<Snapshot> l : listeners) l.accept(s);
    }

    /**
     * The frontend is gone: its listeners leave the engine (one engine outlives many screens under
     * `baton serve`), and an attach still under way attaches nothing.
     */
    public synchronized void detach() {
        detached = true;
        if (target instanceof WatchEngine engine) for (Consumer<Snapshot> l : listeners) engine.unsubscribe(l);
        listeners.clear();
    }

    @Override
    public Snapshot latest() {
        SnapshotFeed t = target;
        return t == null ? placeholder : t.latest();
    }

    @Override
    public synchronized void subscribe(Consumer<Snapshot> listener) {
        if (detached) return;
        listeners.add(listener);
        if (target != null) target.subscribe(listener);
    }

    @Override
    public List<Event> recentEvents(int max) {
        SnapshotFeed t = target;
        return t == null ? List.of() : t.recentEvents(max);
    }
}
