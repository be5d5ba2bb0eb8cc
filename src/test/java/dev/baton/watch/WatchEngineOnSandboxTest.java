package dev.baton.watch;

import dev.baton.github.GitHubException;
import dev.baton.model.ApiMode;
import dev.baton.model.ConcurrencyGroup;
import dev.baton.model.Conclusion;
import dev.baton.model.Event;
import dev.baton.model.GroupMember;
import dev.baton.model.RateLimit;
import dev.baton.model.RepoRef;
import dev.baton.model.RunStatus;
import dev.baton.model.Snapshot;
import dev.baton.sandbox.EngineOptions;
import dev.baton.sandbox.SimEngine;
import dev.baton.sandbox.SimRun;
import dev.baton.testkit.SandboxGitHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The watch engine over the sandbox's engine at the port (testkit/SandboxGitHub), on its manual clock: backoff after
 * GitHub's errors, pacing by the budget and by heat, groups from the workflow files where the concurrency-groups
 * API is missing, and which cancelled runs were evicted. Each minute here is measured, never spent; no HTTP.
 */
class WatchEngineOnSandboxTest {
    static final Duration INTERVAL = WatchSettings.defaults().interval();

    SimEngine sim = SimEngine.create(EngineOptions.manual());
    SandboxGitHub github = new SandboxGitHub(sim);

    @AfterEach
    void close() {
        sim.close();
    }

    WatchEngine watch(SandboxGitHub gh, WatchSettings settings) {
        return new WatchEngine(new RepoRef("acme", "sentiment-analyzer"), gh, Topology.fixed(Topology.Layout.EMPTY), List.of(),
                settings, gh.clock(), null);
    }

    WatchEngine watch() {
        return watch(github, WatchSettings.defaults());
    }

    SimRun dispatch(String workflow) {
        return sim.state().dispatch(workflow, "main", Map.of(), SandboxGitHub.USER);
    }

    static List<Event> events(WatchEngine engine, Event.Kind kind) {
        return engine.recentEvents(500).stream().filter(e -> e.kind() == kind).toList();
    }

    /** Polls after d; whether GitHub was asked anything. */
    boolean pollAfter(WatchEngine engine, Duration d) {
        sim.advance(d);
        int before = github.calls();
        engine.pollOnce();
        return github.calls() > before;
    }

    // ---- backoff ---------------------------------------------------------------------------------------

    @Test
    void afterAnErrorGitHubIsAskedAgainOnlyWhenItsBackoffIsDueAndTheOutageIsOneErrorAndOneRecovery() {
        try (WatchEngine engine = watch()) {
            long run = dispatch("deploy-dev.yml").id();
            assertThat(engine.pollOnce().runs()).extracting(r -> r.id()).containsExactly(run);

            github.outage(new GitHubException(502, "list runs: 502 Bad Gateway"));
            Snapshot down = engine.pollOnce();
            assertThat(down.health().get("github").healthy()).isFalse();
            assertThat(down.health().get("github").lastError()).contains("502");
            assertThat(down.runs()).as("the last answer's runs stay in sight").extracting(r -> r.id()).containsExactly(run);
            assertThat(events(engine, Event.Kind.SOURCE_ERROR)).hasSize(1);

            // first failure: 2 x interval = 10 s, +-20 % jitter
            assertThat(pollAfter(engine, Duration.ofSeconds(7))).as("7 s after the first failure").isFalse();
            assertThat(pollAfter(engine, Duration.ofSeconds(6))).as("13 s after the first failure").isTrue();
            // second failure: 4 x interval = 20 s, +-20 %
            assertThat(pollAfter(engine, Duration.ofSeconds(15))).as("15 s after the second failure").isFalse();
            assertThat(pollAfter(engine, Duration.ofSeconds(10))).as("25 s after the second failure").isTrue();
            // then doubling up to the cap of 60 s (+20 %): never a minute and a quarter without a try
            for (int i = 0; i < 5; i++) {
                boolean asked = false;
                for (int s = 0; s < 75 && !asked; s += 5) asked = pollAfter(engine, Duration.ofSeconds(5));
                assertThat(asked).as("failure %d: asked again within 75 s", i + 3).isTrue();
            }
            assertThat(events(engine, Event.Kind.SOURCE_ERROR)).as("one outage, one error event").hasSize(1);

            github.heal();
            long fresh = dispatch("deploy-dev.yml").id();
            Snapshot back = null;
            for (int s = 0; s < 75 && (back == null || !back.health().get("github").healthy()); s += 5) {
                sim.advance(Duration.ofSeconds(5));
                back = engine.pollOnce();
            }
            assertThat(back.health().get("github").healthy()).isTrue();
            assertThat(back.runs()).extracting(r -> r.id()).contains(fresh, run);
            assertThat(events(engine, Event.Kind.SOURCE_RECOVERED)).singleElement()
                    .satisfies(e -> assertThat(e.detail()).isEqualTo("github answers again"));
        }
    }

