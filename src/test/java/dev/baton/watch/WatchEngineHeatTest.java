package dev.baton.watch;

import dev.baton.github.GitHubException;
import dev.baton.model.Conclusion;
import dev.baton.model.Event;
import dev.baton.model.RateLimit;
import dev.baton.model.RepoRef;
import dev.baton.model.Run;
import dev.baton.model.RunStatus;
import dev.baton.model.Snapshot;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine's loop paces itself by the repository's heat, and a poll GitHub's limits hold is no failure. */
class WatchEngineHeatTest {
    static final Instant NOW = Instant.parse("2026-12-03T14:00:00Z");

    static Run run(RunStatus status, Instant updated) {
        return new Run(7, "deploy", ".github/workflows/deploy.yml", 7, 1, "push", "alice", "abc", "main", "t",
                status, status == RunStatus.COMPLETED ? Conclusion.SUCCESS : null, updated, updated, updated, null);
    }

    /** GitHub at the port: the runs it lists, and a hold of GitHub's limits when set. */
    static final class FakeGitHub extends WatchEngineThreadsTest.HangingGitHub {
        volatile List<Run> runs = List.of();
        volatile Instant heldUntil;

        @Override
        public Map<String, String> files(String folder, String... suffixes) {
            return Map.of();
        }

        @Override
        public List<Run> recentRuns(int perPage) {
            // as hub4j says a 429 it met: no retry-after in the exception, only the scheduler knows the hold
            if (heldUntil != null) throw new GitHubException(429, "list runs: 429 too many requests: Abuse limit reached", 0);
            return runs;
        }

        @Override
        public RateLimit rateLimit() {
            return RateLimit.UNKNOWN;
        }

        @Override
        public Duration heldFor() {
            return heldUntil == null ? null : Duration.between(NOW, heldUntil);
        }
    }

    final FakeGitHub github = new FakeGitHub();
    final WatchEngine engine = new WatchEngine(new RepoRef("acme", "app"), github, Topology.fixed(Topology.Layout.EMPTY), List.of(),
            WatchSettings.defaults().byHeat(true), Clock.fixed(NOW, ZoneOffset.UTC), null);

    @Test
    void oneRepositoryWatchedAloneIsPolledAtTheIntervalEvenWhenCold() {
        try (WatchEngine alone = new WatchEngine(new RepoRef("acme", "app"), github, Topology.fixed(Topology.Layout.EMPTY), List.of(),
                WatchSettings.defaults(), Clock.fixed(NOW, ZoneOffset.UTC), null)) {
            alone.pollOnce();
            assertThat(alone.nextDelay()).as("a new deploy must show within the refresh").isEqualTo(Duration.ofSeconds(5));
        }
    }

    @Test
    void coldWarmAndHotRepositoriesArePolledAtTheirPace() {
        try (engine) {
            engine.pollOnce();
            assertThat(engine.nextDelay()).as("cold: nothing ran in the last half hour").isEqualTo(Duration.ofSeconds(60));
            github.runs = List.of(run(RunStatus.COMPLETED, NOW.minus(Duration.ofMinutes(10))));
            engine.pollOnce();
            assertThat(engine.nextDelay()).as("warm").isEqualTo(Duration.ofSeconds(20));
            github.runs = List.of(run(RunStatus.IN_PROGRESS, NOW));
            engine.pollOnce();
            assertThat(engine.nextDelay()).as("hot: at the refresh interval").isEqualTo(Duration.ofSeconds(5));
        }
    }

    @Test
    void aHeldPollKeepsTheDataAndSaysUntilWhenNotAnError() {
        try (engine) {
            github.runs = List.of(run(RunStatus.IN_PROGRESS, NOW));
            engine.pollOnce();
            github.heldUntil = NOW.plusSeconds(30);
            Snapshot s = engine.pollOnce();
            assertThat(s.rateLimit().limitedUntil()).isEqualTo(NOW.plusSeconds(30));
            assertThat(s.health().get("github").healthy()).as("a wait, not a failing source").isTrue();
            assertThat(s.runs()).as("the runs as of the last answer").hasSize(1);
            assertThat(engine.recentEvents(10)).noneMatch(e -> e.kind() == Event.Kind.SOURCE_ERROR);
        }
    }

    @Test
    void theHoldIsDatedOnTheDatasClockNotTheMachines() {
        // the demo's sim time (or GitHub's clock on a skewed bastion) runs ahead of the clock the scheduler keeps holds on
        Instant dataNow = NOW.plus(Duration.ofMinutes(7));
        try (WatchEngine ahead = new WatchEngine(new RepoRef("acme", "app"), github, Topology.fixed(Topology.Layout.EMPTY), List.of(),
                WatchSettings.defaults(), Clock.fixed(dataNow, ZoneOffset.UTC), null)) {
            github.heldUntil = NOW.plusSeconds(30); // held 30 s more, on the machine's clock
            Snapshot s = ahead.pollOnce();
            assertThat(s.rateLimit().limitedUntil()).as("30 s after the snapshot's own time").isEqualTo(dataNow.plusSeconds(30));
        }
    }
}
