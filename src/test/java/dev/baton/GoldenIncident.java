package dev.baton;

import dev.baton.command.AuditJournal;
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

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one deterministic incident the command golden files are taken on: the sandbox on a manual clock (its seed
 * fixed) with real hub4j and AWS clients over loopback, and baton's clock the sandbox's, so ids, shas, ages and
 * times are the same at every run. Production's lock was left behind by a crashed apply twenty minutes ago; of
 * three rapid dev deploys bob's runs, carol's was evicted by dave's, which waits. What varies by machine (the
 * loopback ports, the temporary home, the OS user and host an audit record names) is masked, nothing else.
 */
final class GoldenIncident {
    static S3Sandbox s3;
    static SimEngine engine;
    static GitHubServer github;
    static Path home;
    /** The reading baton: one poll, then nothing moves (its refresh interval is an hour). */
    static Baton baton;
    static Commands commands;
    static final Map<String, String> env = new HashMap<>();
    static SimRun crashed;
    static SimRun running;
    static SimRun evicted;
    static SimRun pending;
    static Clock sim;
    private static final List<Baton> others = new ArrayList<>();

    private GoldenIncident() {
    }

    static void start() throws Exception {
        home = Files.createTempDirectory("baton-golden");
        s3 = S3Sandbox.start();
        engine = SimEngine.create(EngineOptions.manual().withS3(s3.newClient()).withAutoApproveAfter(Duration.ofSeconds(20)));
        sim = new dev.baton.sandbox.EngineClock(engine);
        github = new GitHubServer(engine.state(), new GitHubServer.Options("127.0.0.1", 0, LoopbackFixture.TOKEN, "sandbox-user", 5000, sim, Map.of())).start();
        // a runner crash left production's lock behind twenty minutes ago
        engine.crashDuringApply("deploy-prod.yml", Duration.ofSeconds(5));
        crashed = engine.state().dispatch("deploy-prod.yml", "main", Map.of(), "alice");
        engine.advance(Duration.ofMinutes(20));
        env.putAll(dev.baton.testkit.SandboxEnv.loopback(github, LoopbackFixture.TOKEN, engine, s3, home, "1h")); // one poll: nothing moves between commands
        baton = new Baton(env, new BatonOptions(null, null, false));
        baton.clock(sim);
        baton.simulator(new dev.baton.sandbox.SandboxSimulator()::simulate); // as Main wires it
        commands = new Commands(baton, new FrontendIo(false, false));
        baton.snapshot(); // the first poll
        // three rapid dev deploys: bob's runs, carol's waits and is evicted by dave's, which waits now
        running = engine.state().dispatch("deploy-dev.yml", "main", Map.of(), "bob");
        engine.advance(Duration.ofSeconds(5));
        evicted = engine.state().dispatch("deploy-dev.yml", "main", Map.of(), "carol");
        engine.advance(Duration.ofSeconds(2));
        baton.refresh(); // baton sees carol's run pending: its cancellation is an eviction
        pending = engine.state().dispatch("deploy-dev.yml", "main", Map.of(), "dave");
        engine.advance(Duration.ofSeconds(20));
        baton.refresh();
    }

    static void stop() {
        others.forEach(Baton::close);
        if (baton != null) baton.close();
        if (github != null) github.close();
        if (engine != null) engine.close();
        if (s3 != null) s3.close();
    }

    /**
     * A script frontend on a baton of its own (its own journals, audit, leases and first poll under home/STATE) on the
     * same world and clock: what it writes or polls leaves the reading baton's output as it is.
     */
    static Commands own(String state, boolean readOnly) {
        Map<String, String> own = new HashMap<>(env);
        own.put("XDG_STATE_HOME", home.resolve(state).toString());
        Baton b = new Baton(own, new BatonOptions(null, null, readOnly));
        b.clock(sim);
        others.add(b);
        return new Commands(b, new FrontendIo(false, false));
    }

    /** The command as a script runs it on the reading baton. */
    static String run(String line) {
        return run(commands, line);
    }

    /** The command as a script runs it: exit code, stdout, stderr, with what varies by machine masked. */
    static String run(Commands commands, String line) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new ScriptRunner(commands, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .runOne(Arrays.asList(line.split(" ")));
        String text = "$ baton " + line + "\nexit " + code + "\n--- stdout\n" + readable(out.toString(StandardCharsets.UTF_8))
                + "--- stderr\n" + err.toString(StandardCharsets.UTF_8);
        return masked(text);
    }

    private static final String USER = System.getProperty("user.name", "?");
    private static final String HOST = AuditJournal.host();
    /** Where the OS user stands alone: an audit record's user and host, a note's author, an ACTION event's actor. */
    private static final Pattern OPERATOR = Pattern.compile("(\"(?:user|subject)\" : \")" + Pattern.quote(USER) + "\"|(\"host\" : \")"
            + Pattern.quote(HOST) + "\"|" + Pattern.quote(USER + "@" + HOST) + "|(?<=  note  )" + Pattern.quote(USER) + "(?=  )|(?<=  |\" : \")" + Pattern.quote(USER) + "(?= [a-z-]+ [a-z]+: )");

    static String masked(String text) {
        String t = (home == null ? text : text.replace(home.toString(), "HOME")).replaceAll("127\\.0\\.0\\.1([:_])\\d+", "127.0.0.1$1PORT");
        Matcher m = OPERATOR.matcher(t);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String shown = m.group(1) != null ? m.group(1) + "USER\"" : m.group(2) != null ? m.group(2) + "HOST\""
                    : m.group().contains("@") ? "USER@HOST" : "USER";
            m.appendReplacement(sb, Matcher.quoteReplacement(shown));
        }
        return m.appendTail(sb).toString();
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

    /** A golden file's name for a command line. */
    static String name(String line) {
        return line.replaceAll("[^a-z0-9]+", "-").replaceAll("-+$", "");
    }
}
