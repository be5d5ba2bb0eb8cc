package dev.baton.probe;

import dev.baton.github.GitHubException;
import dev.baton.model.Conclusion;
import dev.baton.model.RepoRef;
import dev.baton.model.Run;
import dev.baton.model.RunStatus;
import dev.baton.sandbox.EngineOptions;
import dev.baton.sandbox.SimEngine;
import dev.baton.sandbox.SimRun;
import dev.baton.testkit.S3PerClass;
import dev.baton.testkit.SandboxGitHub;
import dev.baton.watch.Topology;
import dev.baton.watch.WatchEngine;
import dev.baton.watch.WatchSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rapid-fire (fire, observe, judge) over the sandbox's engine at the port (testkit/SandboxGitHub), on its manual
 * clock: the sleeper between polls moves the engine, so the minutes of a pipeline cost milliseconds and no poll is
 * ever late. Terraform's steps take real S3 locks (one s3proxy for the class). Overlap detection, evictions under
 * the default queue (one pending run), queue: max, the production/production-auto race, the production deploys a
 * test sets off, --cancel-after and correlation; every verdict is checked against the engine's own record.
 * The command, hub4j and the AWS SDK end to end: RapidFireLoopbackTest.
 */
class RapidFireOnSandboxTest {
    static final Duration POLL = Duration.ofSeconds(5);
    static final Duration GAP = Duration.ofSeconds(1);
    @RegisterExtension
    static final S3PerClass S3 = new S3PerClass();

    SimEngine sim;
    SandboxGitHub github;
    WatchEngine watch;
    final List<RapidFire.Progress> progress = new ArrayList<>();

    @AfterEach
    void close() {
        if (watch != null) watch.close();
        if (sim != null) sim.close();
    }

    /** A manual engine (a human's production deploy approved 20 s after it asks) and a watch over it; each test its own bucket. */
    void start(String... overlays) {
        sim = SimEngine.create(EngineOptions.manual().withS3(S3.client()).withOverlays(List.of(overlays))
                .withAutoApproveAfter(Duration.ofSeconds(20)).withSeed(System.nanoTime()));
        emptyBuckets();
        github = new SandboxGitHub(sim);
        watch = new WatchEngine(new RepoRef("acme", "sentiment-analyzer"), github, Topology.fixed(Topology.Layout.EMPTY), List.of(),
                WatchSettings.defaults(), github.clock(), null);
    }

    void emptyBuckets() {
        for (String b : sim.stateBuckets()) {
            for (var o : S3.client().listObjectsV2(r -> r.bucket(b)).contents()) S3.client().deleteObject(r -> r.bucket(b).key(o.key()));
        }
    }

    RapidFire rapidFire() {
        SandboxGitHub bot = github.as(SandboxGitHub.DEPENDABOT);
        RapidFire.Dispatcher dispatcher = (wf, ref, inputs, dependabot) -> (dependabot ? bot : github).dispatch(wf, ref, inputs);
        RapidFire.Canceller canceller = (runId, label) -> {
            Run now = github.run(runId);
            if (now.status() == RunStatus.IN_PROGRESS || now.status() == RunStatus.COMPLETED) return false;
            github.cancel(runId);
            return true;
        };
        return new RapidFire(github, watch, dispatcher, canceller, github.clock(), github.sleeper(), POLL, progress::add);
    }

    static RapidFirePlan plan(String workflow, int count) {
        return new RapidFirePlan(List.of(workflow), count, GAP, "main", Map.of(), false, Duration.ofHours(1), false);
    }

    /** What the command does: the workflow_run followers the files say the dispatches can set off. */
    Map<String, Boolean> chained(RapidFirePlan plan) {
        Map<String, Boolean> out = new LinkedHashMap<>();
        DispatchChain.of(watch.catalog().workflows(), plan.workflowOf(0), plan.ref(), plan.inputs()).chainedRuns()
                .forEach((wf, prod) -> out.merge(wf, prod, Boolean::logicalOr));
        return out;
    }

