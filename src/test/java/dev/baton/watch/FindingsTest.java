package dev.baton.watch;

import dev.baton.model.ApiMode;
import dev.baton.model.ConcurrencyGroup;
import dev.baton.model.Conclusion;
import dev.baton.model.Event;
import dev.baton.model.Finding;
import dev.baton.model.GroupMember;
import dev.baton.model.GroupSource;
import dev.baton.model.LockInfo;
import dev.baton.model.LockLocation;
import dev.baton.model.RateLimit;
import dev.baton.model.RepoRef;
import dev.baton.model.Run;
import dev.baton.model.RunStatus;
import dev.baton.model.Snapshot;
import dev.baton.model.StateLock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FindingsTest {
    static final Instant T0 = Instant.parse("2026-11-26T14:00:00Z");
    static final RepoRef REPO = new RepoRef("acme", "deploy");
    static final EnvironmentSpec PROD = new EnvironmentSpec("prod", 3, List.of("deploy-production"), List.of("deploy-prod.yml"),
            List.of("s3://state/prod/terraform.tfstate.tflock"));

    static Run run(long id, String wf, RunStatus status, Conclusion c, Instant created, Instant started, Instant updated, String sha) {
        return new Run(id, wf, ".github/workflows/" + wf, id, 1, "workflow_dispatch", "alice", sha, "main", "t",
                status, c, created, started, updated, null);
    }

    static StateLock lock(String id, Instant created) {
        return new StateLock(new LockLocation(LockLocation.Kind.S3, "state", "prod/terraform.tfstate.tflock", "prod", null),
                new LockInfo(id, "OperationTypeApply", "", "runner@fv-az1", "1.11.4", created.toString(), created, "state/prod/terraform.tfstate"),
                "{}", "\"etag\"", created, null);
    }

    static Snapshot snap(Instant at, List<Run> runs, List<ConcurrencyGroup> groups, List<StateLock> locks) {
        return new Snapshot(at, REPO, ApiMode.CONCURRENCY_API, RateLimit.UNKNOWN, runs, groups, locks, List.of(), List.of(), Map.of());
    }

    final Findings findings = new Findings(WatchSettings.defaults());

    @Test
    void lockWithNoLiveRunOfItsGroupIsStaleWithEvidence() {
        Instant now = T0.plus(Duration.ofMinutes(20));
        Run crashed = run(7, "deploy-prod.yml", RunStatus.COMPLETED, Conclusion.FAILURE, T0, T0.plusSeconds(5), T0.plusSeconds(90), "abc1234");
        Snapshot s = snap(now, List.of(crashed), List.of(), List.of(lock("11111111-aaaa", T0.plusSeconds(30))));
        List<Finding> f = findings.evaluate(s, List.of(PROD), Map.of(), now);
        assertThat(f).extracting(Finding::kind).containsExactly(Finding.Kind.STALE_LOCK);
        assertThat(f.get(0).evidence()).anyMatch(e -> e.contains("deploy-prod.yml #7") && e.contains("failure"));
    }

    @Test
    void lockEvidenceStatesTheCreationTimeNotAnAgeThatGoesStale() {
        Instant now = T0.plus(Duration.ofMinutes(20));
        Instant created = T0.plusSeconds(30);
        Snapshot s = snap(now, List.of(), List.of(), List.of(lock("11111111-aaaa", created)));
        List<String> evidence = findings.evaluate(s, List.of(PROD), Map.of(), now).get(0).evidence();
        assertThat(evidence.get(0)).isEqualTo("created " + dev.baton.model.Times.clock(created) + " by runner@fv-az1, OperationTypeApply");
        assertThat(evidence).noneMatch(e -> e.contains(" ago"));
    }

    @Test
    void lockOfARunningApplyIsHeldNotStale() {
        Instant now = T0.plus(Duration.ofMinutes(2));
        Run running = run(8, "deploy-prod.yml", RunStatus.IN_PROGRESS, Conclusion.NONE, T0, T0.plusSeconds(5), now, "abc1234");
        Snapshot s = snap(now, List.of(running), List.of(), List.of(lock("2222", T0.plusSeconds(30))));
        List<Finding> f = findings.evaluate(s, List.of(PROD), Map.of(), now);
        assertThat(f).extracting(Finding::kind).containsExactly(Finding.Kind.LOCK_HELD);
        assertThat(f.get(0).summary()).contains("#8");
    }

    /**
     * A job-level group three minutes in: run 20's deploy job runs (and took the lock 30 s in), run 21 is in
     * progress too (its plan job) while its deploy job waits in the group behind run 20's.
     */
    static Snapshot jobLevelHandOff(StateLock lock) {
        Instant now = T0.plus(Duration.ofMinutes(3));
        Run holder = run(20, "deploy-prod.yml", RunStatus.IN_PROGRESS, Conclusion.NONE, T0, T0.plusSeconds(5), now, "aaaaaaa");
        Run waiting = run(21, "deploy-prod.yml", RunStatus.IN_PROGRESS, Conclusion.NONE, T0.plusSeconds(10), T0.plusSeconds(12), now, "bbbbbbb");
        ConcurrencyGroup g = new ConcurrencyGroup("deploy-production", List.of(
                new GroupMember(20, "a", 200L, "deploy", RunStatus.IN_PROGRESS, 0),
                new GroupMember(21, "b", 210L, "deploy", RunStatus.PENDING, 1)), null, GroupSource.API, false, List.of("deploy-prod.yml"));
        return snap(now, List.of(waiting, holder), List.of(g), List.of(lock));
    }

    @Test
    void theGroupsRunningMemberHoldsTheLockNotTheNewestRunOfTheEnvironment() {
        Snapshot s = jobLevelHandOff(lock("4444", T0.plusSeconds(30)));
        List<Finding> f = findings.evaluate(s, List.of(PROD), Map.of(), s.takenAt());
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.kind()).isEqualTo(Finding.Kind.LOCK_HELD);
            assertThat(x.summary()).contains("#20").doesNotContain("#21");
            assertThat(x.evidence()).anyMatch(e -> e.contains("running in deploy-production"));
        });
    }

    @Test
    void aRunThatStartedAfterTheLockCannotOwnIt() {
        Instant now = T0.plus(Duration.ofMinutes(30));
        Run waiting = run(9, "deploy-prod.yml", RunStatus.IN_PROGRESS, Conclusion.NONE, T0.plus(Duration.ofMinutes(25)),
                T0.plus(Duration.ofMinutes(25)), now, "def5678");
        Snapshot s = snap(now, List.of(waiting), List.of(), List.of(lock("3333", T0)));
        assertThat(findings.evaluate(s, List.of(PROD), Map.of(), now)).extracting(Finding::kind).containsExactly(Finding.Kind.STALE_LOCK);
    }

    @Test
    void twoRunningMembersOfOneGroupAreARace() {
        ConcurrencyGroup g = new ConcurrencyGroup("deploy-production", List.of(
                new GroupMember(1, "a", null, null, RunStatus.IN_PROGRESS, 0),
                new GroupMember(2, "b", null, null, RunStatus.IN_PROGRESS, 0)), null, GroupSource.API, false, List.of());
        Snapshot s = snap(T0, List.of(), List.of(g), List.of());
        List<Finding> f = findings.evaluate(s, List.of(), Map.of(), T0);
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.kind()).isEqualTo(Finding.Kind.RACE);
            assertThat(x.evidence()).hasSize(2);
        });
    }

    @Test
    void aPendingRunCancelledWhenANewerOneArrivedWasEvicted() {
        Instant now = T0.plusSeconds(60);
        Run first = run(1, "deploy-prod.yml", RunStatus.IN_PROGRESS, Conclusion.NONE, T0, T0, now, "aaaaaaa");
        Run second = run(2, "deploy-prod.yml", RunStatus.COMPLETED, Conclusion.CANCELLED, T0.plusSeconds(10), null, T0.plusSeconds(20), "bbbbbbb");
        Run third = run(3, "deploy-prod.yml", RunStatus.PENDING, Conclusion.NONE, T0.plusSeconds(20), null, T0.plusSeconds(20), "ccccccc");
        ConcurrencyGroup g = new ConcurrencyGroup("deploy-production", List.of(
                new GroupMember(1, "a", null, null, RunStatus.IN_PROGRESS, 0),
                new GroupMember(3, "c", null, null, RunStatus.PENDING, 1)), null, GroupSource.API, false, List.of("deploy-prod.yml"));
        Snapshot s = snap(now, List.of(third, second, first), List.of(g), List.of());
        List<Finding> f = findings.evaluate(s, List.of(), Map.of(2L, "deploy-production"), now);
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.kind()).isEqualTo(Finding.Kind.EVICTED);
            assertThat(x.summary()).contains("#2").contains("#3").contains("bbbbbbb");
        });
        // and no eviction is claimed for a run never seen pending
        assertThat(findings.evaluate(s, List.of(), Map.of(), now)).isEmpty();
    }

    /**
     * deploy-prod.yml #3 went to another group (dispatched for staging) and never touched deploy-production;
     * #4 (deploy-auto.yml) took the pending slot and skipped its jobs, so it was never seen in the group. The
     * eviction names #4 (it used to name #3, the oldest newer run of the workflow) and says it deployed nothing.
     */
    @Test
    void anEvictionNamesTheRunThatTookTheSlotAndSaysWhenItDeployedNothing() {
        Instant now = T0.plusSeconds(60);
        Run first = run(1, "deploy-prod.yml", RunStatus.IN_PROGRESS, Conclusion.NONE, T0, T0, now, "aaaaaaa");
        Run evicted = run(2, "deploy-prod.yml", RunStatus.COMPLETED, Conclusion.CANCELLED, T0.plusSeconds(10), null, T0.plusSeconds(30), "bbbbbbb");
        Run staging = run(3, "deploy-prod.yml", RunStatus.PENDING, Conclusion.NONE, T0.plusSeconds(20), null, T0.plusSeconds(20), "ccccccc");
        Run skipped = run(4, "deploy-auto.yml", RunStatus.COMPLETED, Conclusion.SKIPPED, T0.plusSeconds(30), T0.plusSeconds(30), T0.plusSeconds(31), "ddddddd");
        ConcurrencyGroup prod = new ConcurrencyGroup("deploy-production", List.of(
                new GroupMember(1, "a", null, null, RunStatus.IN_PROGRESS, 0)), null, GroupSource.API, false,
                List.of("deploy-prod.yml", "deploy-auto.yml"));
        ConcurrencyGroup stagingGroup = new ConcurrencyGroup("deploy-staging", List.of(
                new GroupMember(9, "z", null, null, RunStatus.IN_PROGRESS, 0),
                new GroupMember(3, "c", null, null, RunStatus.PENDING, 1)), null, GroupSource.API, false, List.of("deploy-prod.yml"));
        Snapshot s = snap(now, List.of(skipped, staging, evicted, first), List.of(prod, stagingGroup), List.of());
        Map<Long, String> seenPending = Map.of(2L, "deploy-production", 3L, "deploy-staging");

        assertThat(findings.evaluate(s, List.of(), seenPending, now)).singleElement().satisfies(x -> {
            assertThat(x.summary()).isEqualTo("deploy-prod.yml #2 (bbbbbbb) evicted by deploy-auto.yml #4 (ddddddd), "
                    + "which deployed nothing (its jobs' if: was false); commit bbbbbbb was skipped");
            assertThat(x.evidence()).anyMatch(e -> e.contains("run 4 (deploy-auto.yml #4") && e.contains("deployed nothing"));
            assertThat(x.runId()).isEqualTo(2);
            assertThat(x.byRunId()).as("the replacing run as data: the screen's evicted row names it from here").isEqualTo(4);
        });
        Snapshot before = snap(T0.plusSeconds(20), List.of(staging, run(2, "deploy-prod.yml", RunStatus.PENDING, Conclusion.NONE,
                T0.plusSeconds(10), null, T0.plusSeconds(10), "bbbbbbb"), first), List.of(prod, stagingGroup), List.of());
        assertThat(SnapshotDiff.events(before, s, seenPending)).filteredOn(e -> e.kind() == Event.Kind.RUN_EVICTED).singleElement()
                .satisfies(e -> assertThat(e.detail()).contains("evicted by deploy-auto.yml #4 (ddddddd), which deployed nothing"));
    }

    @Test
    void anOlderCommitDeployedAfterANewerOneIsOutOfOrder() {
        Instant now = T0.plus(Duration.ofMinutes(10));
        Run newer = run(5, "deploy-prod.yml", RunStatus.COMPLETED, Conclusion.SUCCESS, T0.plusSeconds(60), T0.plusSeconds(60), T0.plusSeconds(120), "newer00");
        Run older = run(4, "deploy-prod.yml", RunStatus.COMPLETED, Conclusion.SUCCESS, T0, T0.plusSeconds(130), T0.plusSeconds(200), "older00");
        Snapshot s = snap(now, List.of(newer, older), List.of(), List.of());
        assertThat(findings.evaluate(s, List.of(PROD), Map.of(), now)).singleElement()
                .satisfies(x -> assertThat(x.kind()).isEqualTo(Finding.Kind.OUT_OF_ORDER));
    }

    @Test
    void diffReportsEvictionAndLockRelease() {
        Run pending = run(2, "deploy-prod.yml", RunStatus.PENDING, Conclusion.NONE, T0, null, T0, "bbbbbbb");
        Run evicted = run(2, "deploy-prod.yml", RunStatus.COMPLETED, Conclusion.CANCELLED, T0, null, T0.plusSeconds(9), "bbbbbbb");
        Run newcomer = run(3, "deploy-prod.yml", RunStatus.PENDING, Conclusion.NONE, T0.plusSeconds(8), null, T0.plusSeconds(8), "ccccccc");
        Snapshot before = snap(T0, List.of(pending), List.of(), List.of(lock("4444", T0)));
        Snapshot after = snap(T0.plusSeconds(10), List.of(newcomer, evicted), List.of(), List.of());
        List<Event> events = SnapshotDiff.events(before, after, Map.of(2L, "deploy-production"));
        assertThat(events).extracting(Event::kind).containsExactlyInAnyOrder(
                Event.Kind.RUN_EVICTED, Event.Kind.RUN_PENDING, Event.Kind.LOCK_RELEASED);
        assertThat(events).filteredOn(e -> e.kind() == Event.Kind.RUN_EVICTED).singleElement()
                .satisfies(e -> {
                    assertThat(e.detail()).contains("#3").contains("bbbbbbb skipped");
                    assertThat(e.subject()).isEqualTo("deploy-production");
                });
    }

    @Test
    void evictionNoticeIsParsedQuotedOrNot() {
        assertThat(EvictionNotice.group("Canceling since a higher priority waiting request for 'deploy-production' exists")).isEqualTo("deploy-production");
        assertThat(EvictionNotice.group("Canceling since a higher priority waiting request for deploy-production exists")).isEqualTo("deploy-production");
        assertThat(EvictionNotice.group("The job was canceled")).isNull();
    }
}
