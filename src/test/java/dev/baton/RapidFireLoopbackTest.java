package dev.baton;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.model.Conclusion;
import dev.baton.model.RunStatus;
import dev.baton.sandbox.RunQuery;
import dev.baton.sandbox.SimRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 5's "Done when", end to end: baton's rapid-fire command in-process against the sandbox's GitHub server
 * and s3proxy (real hub4j and AWS SDK clients), on the sandbox's manual clock (LoopbackFixture.manual: baton's
 * waits move the engine), so a pipeline of minutes costs only its requests. Every verdict is cross-checked against
 * the sandbox's own record of what ran. The rules of the verdict (overlaps, evictions, queue: max, the runs a test
 * sets off) are probe/RapidFireOnSandboxTest's, over the fake GitHubPort; these are the few true stories: the
 * command's guard, audit, report, JSON lines, the Dependabot token and --cancel-after over the wire.
 */
class RapidFireLoopbackTest {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Shorter steps: a preprod run takes ~75 s of sim time, a production run ~60 s. */
    static final Map<String, Duration> SHORT = Map.of("apply", Duration.ofSeconds(20), "build", Duration.ofSeconds(10),
            "test", Duration.ofSeconds(10));
    /** On the manual clock: sim time, each wait moves the engine. */
    static final String[] PACE = {"--gap", "1s", "--poll", "15s", "--timeout", "1h"};

    @TempDir
    Path home;
    LoopbackFixture box;

    private void start(String... overlays) throws IOException {
        box = LoopbackFixture.manual(home, SHORT, overlays);
    }

    @AfterEach
    void stop() {
        if (box != null) box.close();
    }

    private LoopbackFixture.Outcome rapidFire(String... args) {
        List<String> all = new ArrayList<>(List.of("rapid-fire"));
        all.addAll(List.of(args));
        all.addAll(List.of(PACE));
        return box.baton(all.toArray(String[]::new));
    }

    /** The verdict: the last stdout line in JSON mode (progress lines come first, as JSON lines too). */
    private static JsonNode verdict(LoopbackFixture.Outcome r) throws IOException {
        List<String> lines = r.out().strip().lines().toList();
        assertThat(lines).as(r.err()).isNotEmpty();
        for (String l : lines) assertThat(JSON.readTree(l).isObject()).as("every stdout line is a JSON object: " + l).isTrue();
        return JSON.readTree(lines.get(lines.size() - 1));
    }

    private SimRun sim(JsonNode run) {
        return box.engine.state().run(run.get("runId").asLong()).orElseThrow();
    }

    private static Instant at(JsonNode n) {
        return Instant.parse(n.asText());
    }

    @Test
    void threeRapidPreprodDeploysNameTheEvictedMiddleRunAndTheProductionDeploysTheySetOff() throws Exception {
        start();
        Path report = home.resolve("rapid-fire.md");
        // each run completing on main starts deploy-prod.yml (workflow_run): production, so it must be allowed
        var r = rapidFire("build-and-promote.yml", "--count", "3", "--allow-production", "--yes", "--json", "--report", report.toString());
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
        JsonNode v = verdict(r);
        JsonNode runs = v.get("runs");
        assertThat(runs).extracting(n -> n.get("outcome").asText()).containsExactly("success", "evicted", "success");
        assertThat(v.get("evictions")).hasSize(1);
        JsonNode eviction = v.get("evictions").get(0);
        assertThat(eviction.get("runId").asLong()).isEqualTo(runs.get(1).get("runId").asLong());
        assertThat(eviction.get("replacedBy").asLong()).isEqualTo(runs.get(2).get("runId").asLong());
        assertThat(v.get("groups").get(0).get("maxInProgress").asInt()).isEqualTo(1);
        assertThat(v.get("groups").get(0).get("queue").asText()).isEqualTo("single");
        SimRun middle = sim(runs.get(1));
        assertThat(middle.conclusion()).isEqualTo(Conclusion.CANCELLED);
        assertThat(middle.jobIds()).as("an evicted workflow-level run never started a job").isEmpty();
        // the evicted run's follower ran nothing (its if: wants a successful preprod run); the other two deployed production
        assertThat(v.get("setOff")).extracting(n -> n.get("deployed").asBoolean()).containsExactlyInAnyOrder(true, true, false);
        assertThat(v.get("summary").asText()).startsWith("FAIL - set off production deploys outside the dispatched workflows: deploy-prod.yml #");
        assertThat(eviction.get("note").asText()).contains("queue: single keeps one pending run per group", "use queue: max");
        // progress streamed as JSON lines before the verdict
        assertThat(r.out()).contains("\"kind\":\"dispatched\"", "\"status\":\"pending\"", "\"kind\":\"set-off\"");
        assertThat(Files.readString(report)).contains("# Rapid-fire deploy test: FAIL - set off production deploys", "deploy-preprod",
                "| 3 |", "Set off (workflow_run): run", "deploy-prod.yml #1", "**PRODUCTION**", "```");
        JsonNode fromFile = JSON.readTree(home.resolve("rapid-fire.md.json").toFile());
        assertThat(fromFile.get("pass").asBoolean()).isFalse();
        assertThat(fromFile.get("runs")).hasSize(3);
        JsonNode audit = JSON.readTree(box.baton("audit", "--json").out());
        assertThat(audit).singleElement().satisfies(a -> {
            assertThat(a.get("action").asText()).isEqualTo("rapid-fire");
            assertThat(a.get("outcome").asText()).isEqualTo("dispatched");
            assertThat(a.get("detail").asText()).contains(String.valueOf(runs.get(0).get("runId").asLong()));
        });
    }

