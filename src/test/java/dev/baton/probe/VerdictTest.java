package dev.baton.probe;

import dev.baton.github.WorkflowCatalog;
import dev.baton.model.Conclusion;
import dev.baton.model.RunStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The judgement alone, from hand-made observations: what counts as an overlap, an eviction, a failure. */
class VerdictTest {
    static final Instant T0 = Instant.parse("2026-11-26T14:00:00Z");
    static final String WORKFLOW = """
            name: Deploy
            on: {workflow_dispatch: {}}
            concurrency: {group: deploy-production, cancel-in-progress: false}
            jobs:
              deploy:
                runs-on: ubuntu-latest
                environment: production
                steps: [{run: echo}]
            """;
    static final WorkflowCatalog CATALOG = new WorkflowCatalog(Map.of(".github/workflows/deploy.yml", WORKFLOW));

    static RapidFirePlan plan(int count, boolean dependabot) {
        return new RapidFirePlan(List.of("deploy.yml"), count, Duration.ofSeconds(1), "main", Map.of(), dependabot,
                Duration.ofMinutes(5), false);
    }

    /** A completed run of the group: created at c, executing from s to e (seconds after T0; s < 0: never started). */
    static Observation run(int index, int c, int s, int e, Conclusion conclusion) {
        Observation o = new Observation(index, "deploy.yml", false, T0);
        o.runId = 100 + index;
        o.runNumber = index;
        o.actor = "alice";
        o.headSha = "abcdef0123456789";
        o.group = "deploy-production";
        o.createdAt = T0.plusSeconds(c);
        o.startedAt = s < 0 ? null : T0.plusSeconds(s);
        o.endedAt = T0.plusSeconds(e);
        o.status = RunStatus.COMPLETED;
        o.conclusion = conclusion;
        o.jobCount = s < 0 ? 0 : 1;
        return o;
    }

    static Verdict judge(RapidFirePlan plan, List<Observation> obs) {
        return Verdict.judge(plan, obs, new ArrayList<>(), false, false, List.of(), CATALOG, T0.plusSeconds(600), List.of());
    }

    /** A workflow_run run of follow.yml the test set off, seen in the given state. */
    static Observation follower(long id, RunStatus status, Conclusion conclusion, boolean ran) {
        Observation o = new Observation(0, "follow.yml", false, null);
        o.runId = id;
        o.runNumber = id;
        o.status = status;
        o.conclusion = conclusion;
        o.seenRunning = ran;
        return o;
    }

    @Test
    void aProductionDeployTheTestSetOffFailsTheVerdictUnlessItRanNothing() {
        List<Observation> ours = List.of(run(1, 0, 1, 60, Conclusion.SUCCESS), run(2, 1, 60, 120, Conclusion.SUCCESS));
        RapidFirePlan plan = plan(2, false);
        Verdict.SetOffRun deployed = RapidFire.setOffRun(follower(7, RunStatus.COMPLETED, Conclusion.SUCCESS, true), null, plan, true);
        Verdict.SetOffRun waiting = RapidFire.setOffRun(follower(8, RunStatus.WAITING, Conclusion.NONE, false), null, plan, true);
        Verdict.SetOffRun skipped = RapidFire.setOffRun(follower(9, RunStatus.COMPLETED, Conclusion.SKIPPED, false), null, plan, true);
        Verdict.SetOffRun evicted = RapidFire.setOffRun(follower(10, RunStatus.COMPLETED, Conclusion.CANCELLED, false), null, plan, true);
        Verdict.SetOffRun staging = RapidFire.setOffRun(follower(11, RunStatus.COMPLETED, Conclusion.SUCCESS, true), null, plan, false);
        assertThat(List.of(deployed, waiting, skipped, evicted, staging)).extracting(Verdict.SetOffRun::deployed)
                .containsExactly(true, true, false, false, false);

        Verdict harmless = Verdict.judge(plan, ours, new ArrayList<>(), false, false, List.of(), CATALOG, T0.plusSeconds(600), List.of(),
                List.of(skipped, evicted, staging));
        assertThat(harmless.pass()).isTrue();
        assertThat(harmless.setOff()).hasSize(3);
        assertThat(harmless.text()).contains("set off by the test's runs", "follow.yml #9  run 9  skipped", "(production, ran nothing)");

        Verdict v = Verdict.judge(plan, ours, new ArrayList<>(), false, false, List.of(), CATALOG, T0.plusSeconds(600), List.of(),
                List.of(deployed, skipped, waiting));
        assertThat(v.pass()).isFalse();
        assertThat(v.summary()).isEqualTo("FAIL - set off production deploys outside the dispatched workflows: follow.yml #7, follow.yml #8");
        assertThat(v.notes()).anySatisfy(n -> assertThat(n).contains("run 7 (follow.yml #7, success)", "a test of deploy.yml on main deploys production too"));
        assertThat(v.markdown(List.of())).contains("# Rapid-fire deploy test: FAIL - set off production deploys", "follow.yml #8 waiting **PRODUCTION**");
    }

