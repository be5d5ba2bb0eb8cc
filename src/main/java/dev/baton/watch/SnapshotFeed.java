package dev.baton.watch;

import dev.baton.model.Event;
import dev.baton.model.Snapshot;

import java.util.List;
import java.util.function.Consumer;

/** What frontends read from the watch engine: the latest snapshot, new ones as they come, recent events. */
public interface SnapshotFeed {
    Snapshot latest();

    /** The listener is called on the engine's thread after every poll (also when nothing changed). */
    void subscribe(Consumer<Snapshot> listener);

    /** The newest events last, at most max. */
    List<Event> recentEvents(int max);
}