    @Test
    void retryAfterIsWaitedOutEvenWhenTheBackoffWouldComeSooner() {
        try (WatchEngine engine = watch()) {
            engine.pollOnce();
            github.outage(new GitHubException(503, "list runs: 503 Service Unavailable", 90));
            engine.pollOnce();
            assertThat(pollAfter(engine, Duration.ofSeconds(30))).isFalse();
            assertThat(pollAfter(engine, Duration.ofSeconds(59))).as("89 s: GitHub said 90").isFalse();
            assertThat(pollAfter(engine, Duration.ofSeconds(2))).as("91 s").isTrue();
        }
    }

    // ---- pacing ----------------------------------------------------------------------------------------

    @Test
    void aSpentBudgetWaitsForItsResetWhileAnyOtherPollComesAtTheInterval() {
        try (WatchEngine engine = watch()) {
            engine.pollOnce();
            assertThat(engine.nextDelay()).as("budget unknown").isEqualTo(INTERVAL);
            github.rateLimit(new RateLimit(5000, 12, 4988, sim.now().plusSeconds(600), "core"));
            assertThat(engine.nextDelay()).as("a low budget is the request scheduler's to pace").isEqualTo(INTERVAL);
            github.rateLimit(new RateLimit(5000, 0, 5000, sim.now().plusSeconds(40), "core"));
            assertThat(engine.nextDelay()).as("spent: until the reset, and a second").isEqualTo(Duration.ofSeconds(41));
            sim.advance(Duration.ofSeconds(45));
            assertThat(engine.nextDelay()).as("the reset has passed").isEqualTo(INTERVAL);
        }
    }

    @Test
    void inAFleetTheSandboxsActivitySetsThePaceHotWarmThenCold() {
        try (WatchEngine engine = watch(github, WatchSettings.defaults().byHeat(true))) {
            engine.pollOnce();
            assertThat(engine.nextDelay()).as("nothing ever ran: cold").isEqualTo(Duration.ofSeconds(60));
            long run = dispatch("deploy-dev.yml").id();
            engine.pollOnce();
            assertThat(engine.nextDelay()).as("a deploy queued or running: hot").isEqualTo(INTERVAL);
            assertThat(sim.runUntil(() -> sim.state().run(run).orElseThrow().completed(), Duration.ofHours(1))).isTrue();
            engine.pollOnce();
            assertThat(engine.nextDelay()).as("it ended just now: warm").isEqualTo(Duration.ofSeconds(20));
            sim.advance(Duration.ofMinutes(31));
            engine.pollOnce();
            assertThat(engine.nextDelay()).as("half an hour of quiet: cold").isEqualTo(Duration.ofSeconds(60));
        }
    }

    // ---- workflow-file mode ----------------------------------------------------------------------------

