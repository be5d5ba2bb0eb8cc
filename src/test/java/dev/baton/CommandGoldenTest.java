package dev.baton;

import dev.baton.command.Baton;
import dev.baton.command.BatonOptions;
import dev.baton.command.Commands;
import dev.baton.command.FrontendIo;
import dev.baton.command.ScriptRunner;
import dev.baton.sandbox.EngineOptions;
import dev.baton.sandbox.GitHubServer;
import dev.baton.sandbox.S3Sandbox;
import dev.baton.sandbox.SimEngine;
import dev.baton.sandbox.SimRun;
import dev.baton.testkit.GoldenFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Every read command's text and --json output, compared with golden files in src/test/resources/golden/commands
 * (-Dgolden.update=true rewrites them; review the diff). One deterministic incident: the sandbox on a manual
 * clock (its seed fixed) with real hub4j and AWS clients over loopback, and baton's clock the sandbox's, so
 * ids, shas, ages and times are the same at every run. What varies by machine (the loopback ports, the
 * temporary home) is masked.
 */
class CommandGoldenTest {
    static S3Sandbox s3;
    static SimEngine engine;
    static GitHubServer github;
    static Path home;
    static Baton baton;
    static Commands commands;
    static Map<String, String> env = new HashMap<>();
    static SimRun evicted;
    static SimRun crashed;
    static Clock sim;

    @BeforeAll
    static void incident() throws Exception {
        home = Files.createTempDirectory("baton-golden");
        s3 = S3Sandbox.start();
        engine = SimEngine.create(EngineOptions.manual().withS3(s3.newClient()).withAutoApproveAfter(Duration.ofSeconds(20)));
        Clock sim = new dev.baton.sandbox.EngineClock(engine);
        github = new GitHubServer(engine.state(), new GitHubServer.Options("127.0.0.1", 0, LoopbackFixture.TOKEN, "sandbox-user", 5000, sim, Map.of())).start();
        // a runner crash left production's lock behind twenty minutes ago
        engine.crashDuringApply("deploy-prod.yml", Duration.ofSeconds(5));
        crashed = engine.state().dispatch("deploy-prod.yml", "main", Map.of(), "alice");
        engine.advance(Duration.ofMinutes(20));
        env.putAll(LoopbackFixture.environment(github, LoopbackFixture.TOKEN, engine, s3, home, "1h")); // one poll: nothing moves between commands
        baton = new Baton(env, new BatonOptions(null, null, false));
        baton.clock(sim);
        baton.simulator(new dev.baton.sandbox.SandboxSimulator()::simulate); // as Main wires it
        CommandGoldenTest.sim = sim;
        commands = new Commands(baton, new FrontendIo(false, false));
        baton.snapshot(); // the first poll
        // three rapid dev deploys: bob's runs, carol's waits and is evicted by dave's, which waits now
        engine.state().dispatch("deploy-dev.yml", "main", Map.of(), "bob");
        engine.advance(Duration.ofSeconds(5));
        evicted = engine.state().dispatch("deploy-dev.yml", "main", Map.of(), "carol");
        engine.advance(Duration.ofSeconds(2));
        baton.refresh(); // baton sees carol's run pending: its cancellation is an eviction
        engine.state().dispatch("deploy-dev.yml", "main", Map.of(), "dave");
        engine.advance(Duration.ofSeconds(20));
        baton.refresh();
    }

    @AfterAll
    static void stop() {
        if (baton != null) baton.close();
        if (github != null) github.close();
        if (engine != null) engine.close();
        if (s3 != null) s3.close();
    }

    /** The command as a script runs it: exit code, stdout, stderr, with what varies by machine masked. */
    static String run(String line) {
        return run(commands, line);
    }

    static String run(Commands commands, String line) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new ScriptRunner(commands, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .runOne(Arrays.asList(line.split(" ")));
        String text = "$ baton " + line + "\nexit " + code + "\n--- stdout\n" + readable(out.toString(StandardCharsets.UTF_8))
                + "--- stderr\n" + err.toString(StandardCharsets.UTF_8);
        return text.replace(home.toString(), "HOME").replaceAll("127\\.0\\.0\\.1([:_])\\d+", "127.0.0.1$1PORT");
    }

