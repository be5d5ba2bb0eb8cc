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
 * Issue 5's "Done when", end to end: baton's rapid-fire run in-process against the sandbox's GitHub server
 * and s3proxy (real hub4j and AWS SDK clients), with the sandbox 50 times faster than real time and shorter
 * steps, so each pipeline of minutes takes a second or two. Every verdict is cross-checked against the
 * sandbox's own record of what ran.
 */
class RapidFireLoopbackTest {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Shorter steps: a preprod run takes ~75 s of sim time, a production run ~60 s. */
    static final Map<String, Duration> SHORT = Map.of("apply", Duration.ofSeconds(20), "build", Duration.ofSeconds(10),
            "test", Duration.ofSeconds(10));
    static final String[] FAST = {"--gap", "100ms", "--poll", "50ms", "--timeout", "60s"};

    @TempDir
    Path home;
    LoopbackFixture box;

    private void start(String... overlays) throws IOException {
        box = new LoopbackFixture(50, home, SHORT, overlays);
    }

    @AfterEach
    void stop() {
        if (box != null) box.close();
    }

    private LoopbackFixture.Outcome rapidFire(String... args) {
        List<String> all = new ArrayList<>(List.of("rapid-fire"));
        all.addAll(List.of(args));
        all.addAll(List.of(FAST));
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
    void twoRapidPreprodDeploysSerializeButTheProductionDeploysTheySetOffFailTheVerdictAndTheReportSaysSo() throws Exception {
        start();
        Path report = home.resolve("rapid-fire.md");
        // each run completing on main starts deploy-prod.yml (workflow_run): production, so it must be allowed
        var r = rapidFire("build-and-promote.yml", "--count", "2", "--allow-production", "--yes", "--json", "--report", report.toString());
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
        JsonNode v = verdict(r);
        assertThat(v.get("pass").asBoolean()).isFalse();
        assertThat(v.get("summary").asText())
                .isEqualTo("FAIL - set off production deploys outside the dispatched workflows: deploy-prod.yml #1, deploy-prod.yml #2");
        // each preprod run, completing on main, started a production deploy: watched and named
        JsonNode setOff = v.get("setOff");
        assertThat(setOff).extracting(n -> n.get("workflow").asText()).containsExactly("deploy-prod.yml", "deploy-prod.yml");
        assertThat(setOff).allSatisfy(n -> {
            assertThat(n.get("event").asText()).isEqualTo("workflow_run");
            assertThat(n.get("deployed").asBoolean()).isTrue();
            assertThat(n.get("environment").asText()).isEqualTo("production");
            assertThat(box.engine.state().run(n.get("runId").asLong()).orElseThrow().event()).isEqualTo("workflow_run");
        });
        assertThat(r.out()).contains("\"kind\":\"set-off\"");
        assertThat(v.get("groups")).hasSize(1);
        JsonNode group = v.get("groups").get(0);
        assertThat(group.get("group").asText()).isEqualTo("deploy-preprod");
        assertThat(group.get("maxInProgress").asInt()).isEqualTo(1);
        assertThat(group.get("evicted").asInt()).isZero();
        assertThat(v.get("overlaps")).isEmpty();
        JsonNode one = v.get("runs").get(0), two = v.get("runs").get(1);
        // run 2 was listed pending in deploy-preprod while run 1 was its in-progress member
        assertThat(two.get("waitedBehind")).extracting(JsonNode::asLong).containsExactly(one.get("runId").asLong());
        assertThat(two.get("transitions")).extracting(t -> t.get("status").asText()).contains("pending", "in_progress", "success");
        assertThat(at(two.get("startedAt"))).isAfterOrEqualTo(at(one.get("endedAt")));
        assertThat(one.get("outcome").asText()).isEqualTo("success");
        assertThat(two.get("outcome").asText()).isEqualTo("success");
        // what baton judged agrees with the sandbox's own record
        assertThat(sim(one).conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(sim(two).conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(box.engine.state().jobs(sim(two).id()).get(0).startedAt()).isAfterOrEqualTo(sim(one).updatedAt());
        // progress streamed as JSON lines before the verdict
        assertThat(r.out()).contains("\"kind\":\"dispatched\"", "\"status\":\"pending\"");

        assertThat(Files.readString(report)).contains("# Rapid-fire deploy test: FAIL - set off production deploys", "deploy-preprod",
                "| 2 |", "Set off (workflow_run): run", "deploy-prod.yml #1", "**PRODUCTION**", "```");
        JsonNode fromFile = JSON.readTree(home.resolve("rapid-fire.md.json").toFile());
        assertThat(fromFile.get("pass").asBoolean()).isFalse();
        assertThat(fromFile.get("runs")).hasSize(2);
    }

    @Test
    void threeRapidPreprodDeploysNameTheEvictedMiddleRunAndTheProductionDeploysTheySetOff() throws Exception {
        start();
        var r = rapidFire("build-and-promote.yml", "--count", "3", "--allow-production", "--yes", "--json");
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
        JsonNode audit = JSON.readTree(box.baton("audit", "--json").out());
        assertThat(audit).singleElement().satisfies(a -> {
            assertThat(a.get("action").asText()).isEqualTo("rapid-fire");
            assertThat(a.get("outcome").asText()).isEqualTo("dispatched");
            assertThat(a.get("detail").asText()).contains(String.valueOf(runs.get(0).get("runId").asLong()));
        });
    }

    @Test
    void withQueueMaxAllThreeRunInOrder() throws Exception {
        start("queue-max");
        // queue-max is deploy-prod's variant: production, so it must be allowed; a human's runs wait for
        // the reviewer (auto-approved after 20 s of sim time) and queue: max keeps every one of them
        var r = rapidFire("deploy-prod.yml", "--count", "3", "--allow-production", "--yes", "--json");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        JsonNode v = verdict(r);
        assertThat(v.get("pass").asBoolean()).isTrue();
        JsonNode group = v.get("groups").get(0);
        assertThat(group.get("group").asText()).isEqualTo("deploy-production");
        assertThat(group.get("queue").asText()).isEqualTo("max");
        assertThat(group.get("evicted").asInt()).isZero();
        assertThat(group.get("startsInOrder").asBoolean()).isTrue();
        assertThat(v.get("runs")).extracting(n -> n.get("outcome").asText()).containsExactly("success", "success", "success");
        List<Instant> starts = new ArrayList<>();
        for (JsonNode run : v.get("runs")) starts.add(at(run.get("startedAt")));
        assertThat(starts).isSorted();
        assertThat(v.get("runs").get(2).get("waitedBehind")).isNotEmpty();
        for (JsonNode run : v.get("runs")) assertThat(sim(run).conclusion()).isEqualTo(Conclusion.SUCCESS);
    }

    @Test
    void withoutAConcurrencyGroupTheOverlapIsReportedAndExitIs1() throws Exception {
        // applies long enough (2.4 s real) that the second surely meets the first one's lock on a loaded machine
        box = new LoopbackFixture(50, home, Map.of("apply", Duration.ofSeconds(120), "build", Duration.ofSeconds(10),
                "test", Duration.ofSeconds(10)), "no-concurrency");
        // one firing, read twice: the text on stdout and the same verdict as JSON in the report (Json.pretty of the
        // Verdict that --json prints; --json's stdout and exit code on a FAIL are the other tests')
        Path report = home.resolve("overlap.md");
        var r = rapidFire("deploy-prod.yml", "--count", "2", "--allow-production", "--yes", "--report", report.toString());
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out()).contains("rapid-fire: FAIL - runs executed at once in (no group) deploy-prod.yml")
                .contains("OVERLAP").contains("has no concurrency group").contains("!");
        JsonNode v = JSON.readTree(home.resolve("overlap.md.json").toFile());
        assertThat(v.get("pass").asBoolean()).isFalse();
        assertThat(v.get("groups").get(0).get("level").asText()).isEqualTo("none");
        assertThat(v.get("groups").get(0).get("maxInProgress").asInt()).isEqualTo(2);
        JsonNode overlap = v.get("overlaps").get(0);
        assertThat(List.of(overlap.get("runA").asLong(), overlap.get("runB").asLong()))
                .containsExactly(v.get("runs").get(0).get("runId").asLong(), v.get("runs").get(1).get("runId").asLong());
        // the second apply had to wait for the Terraform lock the first one held: the backup layer at work
        assertThat(v.get("runs").get(1).get("lockLines").toString()).contains("Acquiring state lock");
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
        // observing stops after 600 ms (30 s of sim time): run 1 is deploying, run 2 pending behind it
        var r = box.baton("rapid-fire", "build-and-promote.yml", "--count", "2", "--gap", "100ms", "--poll", "50ms",
                "--timeout", "600ms", "--cancel-after", "--allow-production", "--yes", "--json");
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
        assertThat(box.engine.awaitUntil(() -> box.engine.state().run(one).orElseThrow().status() == RunStatus.COMPLETED,
                Duration.ofSeconds(30))).isTrue();
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