    @Test
    void aDependabotDeployRacingAHumanOneIsSerializedAcrossProductionAndProductionAuto() throws Exception {
        start();
        var r = rapidFire("deploy-prod.yml", "--as-dependabot", "--allow-production", "--yes", "--json");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        JsonNode v = verdict(r);
        assertThat(v.get("pass").asBoolean()).isTrue();
        JsonNode group = v.get("groups").get(0);
        assertThat(group.get("group").asText()).isEqualTo("deploy-production");
        assertThat(group.get("maxInProgress").asInt()).isEqualTo(1);
        assertThat(group.get("environments")).extracting(JsonNode::asText).containsExactly("production-auto", "production");
        JsonNode bot = v.get("runs").get(0), human = v.get("runs").get(1);
        assertThat(bot.get("actor").asText()).isEqualTo("dependabot[bot]");
        assertThat(bot.get("environment").asText()).isEqualTo("production-auto");
        assertThat(bot.get("waitedForApproval").asBoolean()).isFalse();
        assertThat(human.get("actor").asText()).isEqualTo("sandbox-user");
        assertThat(human.get("environment").asText()).isEqualTo("production");
        // the reference's expected picture: production-auto in progress while production is queued behind it
        assertThat(human.get("waitedForApproval").asBoolean()).isTrue();
        assertThat(human.get("waitedBehind")).extracting(JsonNode::asLong).containsExactly(bot.get("runId").asLong());
        assertThat(at(human.get("startedAt"))).isAfterOrEqualTo(at(bot.get("endedAt")));
        assertThat(v.get("notes").toString()).contains("waited for its reviewer", "concurrency applies before approval");
        assertThat(sim(bot).actor()).isEqualTo("dependabot[bot]");
        assertThat(sim(human).conclusion()).isEqualTo(Conclusion.SUCCESS);
    }

    @Test
    void dryRunDispatchesNothingAndAMissingDependabotTokenIsOneLine() {
        start_();
        var r = box.baton("rapid-fire", "build-and-promote.yml,deploy-dev.yml", "--count", "3", "--dry-run");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("nothing dispatched", "1. build-and-promote.yml@main", "2. deploy-dev.yml@main", "3. build-and-promote.yml@main");
        var p = box.baton("rapid-fire", "deploy-prod.yml", "--dry-run");
        assertThat(p.out()).contains("production-like", "refused without --allow-production");
        assertThat(box.engine.state().runs(RunQuery.ALL)).isEmpty();

        box.env.remove("BATON_DEPENDABOT_TOKEN");
        var noToken = box.baton("rapid-fire", "deploy-prod.yml", "--as-dependabot", "--allow-production", "--yes");
        assertThat(noToken.code()).isEqualTo(2);
        assertThat(noToken.err().strip()).startsWith("baton: rapid-fire: --as-dependabot needs BATON_DEPENDABOT_TOKEN").doesNotContain("\n");
        var unknown = box.baton("rapid-fire", "nope.yml");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("no workflow file nope.yml");
        assertThat(box.engine.state().runs(RunQuery.ALL)).isEmpty();
    }

