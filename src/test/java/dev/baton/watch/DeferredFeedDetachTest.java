package dev.baton.watch;

import dev.baton.model.Event;
import dev.baton.model.RepoRef;
import dev.baton.model.Snapshot;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** A screen that ends leaves nothing subscribed (baton serve: one engine, many screens over time). */
class DeferredFeedDetachTest {
    /** A feed at the port boundary that records subscriptions. */
    static final class Recording implements SnapshotFeed {
        final List<Consumer<Snapshot>> listeners = new ArrayList<>();
        final Snapshot latest = Snapshot.empty(RepoRef.parse("acme/infra"));

        @Override public Snapshot latest() { return latest; }
        @Override public void subscribe(Consumer<Snapshot> l) { listeners.add(l); }
        @Override public List<Event> recentEvents(int max) { return List.of(); }
    }

    @Test
    void anAttachAfterDetachSubscribesNothing() {
        DeferredFeed feed = new DeferredFeed(Snapshot.empty(RepoRef.parse("acme/infra")));
        List<Snapshot> seen = new ArrayList<>();
        feed.subscribe(seen::add);
        feed.detach();
        Recording real = new Recording();
        feed.attach(real);
        assertThat(real.listeners).isEmpty();
        assertThat(seen).isEmpty();
    }

    @Test
    void beforeDetachAnAttachForwards() {
        DeferredFeed feed = new DeferredFeed(Snapshot.empty(RepoRef.parse("acme/infra")));
        List<Snapshot> seen = new ArrayList<>();
        feed.subscribe(seen::add);
        Recording real = new Recording();
        feed.attach(real);
        assertThat(real.listeners).hasSize(1);
        assertThat(seen).containsExactly(real.latest);
    }
}