    @Test
    void withoutTheConcurrencyGroupsApiTheWorkflowFilesGroupTheRunsAsTheApiDoes() {
        SandboxGitHub ghes = new SandboxGitHub(sim).concurrencyApi(false);
        try (WatchEngine api = watch(); WatchEngine files = watch(ghes, WatchSettings.defaults())) {
            long first = dispatch("deploy-dev.yml").id();
            sim.advance(Duration.ofSeconds(2));
            long second = dispatch("deploy-dev.yml").id();
            sim.advance(Duration.ofSeconds(2));

            Snapshot a = api.pollOnce(), f = files.pollOnce();
            assertThat(a.mode()).isEqualTo(ApiMode.CONCURRENCY_API);
            assertThat(f.mode()).isEqualTo(ApiMode.WORKFLOW_FILES);
            ConcurrencyGroup fromApi = group(a, "terraform-deploy-dev"), fromFiles = group(f, "terraform-deploy-dev");
            assertThat(fromFiles.members()).extracting(GroupMember::runId, GroupMember::status, GroupMember::position)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(first, RunStatus.IN_PROGRESS, 0),
                            org.assertj.core.groups.Tuple.tuple(second, RunStatus.PENDING, 1));
            assertThat(fromFiles.members()).extracting(GroupMember::runId, GroupMember::status, GroupMember::position)
                    .as("the files' reading is the API's").isEqualTo(fromApi.members().stream()
                            .map(m -> org.assertj.core.groups.Tuple.tuple(m.runId(), m.status(), m.position())).toList());
            assertThat(fromFiles.workflows()).containsExactly("deploy-dev.yml");

            // the mode is learnt once: the missing API is not asked for again at every poll
            int asked = ghes.calls("activeGroupNames");
            sim.advance(INTERVAL);
            files.pollOnce();
            assertThat(ghes.calls("activeGroupNames")).isEqualTo(asked);
            assertThat(ghes.calls("group")).isZero();
        }
    }

    static ConcurrencyGroup group(Snapshot s, String name) {
        return s.groups().stream().filter(g -> g.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError(name + " in " + s.groups()));
    }

    // ---- cancelled runs: evicted or not ----------------------------------------------------------------

    @Test
    void aPendingRunPushedOutOfItsGroupIsEvictedByTheNewerOne() {
        try (WatchEngine engine = watch()) {
            long first = dispatch("deploy-dev.yml").id();
            sim.advance(Duration.ofSeconds(2));
            long second = dispatch("deploy-dev.yml").id();
            sim.advance(Duration.ofSeconds(2));
            engine.pollOnce(); // #2 seen pending behind #1
            long third = dispatch("deploy-dev.yml").id();
            sim.advance(Duration.ofSeconds(2));
            engine.pollOnce();
            assertThat(events(engine, Event.Kind.RUN_EVICTED)).singleElement().satisfies(e -> {
                assertThat(e.runId()).isEqualTo(second);
                assertThat(e.byRunId()).isEqualTo(third);
                assertThat(e.subject()).isEqualTo("terraform-deploy-dev");
            });
            assertThat(github.calls("jobs")).as("seen pending: no request needed to tell").isZero();
            assertThat(sim.state().run(first).orElseThrow().conclusion()).isNotEqualTo(Conclusion.CANCELLED);
        }
    }

    @Test
    void aRunEvictedBetweenTwoPollsIsToldByItsMissingJobsAndACancelledRunningOneIsNot() {
        try (WatchEngine engine = watch()) {
            long first = dispatch("deploy-dev.yml").id();
            sim.advance(Duration.ofSeconds(2));
            engine.pollOnce();
            long second = dispatch("deploy-dev.yml").id();
            sim.advance(Duration.ofSeconds(2));
            long third = dispatch("deploy-dev.yml").id(); // #2 never seen pending
            sim.advance(Duration.ofSeconds(2));
            sim.state().cancel(first); // a person cancels the running deploy: its jobs exist, no eviction notice
            sim.runUntil(() -> sim.state().run(first).orElseThrow().completed(), Duration.ofMinutes(5));
            engine.pollOnce();

            assertThat(events(engine, Event.Kind.RUN_EVICTED)).singleElement().satisfies(e -> {
                assertThat(e.runId()).isEqualTo(second);
                assertThat(e.byRunId()).isEqualTo(third);
            });
            assertThat(events(engine, Event.Kind.RUN_COMPLETED)).filteredOn(e -> e.runId() == first).singleElement()
                    .satisfies(e -> assertThat(e.detail()).endsWith("cancelled"));
            int jobs = github.calls("jobs");
            assertThat(jobs).as("one look at each cancelled run").isEqualTo(2);
            sim.advance(INTERVAL);
            engine.pollOnce();
            assertThat(github.calls("jobs")).as("and never again").isEqualTo(jobs);
        }
    }

    @Test
    void anEvictedJobIsToldByItsAnnotationInAJobLevelGroup() {
        sim.close();
        sim = SimEngine.create(EngineOptions.manual().withOverlays(List.of("job-level")));
        github = new SandboxGitHub(sim);
        SandboxGitHub bot = github.as(SandboxGitHub.DEPENDABOT); // production-auto: no reviewer to wait for
        try (WatchEngine engine = watch()) {
            bot.dispatch("deploy-prod.yml", "main", Map.of());
            sim.advance(Duration.ofSeconds(2));
            engine.pollOnce();
            long second = bot.dispatch("deploy-prod.yml", "main", Map.of()).runId();
            sim.advance(Duration.ofSeconds(2));
            long third = bot.dispatch("deploy-prod.yml", "main", Map.of()).runId();
            sim.advance(Duration.ofSeconds(2));
            sim.runUntil(() -> sim.state().run(second).orElseThrow().completed(), Duration.ofMinutes(1));
            engine.pollOnce();
            assertThat(events(engine, Event.Kind.RUN_EVICTED)).singleElement().satisfies(e -> {
                assertThat(e.runId()).isEqualTo(second);
                assertThat(e.byRunId()).isEqualTo(third);
                assertThat(e.subject()).isEqualTo("deploy-production");
            });
            assertThat(github.calls("annotations")).as("the notice was read").isPositive();
        }
    }
}