    @Test
    void productionIsRefusedWithoutAllowProductionAndEveryAttemptIsAudited() throws Exception {
        start_();
        var r = box.baton("rapid-fire", "deploy-prod.yml", "--count", "2");
        assertThat(r.code()).isEqualTo(4);
        assertThat(r.err().strip()).contains("refused", "--allow-production").doesNotContain("\n");
        var noTerminal = box.baton("rapid-fire", "deploy-prod.yml", "--allow-production");
        assertThat(noTerminal.code()).isEqualTo(4);
        assertThat(noTerminal.err()).contains("--yes");
        var readOnly = box.baton("--read-only", "rapid-fire", "build-and-promote.yml");
        assertThat(readOnly.code()).isEqualTo(4);
        assertThat(box.engine.state().runs(RunQuery.ALL)).as("nothing was dispatched").isEmpty();
        JsonNode audit = JSON.readTree(box.baton("audit", "--json").out());
        // the read-only refusal is an attempt too (issue 10 item 8)
        assertThat(audit).extracting(a -> a.get("action").asText() + " " + a.get("outcome").asText())
                .containsExactly("rapid-fire refused", "rapid-fire refused", "rapid-fire refused");
        assertThat(audit.get(2).get("detail").asText()).contains("read-only");
    }

    @Test
    void aWorkflowWhoseCompletionStartsAProductionDeployIsRefusedAndTheDryRunShowsTheChain() throws Exception {
        start_();
        // build-and-promote.yml deploys preprod, but each run completing on main starts deploy-prod.yml (workflow_run)
        var r = box.baton("rapid-fire", "build-and-promote.yml", "--count", "2");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(4);
        assertThat(r.err().strip()).doesNotContain("\n").contains("refused: build-and-promote.yml -> workflow_run -> deploy-prod.yml"
                + " deploys production (deploy-production, production, production-auto); pass --allow-production");
        assertThat(box.engine.state().runs(RunQuery.ALL)).as("nothing was dispatched").isEmpty();

        var dry = box.baton("rapid-fire", "build-and-promote.yml", "--dry-run");
        assertThat(dry.code()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("each run sets off (from the workflow files):",
                "  build-and-promote.yml  dispatched; environments: preprod",
                "    deploy-prod.yml  workflow_run of build-and-promote.yml; environments:\n       production, production-auto  PRODUCTION",
                "production-like: build-and-promote.yml -> workflow_run -> deploy-prod.yml", "refused without --allow-production");
        JsonNode j = JSON.readTree(box.baton("rapid-fire", "build-and-promote.yml", "--dry-run", "--json").out());
        assertThat(j.get("refused").asBoolean()).isTrue();
        JsonNode links = j.get("chains").get(0).get("links");
        assertThat(links).extracting(l -> l.get("workflow").asText()).containsExactly("build-and-promote.yml", "deploy-prod.yml");
        assertThat(links.get(1).get("via").asText()).isEqualTo("workflow_run");
        assertThat(links.get(1).get("deploysProduction").asBoolean()).isTrue();
        assertThat(box.engine.state().runs(RunQuery.ALL)).isEmpty();
        JsonNode audit = JSON.readTree(box.baton("audit", "--json").out());
        assertThat(audit).singleElement().satisfies(a -> assertThat(a.get("outcome").asText()).isEqualTo("refused"));
    }

    @Test
    void cancelAfterCancelsOnlyThePendingTestRuns() throws Exception {
        start();
        // observing stops after 30 s of sim time: run 1 is deploying, run 2 pending behind it
        var r = box.baton("rapid-fire", "build-and-promote.yml", "--count", "2", "--gap", "1s", "--poll", "5s",
                "--timeout", "30s", "--cancel-after", "--allow-production", "--yes", "--json");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
        JsonNode v = verdict(r);
        assertThat(v.get("timedOut").asBoolean()).isTrue();
        assertThat(v.get("summary").asText()).startsWith("INCOMPLETE");
        long one = v.get("runs").get(0).get("runId").asLong(), two = v.get("runs").get(1).get("runId").asLong();
        assertThat(v.get("cancelled")).extracting(JsonNode::asLong).containsExactly(two);
        assertThat(v.get("runs").get(1).get("outcome").asText()).isEqualTo("cancelled");
        assertThat(box.engine.state().run(two).orElseThrow().conclusion()).isEqualTo(Conclusion.CANCELLED);
        SimRun first = box.engine.state().run(one).orElseThrow();
        assertThat(first.conclusion()).as("the running deploy was left alone").isNotEqualTo(Conclusion.CANCELLED);
        assertThat(box.engine.runUntil(() -> box.engine.state().run(one).orElseThrow().status() == RunStatus.COMPLETED,
                Duration.ofHours(1))).isTrue();
        assertThat(box.engine.state().run(one).orElseThrow().conclusion()).isEqualTo(Conclusion.SUCCESS);
        JsonNode audit = JSON.readTree(box.baton("audit", "--json").out());
        assertThat(audit).extracting(a -> a.get("action").asText() + " " + a.get("outcome").asText())
                .containsExactly("rapid-fire dispatched", "cancel cancelled");
        assertThat(audit.get(1).get("target").asText()).contains(String.valueOf(two));
    }

    private void start_() {
        try {
            start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