    @Test
    void aRunStartingAsTheOtherEndsIsNoOverlap() {
        Verdict v = judge(plan(2, false), List.of(run(1, 0, 1, 60, Conclusion.SUCCESS), run(2, 1, 60, 120, Conclusion.SUCCESS)));
        assertThat(v.pass()).isTrue();
        assertThat(v.overlaps()).isEmpty();
        assertThat(v.groups()).singleElement().satisfies(g -> {
            assertThat(g.maxInProgress()).isEqualTo(1);
            assertThat(g.level()).isEqualTo("workflow");
            assertThat(g.queue()).isEqualTo("single");
        });
        assertThat(v.summary()).isEqualTo("PASS - deploy-production ran one run at a time (2 runs)");
        assertThat(v.runs().get(1).waitedSeconds()).isEqualTo(59);
    }

    @Test
    void oneSecondOfCommonExecutionIsAnOverlapAndFails() {
        Verdict v = judge(plan(2, false), List.of(run(1, 0, 1, 60, Conclusion.SUCCESS), run(2, 1, 59, 120, Conclusion.SUCCESS)));
        assertThat(v.pass()).isFalse();
        assertThat(v.overlaps()).singleElement().satisfies(o -> {
            assertThat(o.runA()).isEqualTo(101);
            assertThat(o.runB()).isEqualTo(102);
            assertThat(o.from()).isEqualTo(T0.plusSeconds(59));
            assertThat(o.to()).isEqualTo(T0.plusSeconds(60));
        });
        assertThat(v.groups().get(0).maxInProgress()).isEqualTo(2);
        assertThat(v.text()).contains("FAIL - runs executed at once in deploy-production", "OVERLAP in deploy-production");
        assertThat(String.join("\n", dev.baton.command.VerdictTimeline.lines(v, 60))).contains("overlap (RACE)");
    }

    @Test
    void theEvictedMiddleRunIsNamedWithItsReplacementAndDoesNotFail() {
        Observation middle = run(2, 1, -1, 2, Conclusion.CANCELLED);
        middle.seenPending = true;
        Verdict v = judge(plan(3, false), List.of(run(1, 0, 1, 60, Conclusion.SUCCESS), middle, run(3, 2, 60, 120, Conclusion.SUCCESS)));
        assertThat(v.pass()).isTrue();
        assertThat(v.runs()).extracting(Verdict.RunResult::outcome).containsExactly("success", "evicted", "success");
        assertThat(v.evictions()).singleElement().satisfies(e -> {
            assertThat(e.runId()).isEqualTo(102);
            assertThat(e.replacedBy()).isEqualTo(103);
            assertThat(e.note()).contains("queue: single", "use queue: max");
        });
        assertThat(v.text()).contains("evicted by #3");
    }

    @Test
    void aRunEvictedWhileWaitingForItsReviewerSaysSo() {
        Observation waiting = run(1, 0, -1, 5, Conclusion.CANCELLED);
        waiting.seenWaiting = true;
        waiting.jobCount = 1;
        waiting.environment = "production";
        Verdict v = judge(plan(2, false), List.of(waiting, run(2, 5, 30, 90, Conclusion.SUCCESS)));
        assertThat(v.evictions()).singleElement().satisfies(e -> {
            assertThat(e.waitingForApproval()).isTrue();
            assertThat(e.note()).contains("waiting for its reviewer (environment production)", "concurrency applies before approval");
        });
    }

