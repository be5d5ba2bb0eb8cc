package dev.baton;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.model.RunStatus;
import dev.baton.sandbox.FaultSettings;
import dev.baton.sandbox.RunQuery;
import dev.baton.sandbox.SimRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** baton's scripted commands against the sandbox, as a user runs them from a shell. */
class ScriptedCommandsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Sim seconds per real second. The stories wait on whole runs (watch --until done/idle/free), never on a
     * state that lasts only a few sim seconds, so a fast sandbox only shortens the waits: at 30 the class
     * took 46 s, most of it in watch waiting for runs to end.
     */
    static final double SPEED = 120;

    @TempDir
    Path home;
    LoopbackFixture box;

    @BeforeEach
    void start() throws Exception {
        box = new LoopbackFixture(SPEED, home);
        box.sleeper = LoopbackFixture.NO_WAIT; // GitHub's 5xx retries need not wait here
    }

    @AfterEach
    void stop() {
        box.close();
    }

    @Test
    void idleRepositoryShowsEveryGroupAndNoFindings() throws Exception {
        var r = box.baton("status");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("deploy-production", "terraform-deploy-dev", "deploy-preprod", "idle", "(no locks held)", "(none)");
        JsonNode groups = JSON.readTree(box.baton("-c", "groups --json").out());
        assertThat(groups).extracting(g -> g.get("name").asText()).contains("deploy-production", "deploy-preprod", "terraform-deploy-dev");
        JsonNode status = JSON.readTree(box.baton("status", "--json").out());
        assertThat(status.get("findings")).isEmpty();
        assertThat(status.get("stages")).extracting(s -> s.get("name").asText()).containsExactly("dev", "preprod", "prod");
    }

    @Test
    void threeRapidDispatchesEvictTheMiddleRunAndWatchSeesTheGroupIdle() throws Exception {
        onTheManualClock();
        // Dependabot's deploys need no approval (production-auto), so run 1 starts at once
        String bot = "dependabot[bot]";
        List<SimRun> runs = List.of(
                box.engine.state().dispatch("deploy-prod.yml", "main", Map.of(), bot),
                box.engine.state().dispatch("deploy-prod.yml", "main", Map.of(), bot),
                box.engine.state().dispatch("deploy-prod.yml", "main", Map.of(), bot));
        var w = box.baton("watch", "deploy-production", "--until", "idle", "--timeout", "2h");
        assertThat(w.code()).as(w.out() + w.err()).isZero();
        assertThat(w.out()).contains("watch: idle");
        // one script, one command tree: the second watch starts afresh (says where things stand again)
        var twice = box.baton("-c", "watch deploy-production --until idle --timeout 2h; watch deploy-production --until idle --timeout 2h");
        assertThat(twice.code()).as(twice.out() + twice.err()).isZero();
        assertThat(twice.out().lines().filter(l -> l.contains("  now  deploy-production  idle"))).as(twice.out()).hasSize(2);
        SimRun middle = box.engine.state().run(runs.get(1).id()).orElseThrow();
        assertThat(middle.conclusion().api()).isEqualTo("cancelled");

        var groups = box.baton("groups", "deploy-production");
        assertThat(groups.out()).contains("evicted").contains("#" + middle.runNumber());
        JsonNode status = JSON.readTree(box.baton("status", "--json").out());
        assertThat(status.get("findings")).anySatisfy(f -> {
            assertThat(f.get("kind").asText()).isEqualTo("EVICTED");
            assertThat(f.get("summary").asText()).contains(middle.headSha().substring(0, 7));
        });
        // what baton says agrees with the sandbox's own record
        long succeeded = box.engine.state().runs(RunQuery.ALL).stream().filter(r -> "success".equals(r.conclusion().api())).count();
        assertThat(succeeded).isEqualTo(2);
    }

    @Test
    void anOrphanedLockIsStaleAndUnlockReleasesOnlyTheRightId() throws Exception {
        box.engine.crashDuringApply("deploy-prod.yml", Duration.ofSeconds(5));
        SimRun run = box.engine.state().dispatch("deploy-prod.yml", "main", Map.of(), "alice");
        assertThat(box.engine.awaitUntil(() -> box.engine.state().run(run.id()).orElseThrow().status() == RunStatus.COMPLETED,
                Duration.ofSeconds(60))).isTrue();
        JsonNode locks = JSON.readTree(box.baton("locks", "--json").out());
        assertThat(locks).hasSize(1);
        JsonNode lock = locks.get(0);
        assertThat(lock.get("verdict").asText()).isEqualTo("STALE");
        assertThat(lock.get("environment").asText()).isEqualTo("prod");
        String id = lock.get("id").asText();

        var wrong = box.baton("unlock", "prod", "--id", "00000000-0000-0000-0000-000000000000", "--yes");
        assertThat(wrong.code()).isEqualTo(4);
        assertThat(wrong.err()).contains("does not match");
        var noYes = box.baton("unlock", "prod", "--id", id);
        assertThat(noYes.code()).isEqualTo(4);
        assertThat(noYes.err()).contains("--yes");
        // the 8 characters the locks table shows are enough (issue 12 section 3.3)
        var ok = box.baton("unlock", "prod", "--id", id.substring(0, 8), "--reason", "runner crashed", "--yes");
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(JSON.readTree(box.baton("locks", "--json").out())).isEmpty();
        JsonNode audit = JSON.readTree(box.baton("audit", "--json").out());
        assertThat(audit).extracting(a -> a.get("outcome").asText()).containsExactly("refused", "refused", "released");
        assertThat(box.baton("audit").out().lines().reduce((a, b) -> b).orElseThrow()).contains("released", "\"runner crashed\"");
    }

    @Test
    void aFailingGitHubIsOneLineAndExit3() {
        box.engine.state().setFaults(new FaultSettings(Duration.ZERO, 1.0, 503, 0, 0, false, 0));
        var r = box.baton("status");
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err().strip()).startsWith("baton: ").contains("503").doesNotContain("\n").doesNotContain("Exception");
        box.engine.state().setFaults(FaultSettings.NONE);
        assertThat(box.baton("status").code()).isZero();
    }

    /**
     * Issue 10 item 12: with GitHub down, `locks` and `status` printed nothing although S3 answered. Each source
     * stands alone: the locks are shown (from the layout remembered from the last start), their verdict is
     * "unknown", never a STALE that invites a release, and the exit code says the answer is partial.
     */
    @Test
    void withGitHubDownTheLocksAreStillShownWithAnUnknownVerdict() throws Exception {
        box.engine.crashDuringApply("deploy-dev.yml", Duration.ofSeconds(5));
        SimRun run = box.engine.state().dispatch("deploy-dev.yml", "main", Map.of(), "alice");
        assertThat(box.engine.awaitUntil(() -> box.engine.state().run(run.id()).orElseThrow().status() == RunStatus.COMPLETED,
                Duration.ofSeconds(60))).isTrue();
        assertThat(awaitLock("dev").get("verdict").asText()).isEqualTo("STALE");

        box.engine.state().setFaults(new FaultSettings(Duration.ZERO, 1.0, 503, 0, 0, false, 0));
        var locks = box.baton("locks", "--json");
        assertThat(locks.code()).isEqualTo(3);
        assertThat(JSON.readTree(locks.out())).singleElement()
                .satisfies(l -> {
                    assertThat(l.get("verdict").asText()).isEqualTo("UNKNOWN");
                    assertThat(l.get("runId").isNull()).isTrue();
                });
        assertThat(locks.err().lines()).singleElement().asString().contains("github unread since").contains("503");
        var status = box.baton("status");
        assertThat(status.code()).isEqualTo(3);
        assertThat(status.out()).contains("LOCKS").contains("dev/terraform.tfstate.tflock").contains("unknown: GitHub unread")
                .doesNotContain("STALE");
    }

    @Test
    void watchRidesThroughAnOutageAndReportsTheGap() throws Exception {
        // the run outlasts the outage however slow the machine: its smoke test ends only when skipped to
        box.close();
        box = new LoopbackFixture(SPEED, home, Map.of("Smoke test", Duration.ofHours(2)));
        box.sleeper = LoopbackFixture.NO_WAIT;
        SimRun run = box.engine.state().dispatch("deploy-dev.yml", "main", Map.of(), "alice");
        box.engine.state().setFaults(new FaultSettings(Duration.ZERO, 1.0, 502, 0, 0, false, 0));
        var out = new LoopbackFixture.Transcript();
        var watching = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> box.baton(out, "watch", "--until", "done:" + run.id(), "--timeout", "90s"));
        // GitHub heals once the watch has said so, not after a guessed sleep; the run ends once the watch saw it heal
        assertThat(out.await("source error", Duration.ofSeconds(60))).as(out.text()).isTrue();
        box.engine.state().setFaults(FaultSettings.NONE);
        assertThat(out.await("source recovered", Duration.ofSeconds(60))).as(out.text()).isTrue();
        // skipped before the smoke test began, the 2 hours would still be ahead of it
        assertThat(box.skipStep(run.id(), "Smoke test", Duration.ofHours(2))).as("the smoke test was skipped to its end").isTrue();
        var w = watching.get(120, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(w.code()).as(w.out() + w.err()).isZero();
        assertThat(w.out()).contains("source error").contains("502").contains("source recovered");
        assertThat(w.out().indexOf("source error")).isLessThan(w.out().indexOf("source recovered"));
    }

    @Test
    void anUnreachableLockStoreLeavesItsLocksUnknownNotAbsent() throws Exception {
        box.s3.close();
        // what could be read is still shown, but a script must not take "no locks" for an answer: exit 3
        var r = box.baton("status");
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.out()).contains("! s3://").contains("since").contains("GROUPS").doesNotContain("no locks held");
        assertThat(r.err()).startsWith("baton: locks unknown: s3://").doesNotContain("\n\n");
        var locks = box.baton("locks");
        assertThat(locks.code()).isEqualTo(3);
        assertThat(locks.out()).contains("no locks read").doesNotContain("no locks held");
        assertThat(locks.err().lines()).singleElement().asString().contains("cannot connect");
        // and an unlock cannot go on: exit 3 (not 4, "no lock held"), with the attempt on the record
        var unlock = box.baton("unlock", "prod", "--id", "12345678", "--yes", "--reason", "s3 is down");
        assertThat(unlock.code()).isEqualTo(3);
        assertThat(unlock.err()).contains("locks unknown").doesNotContain("no lock held");
        JsonNode audit = JSON.readTree(box.baton("audit", "--json").out());
        assertThat(audit).filteredOn(a -> "s3 is down".equals(a.path("reason").asText()))
                .singleElement().satisfies(a -> assertThat(a.path("outcome").asText()).isEqualTo("failed"));
    }

    @Test
    void withoutTheConcurrencyGroupsApiGroupsComeFromTheWorkflowFiles() throws Exception {
        firstProductionRunHoldsItsGroup();
        box.github.concurrencyApi(false);
        JsonNode prod = twoBotDeploysQueueInTheGroupTheWorkflowFilesName();
        assertThat(prod.get("members").get(1).get("status").asText()).isEqualTo("pending");
        assertThat(box.baton("doctor").out()).contains("API absent");
    }

    /**
     * Without the concurrency-groups API: two of dependabot's production deploys stand, in dispatch order, in the
     * deploy-production group `status --json` finds in the workflow files. That group's JSON.
     */
    private JsonNode twoBotDeploysQueueInTheGroupTheWorkflowFilesName() throws Exception {
        String bot = "dependabot[bot]";
        SimRun first = box.engine.state().dispatch("deploy-prod.yml", "main", Map.of(), bot);
        SimRun second = box.engine.state().dispatch("deploy-prod.yml", "main", Map.of(), bot);
        JsonNode status = JSON.readTree(box.baton("status", "--json").out());
        assertThat(status.get("mode").asText()).isEqualTo("workflow_files");
        JsonNode prod = null;
        for (JsonNode g : status.get("groups")) if (g.get("name").asText().equals("deploy-production")) prod = g;
        assertThat(prod).isNotNull();
        assertThat(prod.get("source").asText()).isEqualTo("workflow_files");
        assertThat(prod.get("members")).extracting(m -> m.get("runId").asLong()).containsExactly(first.id(), second.id());
        return prod;
    }

    /**
     * `baton sandbox --api ghes-3.19` end to end: the API under /api/v3 only, without the
     * concurrency-groups endpoints (as GHES 3.17-3.19 describe it); baton finds its groups in the
     * workflow files, follows a deploy to its end, shows it and its log.
     */
    @Test
    void againstGhes319TheWorkflowFileModeFollowsADeployEndToEnd() throws Exception {
        firstProductionRunHoldsItsGroup();
        box.github.flavour(dev.baton.sandbox.ApiFlavour.GHES_3_19);
        box.env.put("GITHUB_API_URL", box.github.enterpriseUrl());
        twoBotDeploysQueueInTheGroupTheWorkflowFilesName();
        assertThat(box.baton("doctor").out()).contains("API absent");

        SimRun dev = box.engine.state().dispatch("deploy-dev.yml", "main", Map.of(), "alice");
        var w = box.baton("watch", "--until", "done:" + dev.id(), "--timeout", "60s");
        assertThat(w.code()).as(w.out() + w.err()).isZero();
        var show = box.baton("run", String.valueOf(dev.id()));
        assertThat(show.code()).as(show.err()).isZero();
        assertThat(show.out()).contains("deploy-dev.yml #" + dev.runNumber()).contains("completed / success");
        var logs = box.baton("logs", String.valueOf(dev.id()), "--grep", "Apply complete");
        assertThat(logs.code()).as(logs.err()).isZero();
        assertThat(logs.out()).contains("Apply complete!");
    }

    @Test
    void runLogsAndEventsOfAFinishedDeploy() throws Exception {
        // "run started" is an event only if the watch sees the run before it ends: on the manual clock its first poll
        // comes before the run moves, however loaded the machine
        onTheManualClock();
        SimRun run = box.engine.state().dispatch("deploy-dev.yml", "main", Map.of(), "alice");
        var w = box.baton("watch", "--until", "done:" + run.id(), "--timeout", "1h");
        assertThat(w.code()).as(w.out() + w.err()).isZero();
        var show = box.baton("run", String.valueOf(run.id()));
        assertThat(show.code()).as(show.err()).isZero();
        assertThat(show.out()).contains("deploy-dev.yml #" + run.runNumber()).contains("completed / success").contains("job ");
        var logs = box.baton("logs", String.valueOf(run.id()), "--grep", "Apply complete");
        assertThat(logs.code()).as(logs.err()).isZero();
        assertThat(logs.out()).contains("Apply complete!").doesNotContain("Checking out");
        assertThat(box.baton("logs", String.valueOf(run.id()), "--job", "nope").code()).isEqualTo(2);
        var events = box.baton("events", "--since", "1h");
        assertThat(events.out()).contains("run started").contains("deploy-dev.yml #" + run.runNumber());
    }

    @Test
    void aLockHeldByARunningDeployIsNotReleasedWithoutForce() throws Exception {
        box.close();
        box = new LoopbackFixture(SPEED, home, Map.of("apply", Duration.ofHours(2))); // an apply that holds its lock (a minute real)
        box.sleeper = LoopbackFixture.NO_WAIT; // GitHub's 5xx retries need not wait here
        SimRun run = box.engine.state().dispatch("deploy-dev.yml", "main", Map.of(), "alice");
        JsonNode lock = awaitLock("dev");
        var r = box.baton("unlock", "dev", "--id", lock.get("id").asText(), "--yes");
        assertThat(r.code()).isEqualTo(4);
        assertThat(r.err()).contains("in progress").contains("--force");
        assertThat(JSON.readTree(box.baton("locks", "dev", "--json").out())).singleElement()
                .satisfies(l -> {
                    assertThat(l.get("verdict").asText()).isEqualTo("HELD");
                    assertThat(l.get("runId").asLong()).isEqualTo(run.id());
                });
        assertThat(box.baton("locks", "dev").out()).contains("held by #" + run.runNumber());
    }

    @Test
    void theRepositorysOwnUnlockWorkflowReleasesAnOrphanedLockAndTheAuditLandsBesideIt() throws Exception {
        java.nio.file.Files.writeString(home.resolve("config/baton/config.yaml"), "refresh: 300ms\naudit:\n  bucket_copy: true\n");
        box.engine.crashDuringApply("deploy-dev.yml", Duration.ofSeconds(5));
        SimRun crashed = box.engine.state().dispatch("deploy-dev.yml", "main", Map.of(), "alice");
        assertThat(box.engine.awaitUntil(() -> box.engine.state().run(crashed.id()).orElseThrow().status() == RunStatus.COMPLETED,
                Duration.ofSeconds(60))).isTrue();
        JsonNode lock = awaitLock("dev");
        var r = box.baton("unlock", "dev", "--id", lock.get("id").asText(), "--via-workflow", "deploy-dev.yml", "--yes", "--reason", "crash");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("force_unlock=true");
        assertThat(box.baton("watch", "--until", "free", "--timeout", "60s").code()).isZero();
        // dev's lock: the unlock run's success sets off build-and-promote and then deploy-prod (workflow_run),
        // whose own prod lock may be held by now
        assertThat(JSON.readTree(box.baton("locks", "dev", "--json").out())).isEmpty();
        try (var s3 = box.s3.newClient()) {
            String bucket = box.engine.stateBuckets().iterator().next();
            var keys = s3.listObjectsV2(b -> b.bucket(bucket).prefix("dev/")).contents().stream().map(o -> o.key()).toList();
            assertThat(keys).anyMatch(k -> k.startsWith("dev/terraform.tfstate.tflock.baton-audit/") && k.endsWith(".json"));
        }
    }

    /**
     * The sandbox on its manual clock, baton's polls 30 s apart: a watch moves the sandbox poll by poll, so its story
     * costs its requests, not the sim minutes of the runs it waits for; --timeout is kept on the same clock.
     */
    private void onTheManualClock() throws Exception {
        box.close();
        box = LoopbackFixture.manual(home, Map.of()).refresh("30s");
    }

    /**
     * A sandbox whose production canary takes 2 hours (a minute real): the first of two production runs is
     * still in progress, the second pending behind it, when baton reads the group, however slow the machine.
     */
    private void firstProductionRunHoldsItsGroup() throws Exception {
        box.close();
        box = new LoopbackFixture(SPEED, home, Map.of("Run canary tests", Duration.ofHours(2)));
        box.sleeper = LoopbackFixture.NO_WAIT;
    }

    /** Polls `locks ENV --json` until a lock appears. */
    JsonNode awaitLock(String env) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode locks = JSON.readTree(box.baton("locks", env, "--json").out());
            if (locks.size() > 0) return locks.get(0);
            Thread.sleep(200);
        }
        throw new AssertionError("no " + env + " lock within 60 s");
    }
}
