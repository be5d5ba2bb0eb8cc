package dev.baton.watch;

import dev.baton.model.Run;
import dev.baton.model.RunStatus;
import dev.baton.model.RepoRef;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fleet's quiet repository costs one request a poll: its runs listing, which comes back unchanged (a 304 on the
 * wire, the cached answer to the engine); only a change, or heat, reads its concurrency groups again.
 */
class ColdPollTest {
    static final Instant NOW = Instant.parse("2026-12-03T14:00:00Z");

    /** GitHub at the port, counting what the poll asks. */
    static final class CountingGitHub extends WatchEngineThreadsTest.HangingGitHub {
        final AtomicInteger runsReads = new AtomicInteger(), groupListings = new AtomicInteger();
        volatile List<Run> runs = List.of();

        @Override
        public Map<String, String> files(String folder, String... suffixes) {
            return Map.of();
        }

        @Override
        public List<Run> recentRuns(int perPage) {
            runsReads.incrementAndGet();
            return runs;
        }

        @Override
        public Optional<List<String>> activeGroupNames() {
            groupListings.incrementAndGet();
            return Optional.of(List.of());
        }

        int requests() {
            return runsReads.get() + groupListings.get();
        }
    }

    final CountingGitHub github = new CountingGitHub();

    WatchEngine engine(boolean byHeat) {
        return new WatchEngine(new RepoRef("acme", "app"), github, Topology.fixed(Topology.Layout.EMPTY), List.of(),
                WatchSettings.defaults().byHeat(byHeat), Clock.fixed(NOW, ZoneOffset.UTC), null);
    }

    @Test
    void aColdPollWhoseRunsListingIsUnchangedMakesNoFurtherRequest() {
        github.runs = List.of(WatchEngineHeatTest.run(RunStatus.COMPLETED, NOW.minus(Duration.ofHours(2))));
        try (WatchEngine e = engine(true)) {
            e.pollOnce(); // nothing known yet: hot, everything read
            assertThat(github.groupListings).hasValue(1);
            assertThat(Heat.of(e.latest(), NOW)).isEqualTo(Heat.Level.COLD);
            int before = github.requests();
            e.pollOnce();
            assertThat(github.requests() - before).as("the runs listing alone").isEqualTo(1);
            assertThat(github.groupListings).hasValue(1);

            github.runs = List.of(WatchEngineHeatTest.run(RunStatus.QUEUED, NOW)); // activity: the listing changed
            e.pollOnce();
            assertThat(github.groupListings).as("a changed listing reads the groups").hasValue(2);
            assertThat(Heat.of(e.latest(), NOW)).isEqualTo(Heat.Level.HOT);
            e.pollOnce();
            assertThat(github.groupListings).as("hot: groups at every poll, changed or not").hasValue(3);
        }
    }

    @Test
    void oneRepositoryWatchedAloneReadsItsGroupsAtEveryPollAsBefore() {
        github.runs = List.of(WatchEngineHeatTest.run(RunStatus.COMPLETED, NOW.minus(Duration.ofHours(2))));
        try (WatchEngine e = engine(false)) {
            for (int i = 0; i < 3; i++) e.pollOnce();
            assertThat(github.runsReads).hasValue(3);
            assertThat(github.groupListings).hasValue(3);
        }
    }

    @Test
    void aColdRepositoryKeepsItsSnapshotWhenItsPollIsLight() {
        github.runs = List.of(WatchEngineHeatTest.run(RunStatus.COMPLETED, NOW.minus(Duration.ofHours(2))));
        try (WatchEngine e = engine(true)) {
            var first = e.pollOnce();
            var second = e.pollOnce();
            assertThat(second.runs()).isEqualTo(first.runs());
            assertThat(second.groups()).isEqualTo(first.groups());
            assertThat(second.health().get("github").healthy()).isTrue();
            assertThat(e.recentEvents(10)).as("nothing happened").isEmpty();
        }
    }
}