    @Test
    void waitingForAReviewerIsFlaggedUnderQueueSingleOnly() {
        Observation human = run(2, 1, 60, 120, Conclusion.SUCCESS);
        human.seenWaiting = true;
        human.environment = "production";
        List<Observation> obs = List.of(run(1, 0, 1, 60, Conclusion.SUCCESS), human);
        assertThat(judge(plan(2, false), obs).notes()).anySatisfy(n -> assertThat(n)
                .isEqualTo("#2 (alice) waited for its reviewer (environment production) inside deploy-production: concurrency applies"
                        + " before approval, so a newer run arriving then would have evicted it (queue: single)"));
        WorkflowCatalog queueMax = new WorkflowCatalog(Map.of(".github/workflows/deploy.yml",
                WORKFLOW.replace("cancel-in-progress: false}", "cancel-in-progress: false, queue: max}")));
        Verdict v = Verdict.judge(plan(2, false), obs, new ArrayList<>(), false, false, List.of(), queueMax, T0.plusSeconds(600), List.of());
        assertThat(v.groups().get(0).queue()).isEqualTo("max");
        assertThat(v.notes()).noneMatch(n -> n.contains("evicted"));
    }

    @Test
    void aRunCancelledByTheTestIsNotAnEviction() {
        Observation ours = run(2, 1, -1, 30, Conclusion.CANCELLED);
        ours.seenPending = true;
        ours.cancelledByUs = true;
        Verdict v = Verdict.judge(plan(2, false), List.of(run(1, 0, 1, 60, Conclusion.SUCCESS), ours), new ArrayList<>(), false, false,
                List.of(102L), CATALOG, T0.plusSeconds(60), List.of());
        assertThat(v.evictions()).isEmpty();
        assertThat(v.runs().get(1).outcome()).isEqualTo("cancelled");
        assertThat(v.cancelled()).containsExactly(102L);
    }

    @Test
    void runsWithoutAGroupFailEvenWhenTheyHappenNotToOverlap() {
        Observation a = run(1, 0, 1, 60, Conclusion.SUCCESS), b = run(2, 1, 70, 120, Conclusion.SUCCESS);
        a.group = null;
        b.group = null;
        Verdict v = judge(plan(2, false), List.of(a, b));
        assertThat(v.pass()).isFalse();
        assertThat(v.overlaps()).isEmpty();
        assertThat(v.summary()).isEqualTo("FAIL - deploy.yml has no concurrency group");
        assertThat(v.groups().get(0).level()).isEqualTo("none");
    }

    @Test
    void aDependabotTestWhoseFirstRunIsNotDependabotsFails() {
        Verdict v = judge(plan(2, true), List.of(run(1, 0, 1, 60, Conclusion.SUCCESS), run(2, 1, 60, 120, Conclusion.SUCCESS)));
        assertThat(v.pass()).isFalse();
        assertThat(v.notes()).anySatisfy(n -> assertThat(n).contains("GitHub records its actor as alice"));
    }

    @Test
    void startsOutOfDispatchOrderAreReportedButDoNotFail() {
        Verdict v = judge(plan(2, false), List.of(run(1, 0, 60, 120, Conclusion.SUCCESS), run(2, 1, 2, 60, Conclusion.SUCCESS)));
        assertThat(v.pass()).isTrue();
        assertThat(v.startsInOrder()).isFalse();
        assertThat(v.notes()).anySatisfy(n -> assertThat(n).contains("different order than they were dispatched"));
    }

    @Test
    void aTimeoutIsIncompleteNotAPass() {
        Observation still = run(2, 1, -1, 0, Conclusion.NONE);
        still.status = RunStatus.PENDING;
        still.endedAt = null;
        Verdict v = Verdict.judge(plan(2, false), List.of(run(1, 0, 1, 60, Conclusion.SUCCESS), still), new ArrayList<>(), true, false,
                List.of(), CATALOG, T0.plusSeconds(60), List.of());
        assertThat(v.pass()).isFalse();
        assertThat(v.summary()).startsWith("INCOMPLETE");
        assertThat(v.runs().get(1).outcome()).isEqualTo("pending");
    }

    @Test
    void markdownHoldsTheVerdictTheRunsAndTheTimeline() {
        Verdict v = judge(plan(2, false), List.of(run(1, 0, 1, 60, Conclusion.SUCCESS), run(2, 1, 60, 120, Conclusion.SUCCESS)));
        assertThat(v.markdown(dev.baton.command.VerdictTimeline.lines(v, 80))).startsWith("# Rapid-fire deploy test: PASS").contains("| `deploy-production` | workflow | single | 2 | 1 | 0 | yes |")
                .contains("```\ndeploy-production  14:00:00 - ");
    }
}