    Verdict fireAndObserve(RapidFirePlan plan, boolean withChain) throws InterruptedException {
        RapidFire fire = rapidFire();
        watch.pollOnce(); // the catalog, as the command has it before firing
        RapidFire.Firing firing = new RapidFire.Firing(plan, withChain ? chained(plan) : Map.of());
        fire.fire(firing);
        return fire.observe(firing);
    }

    SimRun sim(Verdict.RunResult r) {
        return sim.state().run(r.runId()).orElseThrow();
    }

    // ---- overlap ---------------------------------------------------------------------------------------

    @Test
    void withoutAConcurrencyGroupTheOverlapIsFoundAndTheSecondApplyWaitedForTheLock() throws Exception {
        start("no-concurrency");
        Verdict v = fireAndObserve(plan("deploy-prod.yml", 2), false);
        assertThat(v.pass()).isFalse();
        assertThat(v.summary()).startsWith("FAIL - runs executed at once in (no group) deploy-prod.yml");
        Verdict.GroupResult g = v.groups().get(0);
        assertThat(g.level()).isEqualTo("none");
        assertThat(g.maxInProgress()).isEqualTo(2);
        Verdict.RunResult one = v.runs().get(0), two = v.runs().get(1);
        assertThat(v.overlaps()).singleElement().satisfies(o -> {
            assertThat(List.of(o.runA(), o.runB())).containsExactly(one.runId(), two.runId());
            assertThat(o.from()).isEqualTo(two.startedAt());
            assertThat(o.to()).isEqualTo(one.endedAt());
        });
        // the engine's record agrees: the second began before the first had ended
        assertThat(sim.state().jobs(two.runId()).get(0).startedAt()).isBefore(sim(one).updatedAt());
        assertThat(two.lockLines()).anyMatch(l -> l.contains("Acquiring state lock"));
        assertThat(v.notes()).anyMatch(n -> n.contains("has no concurrency group"));
    }