    /** JSON lines pretty-printed, so a golden file's diff shows the field that changed; other lines as they are. */
    static String readable(String out) {
        StringBuilder sb = new StringBuilder();
        for (String l : out.lines().toList()) {
            String shown = l;
            if (l.startsWith("{") || l.startsWith("[")) {
                try {
                    shown = PRETTY.writerWithDefaultPrettyPrinter().writeValueAsString(PRETTY.readTree(l));
                } catch (java.io.IOException notJson) {
                    // a text line that happens to start with a bracket
                }
            }
            sb.append(shown).append('\n');
        }
        return sb.toString();
    }

    static final com.fasterxml.jackson.databind.ObjectMapper PRETTY = new com.fasterxml.jackson.databind.ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"status", "groups", "groups terraform-deploy-dev", "locks", "locks prod", "runs", "runs --limit 3", "events",
            "audit", "lint --repo acme/sentiment-analyzer", "simulate --scenario rapid-merges"})
    void text(String line) throws Exception {
        GoldenFile.check("commands", name(line) + ".txt", run(line));
    }

    @ParameterizedTest
    @ValueSource(strings = {"status", "groups", "locks", "runs --limit 3", "events", "audit", "lint --repo acme/sentiment-analyzer",
            "simulate --scenario rapid-merges"})
    void json(String line) throws Exception {
        GoldenFile.check("commands", name(line) + ".json.txt", run(line + " --json"));
    }

    /** run ID: the evicted run, its jobs and where it stands (nowhere: evicted). */
    @ParameterizedTest
    @ValueSource(strings = {"", " --json"})
    void oneRun(String json) throws Exception {
        GoldenFile.check("commands", "run-evicted" + (json.isEmpty() ? "" : ".json") + ".txt", run("run " + evicted.id() + json));
    }

    /**
     * watch starts the engine's own polling, so it runs on a baton of its own (the sandbox's clock stands
     * still: its snapshots are those the others see) with its own journals: the others' output stays as it is.
     * It states where the group stands, prints the events of its first snapshot, and stops there: the run it
     * waits for (the crashed one) is done. (A timeout would race the first poll against wall time.)
     */
    @ParameterizedTest
    @ValueSource(strings = {"", " --json"})
    void watch(String json) throws Exception {
        String line = "watch terraform-deploy-dev --until done:" + crashed.id() + json;
        Map<String, String> own = new HashMap<>(env);
        own.put("XDG_STATE_HOME", home.resolve("watch-state").toString());
        try (Baton b = new Baton(own, new BatonOptions(null, null, false))) {
            b.clock(sim);
            GoldenFile.check("commands", "watch-until-done" + (json.isEmpty() ? "" : ".json") + ".txt", run(new Commands(b, new FrontendIo(false, false)), line));
        }
    }

    /**
     * A guarded action's answer in JSON (OutcomeView): its keys in one order at every run (they were a Map.of,
     * whose order changes from run to run). A script cannot confirm, so the dispatch is refused; on a baton with
     * journals of its own, so the audit file the others read stays as it is.
     */
    @Test
    void aGuardedActionsJsonKeepsItsKeyOrder() throws Exception {
        Map<String, String> own = new HashMap<>(env);
        own.put("XDG_STATE_HOME", home.resolve("dispatch-state").toString());
        try (Baton b = new Baton(own, new BatonOptions(null, null, false))) {
            b.clock(sim);
            String out = run(new Commands(b, new FrontendIo(false, false)), "dispatch deploy-dev.yml --reason golden --json");
            GoldenFile.check("commands", "dispatch-refused.json.txt", out);
            org.assertj.core.api.Assertions.assertThat(out.indexOf("\"outcome\"")).isPositive().isLessThan(out.indexOf("\"message\""));
        }
    }

    static String name(String line) {
        return line.replaceAll("[^a-z0-9]+", "-").replaceAll("-+$", "");
    }
}
