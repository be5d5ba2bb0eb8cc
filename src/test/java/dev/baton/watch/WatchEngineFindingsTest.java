package dev.baton.watch;

import dev.baton.model.Finding;
import dev.baton.model.Snapshot;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.baton.watch.FindingsTest.T0;
import static dev.baton.watch.FindingsTest.lock;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Findings across polls, through the engine: each keeps the time it was first seen (it used to be stamped
 * with every poll's time, so all findings looked equally new and an old EVICTED stood above a fresh
 * STALE LOCK), and they come most severe first, then newest first.
 */
class WatchEngineFindingsTest {
    static Finding only(Snapshot s, Finding.Kind kind) {
        return s.findings().stream().filter(f -> f.kind() == kind).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " in " + s.findings()));
    }

    @Test
    void findingsKeepTheirFirstSightingAndTheNewestStandsAboveTheOldAtTheSameSeverity() {
        try (EvictionThenStaleLock script = new EvictionThenStaleLock()) {
            assertThat(script.held().findings()).extracting(Finding::kind).containsExactly(Finding.Kind.LOCK_HELD);

            Snapshot p2 = script.evicted();
            Instant evictedAt = script.clock.now;
            assertThat(only(p2, Finding.Kind.EVICTED).seenAt()).isEqualTo(evictedAt);
            assertThat(only(p2, Finding.Kind.EVICTED).runId()).as("the evicted run").isEqualTo(2);

            script.crashed(Duration.ofMinutes(3));
            Instant staleAt = script.clock.now;
            Snapshot p4 = script.later(Duration.ofMinutes(2));

            assertThat(only(p4, Finding.Kind.EVICTED).seenAt()).as("kept from poll 2, not re-stamped").isEqualTo(evictedAt);
            assertThat(only(p4, Finding.Kind.STALE_LOCK).seenAt()).as("kept from poll 3").isEqualTo(staleAt);
            assertThat(p4.findings()).extracting(Finding::kind)
                    .as("same severity: the new STALE LOCK above the older EVICTED")
                    .containsExactly(Finding.Kind.STALE_LOCK, Finding.Kind.EVICTED);
            assertThat(p4.findings()).isSortedAccordingTo(Finding.ORDER);
        }
    }

    @Test
    void aLockVerdictSuspendedWhileGitHubIsUnreadKeepsItsTimeAndOneThatWentAwayIsNewAgain() {
        try (EvictionThenStaleLock script = new EvictionThenStaleLock()) {
            script.held();
            script.evicted();
            script.crashed(Duration.ofMinutes(3));
            Instant staleAt = script.clock.now;

            script.github.down = true;
            assertThat(script.later(Duration.ofSeconds(10)).findings()).extracting(Finding::kind).doesNotContain(Finding.Kind.STALE_LOCK);
            script.github.down = false;
            assertThat(only(script.later(Duration.ofMinutes(1)), Finding.Kind.STALE_LOCK).seenAt()).isEqualTo(staleAt);

            script.locks = List.of();
            assertThat(script.later(Duration.ofSeconds(10)).findings()).extracting(Finding::kind).doesNotContain(Finding.Kind.STALE_LOCK);
            script.locks = List.of(lock("2222", T0.plusSeconds(5)));
            Snapshot back = script.later(Duration.ofSeconds(10));
            assertThat(only(back, Finding.Kind.STALE_LOCK).seenAt()).isEqualTo(script.clock.now);
        }
    }

    @Test
    void theSnapshotCarriesGitHubsEnvironmentOfEachRunAsItsFileNamesIt() {
        try (EvictionThenStaleLock script = new EvictionThenStaleLock()) {
            script.github.files = Map.of(".github/workflows/deploy-prod.yml", dev.baton.github.WorkflowEnvironmentTest.PROD);
            Snapshot s = script.held();
            assertThat(s.environment(1)).contains("production");
            assertThat(s.environments()).containsOnlyKeys(1L, 2L);
        }
    }
}