    @Test
    void inAGroupNoTwoRunsOverlapAndTheSecondWaitedBehindTheFirst() throws Exception {
        start();
        Verdict v = fireAndObserve(plan("deploy-dev.yml", 2), false);
        assertThat(v.pass()).as(v.summary()).isTrue();
        assertThat(v.overlaps()).isEmpty();
        assertThat(v.groups()).singleElement().satisfies(g -> {
            assertThat(g.group()).isEqualTo("terraform-deploy-dev");
            assertThat(g.level()).isEqualTo("workflow");
            assertThat(g.maxInProgress()).isEqualTo(1);
        });
        Verdict.RunResult one = v.runs().get(0), two = v.runs().get(1);
        assertThat(two.waitedBehind()).containsExactly(one.runId());
        assertThat(two.startedAt()).isAfterOrEqualTo(one.endedAt());
        assertThat(two.transitions()).extracting(Observation.Transition::status).contains("pending", "in_progress", "success");
        assertThat(sim(one).conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(sim.state().jobs(two.runId()).get(0).startedAt()).isAfterOrEqualTo(sim(one).updatedAt());
    }

    // ---- evictions under the default queue, and queue: max ---------------------------------------------

    @Test
    void threeRapidDeploysEvictTheMiddleOneWhichTheVerdictNamesWithItsReplacement() throws Exception {
        start();
        Verdict v = fireAndObserve(plan("deploy-dev.yml", 3), false);
        assertThat(v.runs()).extracting(Verdict.RunResult::outcome).containsExactly("success", "evicted", "success");
        assertThat(v.pass()).as("an eviction is GitHub's documented behaviour, not a race").isTrue();
        Verdict.RunResult middle = v.runs().get(1);
        assertThat(v.evictions()).singleElement().satisfies(e -> {
            assertThat(e.runId()).isEqualTo(middle.runId());
            assertThat(e.replacedBy()).isEqualTo(v.runs().get(2).runId());
            assertThat(e.note()).contains("queue: single keeps one pending run per group", "use queue: max");
        });
        assertThat(v.groups().get(0).queue()).isEqualTo("single");
        assertThat(v.groups().get(0).evicted()).isEqualTo(1);
        assertThat(sim(middle).conclusion()).isEqualTo(Conclusion.CANCELLED);
        assertThat(sim(middle).jobIds()).as("an evicted workflow-level run never started a job").isEmpty();
    }

    @Test
    void withQueueMaxAllThreeRunInTheOrderTheyWereDispatched() throws Exception {
        start("queue-max");
        Verdict v = fireAndObserve(plan("deploy-prod.yml", 3), false);
        assertThat(v.pass()).as(v.summary()).isTrue();
        Verdict.GroupResult g = v.groups().get(0);
        assertThat(g.group()).isEqualTo("deploy-production");
        assertThat(g.queue()).isEqualTo("max");
        assertThat(g.evicted()).isZero();
        assertThat(g.startsInOrder()).isTrue();
        assertThat(v.runs()).extracting(Verdict.RunResult::outcome).containsExactly("success", "success", "success");
        List<Instant> starts = v.runs().stream().map(Verdict.RunResult::startedAt).toList();
        assertThat(starts).isSorted().doesNotHaveDuplicates();
        assertThat(v.runs().get(2).waitedBehind()).isNotEmpty();
        for (Verdict.RunResult r : v.runs()) assertThat(sim(r).conclusion()).isEqualTo(Conclusion.SUCCESS);
    }

    @Test
    void aDependabotDeployRacingAHumanOneIsSerializedAcrossProductionAndProductionAuto() throws Exception {
        start();
        RapidFirePlan plan = new RapidFirePlan(List.of("deploy-prod.yml"), 2, GAP, "main", Map.of(), true, Duration.ofHours(1), false);
        Verdict v = fireAndObserve(plan, false);
        assertThat(v.pass()).as(v.summary()).isTrue();
        Verdict.GroupResult g = v.groups().get(0);
        assertThat(g.group()).isEqualTo("deploy-production");
        assertThat(g.maxInProgress()).isEqualTo(1);
        assertThat(g.environments()).containsExactly("production-auto", "production");
        Verdict.RunResult bot = v.runs().get(0), human = v.runs().get(1);
        assertThat(bot.actor()).isEqualTo("dependabot[bot]");
        assertThat(bot.waitedForApproval()).isFalse();
        assertThat(human.actor()).isEqualTo(SandboxGitHub.USER);
        assertThat(human.waitedForApproval()).isTrue();
        assertThat(human.waitedBehind()).containsExactly(bot.runId());
        assertThat(human.startedAt()).isAfterOrEqualTo(bot.endedAt());
        assertThat(v.notes()).anyMatch(n -> n.contains("waited for its reviewer") && n.contains("concurrency applies before approval"));
        assertThat(sim(bot).actor()).isEqualTo("dependabot[bot]");
    }

    // ---- what the test's runs set off ------------------------------------------------------------------

    @Test
    void preprodDeploysThatSetOffProductionDeploysFailTheVerdictAndAnEvictedOnesFollowerDeploysNothing() throws Exception {
        start();
        Verdict v = fireAndObserve(plan("build-and-promote.yml", 3), true);
        assertThat(v.pass()).isFalse();
        assertThat(v.summary()).startsWith("FAIL - set off production deploys outside the dispatched workflows: deploy-prod.yml #");
        assertThat(v.runs()).extracting(Verdict.RunResult::outcome).containsExactly("success", "evicted", "success");
        assertThat(v.setOff()).extracting(Verdict.SetOffRun::deployed).containsExactlyInAnyOrder(true, true, false);
        assertThat(v.setOff()).allSatisfy(r -> {
            assertThat(r.event()).isEqualTo("workflow_run");
            assertThat(r.workflow()).isEqualTo("deploy-prod.yml");
            assertThat(sim.state().run(r.runId()).orElseThrow().event()).isEqualTo("workflow_run");
        });
        assertThat(v.setOff()).filteredOn(Verdict.SetOffRun::deployed).allSatisfy(r -> assertThat(r.environment()).isEqualTo("production"));
        assertThat(progress).anyMatch(p -> p.kind().equals("set-off"));
    }

    // ---- --cancel-after, correlation, an outage ---------------------------------------------------------

    @Test
    void cancelAfterCancelsOnlyThePendingTestRunsWhenTheTimeoutEndsTheTest() throws Exception {
        start();
        RapidFirePlan plan = new RapidFirePlan(List.of("deploy-dev.yml"), 2, GAP, "main", Map.of(), false, Duration.ofSeconds(30), true);
        Verdict v = fireAndObserve(plan, false);
        assertThat(v.timedOut()).isTrue();
        assertThat(v.summary()).startsWith("INCOMPLETE");
        long one = v.runs().get(0).runId(), two = v.runs().get(1).runId();
        assertThat(v.cancelled()).containsExactly(two);
        assertThat(v.runs().get(1).outcome()).isEqualTo("cancelled");
        assertThat(sim.state().run(two).orElseThrow().conclusion()).isEqualTo(Conclusion.CANCELLED);
        assertThat(sim.state().run(one).orElseThrow().completed()).as("the running deploy was left alone").isFalse();
        assertThat(sim.runUntil(() -> sim.state().run(one).orElseThrow().completed(), Duration.ofHours(1))).isTrue();
        assertThat(sim.state().run(one).orElseThrow().conclusion()).isEqualTo(Conclusion.SUCCESS);
    }

    @Test
    void aDispatchAnsweredWithoutItsRunIsFoundByCorrelationOldestUnclaimedFirst() throws Exception {
        start();
        github.dispatchDetails(false);
        // right after each of ours, someone else dispatches the same workflow: two new runs when rapid-fire looks, and
        // the stranger's first run lies between the test's two dispatches
        RapidFire.Dispatcher withStranger = (wf, ref, inputs, dependabot) -> {
            var answer = github.dispatch(wf, ref, inputs);
            sim.state().dispatch(wf, ref, Map.of(), "someone-else");
            return answer;
        };
        RapidFire fire = new RapidFire(github, watch, withStranger, (id, label) -> false, github.clock(), github.sleeper(), POLL, progress::add);
        RapidFire.Firing firing = new RapidFire.Firing(plan("deploy-dev.yml", 2));
        fire.fire(firing);
        List<Long> ours = new ArrayList<>(sim.state().runs(dev.baton.sandbox.RunQuery.ALL).stream()
                .filter(r -> r.actor().equals(SandboxGitHub.USER) && r.event().equals("workflow_dispatch")).map(SimRun::id).sorted().toList());
        assertThat(ours).hasSize(2);
        assertThat(firing.runIds()).containsExactlyElementsOf(ours);
        assertThat(progress).filteredOn(p -> p.kind().equals("dispatched"))
                .allSatisfy(p -> assertThat(p.text()).endsWith("(found by correlation)"));
    }

    @Test
    void anOutageWhileObservingIsSaidOnceAndTheVerdictStillComesFromWhatGitHubDid() throws Exception {
        start();
        RapidFire fire = rapidFire();
        watch.pollOnce();
        RapidFire.Firing firing = new RapidFire.Firing(plan("deploy-dev.yml", 2));
        fire.fire(firing);
        github.outage(new GitHubException(502, "list runs: 502 Bad Gateway"));
        sim.advance(Duration.ofSeconds(30));
        // GitHub comes back two minutes later (sim time), while rapid-fire observes
        sim.after(Duration.ofMinutes(2), "GitHub heals", github::heal);
        Verdict v = fire.observe(firing);
        assertThat(v.pass()).as(v.summary()).isTrue();
        assertThat(v.runs()).extracting(Verdict.RunResult::outcome).containsExactly("success", "success");
        assertThat(progress).filteredOn(p -> p.kind().equals("source-error")).hasSize(1);
        assertThat(progress).filteredOn(p -> p.kind().equals("source-recovered")).hasSize(1);
    }
}
