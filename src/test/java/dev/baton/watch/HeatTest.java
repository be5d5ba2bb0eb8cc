package dev.baton.watch;

import dev.baton.model.ApiMode;
import dev.baton.model.Conclusion;
import dev.baton.model.Finding;
import dev.baton.model.LockLocation;
import dev.baton.model.RateLimit;
import dev.baton.model.RepoRef;
import dev.baton.model.Run;
import dev.baton.model.RunStatus;
import dev.baton.model.Severity;
import dev.baton.model.Snapshot;
import dev.baton.model.StateLock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.baton.watch.Heat.Level.COLD;
import static dev.baton.watch.Heat.Level.HOT;
import static dev.baton.watch.Heat.Level.WARM;
import static org.assertj.core.api.Assertions.assertThat;

class HeatTest {
    static final Instant NOW = Instant.parse("2026-12-03T14:00:00Z");
    static final Duration REFRESH = Duration.ofSeconds(5);

    static Run run(RunStatus status, Instant updated) {
        return new Run(1, "deploy", ".github/workflows/deploy.yml", 1, 1, "push", "alice", "abc", "main", "t",
                status, status == RunStatus.COMPLETED ? Conclusion.SUCCESS : null, updated, updated, updated, null);
    }

    static Snapshot snap(List<Run> runs, List<StateLock> locks, List<Finding> findings) {
        return new Snapshot(NOW, RepoRef.parse("acme/app"), ApiMode.CONCURRENCY_API, RateLimit.UNKNOWN, runs, List.of(), locks, List.of(),
                findings, Map.of());
    }

    @Test
    void aRunQueuedOrRunningALockHeldOrAWarningMakeItHot() {
        assertThat(Heat.of(snap(List.of(run(RunStatus.QUEUED, NOW.minus(Duration.ofHours(3)))), List.of(), List.of()), NOW)).isEqualTo(HOT);
        assertThat(Heat.of(snap(List.of(run(RunStatus.IN_PROGRESS, NOW)), List.of(), List.of()), NOW)).isEqualTo(HOT);
        StateLock lock = new StateLock(new LockLocation(LockLocation.Kind.S3, "state", "prod/terraform.tfstate.tflock", "prod", null),
                null, "{}", null, NOW, null);
        assertThat(Heat.of(snap(List.of(), List.of(lock), List.of()), NOW)).isEqualTo(HOT);
        Finding stale = new Finding(Finding.Kind.STALE_LOCK, Severity.WARNING, "s3://state/prod", "stale", List.of(), NOW);
        assertThat(Heat.of(snap(List.of(), List.of(), List.of(stale)), NOW)).isEqualTo(HOT);
        Finding info = new Finding(Finding.Kind.LOCK_HELD, Severity.INFO, "s3://state/prod", "held by #5", List.of(), NOW);
        assertThat(Heat.of(snap(List.of(), List.of(), List.of(info)), NOW)).as("an INFO note alone is no alarm").isEqualTo(COLD);
    }

    @Test
    void activityInTheLastHalfHourIsWarmOlderIsCold() {
        assertThat(Heat.of(snap(List.of(run(RunStatus.COMPLETED, NOW.minus(Duration.ofMinutes(29)))), List.of(), List.of()), NOW)).isEqualTo(WARM);
        assertThat(Heat.of(snap(List.of(run(RunStatus.COMPLETED, NOW.minus(Duration.ofMinutes(31)))), List.of(), List.of()), NOW)).isEqualTo(COLD);
        assertThat(Heat.of(snap(List.of(), List.of(), List.of()), NOW)).isEqualTo(COLD);
    }

    @Test
    void nothingKnownYetIsHot() {
        assertThat(Heat.of(Snapshot.empty(RepoRef.parse("acme/app")), NOW)).isEqualTo(HOT);
    }

    @Test
    void intervalsAtTheDefaultRefreshAndAtAFastOne() {
        assertThat(Heat.interval(HOT, REFRESH)).isEqualTo(Duration.ofSeconds(5));
        assertThat(Heat.interval(WARM, REFRESH)).isEqualTo(Duration.ofSeconds(20));
        assertThat(Heat.interval(COLD, REFRESH)).isEqualTo(Duration.ofSeconds(60));
        assertThat(Heat.interval(WARM, Duration.ofSeconds(10))).as("warm: at most 30 s").isEqualTo(Duration.ofSeconds(30));
        assertThat(Heat.interval(COLD, Duration.ofSeconds(30))).as("cold: at most 60 s").isEqualTo(Duration.ofSeconds(60));
        assertThat(Heat.interval(COLD, Duration.ofMinutes(2))).as("never faster than the refresh").isEqualTo(Duration.ofMinutes(2));
        assertThat(Heat.interval(COLD, Duration.ofMillis(300))).isEqualTo(Duration.ofMillis(3600));
    }

    @Test
    void theNextPollIsTheLastOnePlusItsHeatsInterval() {
        Snapshot cold = snap(List.of(), List.of(), List.of());
        assertThat(Heat.nextPoll(cold, NOW.plusSeconds(1), REFRESH)).isEqualTo(NOW.plusSeconds(60));
        Snapshot hot = snap(List.of(run(RunStatus.IN_PROGRESS, NOW)), List.of(), List.of());
        assertThat(Heat.nextPoll(hot, NOW.plusSeconds(1), REFRESH)).isEqualTo(NOW.plusSeconds(5));
    }
}
