package dev.baton;

import dev.baton.model.Sleeper;
import dev.baton.sandbox.EngineOptions;
import dev.baton.sandbox.GitHubServer;
import dev.baton.sandbox.S3Sandbox;
import dev.baton.sandbox.SimEngine;
import dev.baton.testkit.SandboxEnv;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The sandbox's GitHub server and s3proxy on loopback, and baton run in-process against them through the
 * same environment variables a user exports: real hub4j and AWS SDK clients end to end.
 */
final class LoopbackFixture implements AutoCloseable {
    static final String TOKEN = "sandbox-token";
    /** A second token the server maps to dependabot[bot], exported as BATON_DEPENDABOT_TOKEN like `baton sandbox` does. */
    static final String DEPENDABOT_TOKEN = "sandbox-dependabot-token";

    final S3Sandbox s3;
    final SimEngine engine;
    final GitHubServer github;
    final Path home;
    final Map<String, String> env = new HashMap<>();
    /** How baton waits on wall time here; NO_WAIT for stories without a polling loop of baton's own. */
    Sleeper sleeper = Sleeper.SYSTEM;
    /**
     * The wall time baton waits on with the sleeper ({@link #manual}: the engine's, which also spaces the watch engine's
     * polls); null: this machine's.
     */
    Clock wall;

    /**
     * GitHub's retries of a 5xx come at once (they are still made): for stories that run no rapid-fire and no
     * logs --follow, whose polls would spin without a wait.
     */
    static final Sleeper NO_WAIT = d -> {
    };

    LoopbackFixture(double speed, Path home, String... overlays) throws IOException {
        this(speed, home, Map.of(), overlays);
    }

    /** durations: step durations by kind key or step name (shorter runs make faster tests). */
    LoopbackFixture(double speed, Path home, Map<String, Duration> durations, String... overlays) throws IOException {
        this(speed, home, TOKEN, durations, overlays);
    }

    /** token: the credential the server accepts and baton is given as GH_TOKEN. */
    LoopbackFixture(double speed, Path home, String token, Map<String, Duration> durations, String... overlays) throws IOException {
        this(speed, home, token, durations, Duration.ofSeconds(20), overlays);
    }

    /** autoApprove: pending deployments are approved this long after they ask; null: only when someone approves. */
    LoopbackFixture(double speed, Path home, String token, Map<String, Duration> durations, Duration autoApprove, String... overlays)
            throws IOException {
        this.home = home;
        s3 = S3Sandbox.start();
        engine = SimEngine.create(EngineOptions.realtime(speed).withS3(s3.newClient()).withOverlays(java.util.List.of(overlays))
                .withDurations(durations).withAutoApproveAfter(autoApprove));
        github = new GitHubServer(engine.state(), GitHubServer.Options.defaults(token).withExtraToken(DEPENDABOT_TOKEN, "dependabot[bot]")).start();
        env.putAll(SandboxEnv.loopback(github, token, engine, s3, home, "300ms"));
        env.put("BATON_DEPENDABOT_TOKEN", DEPENDABOT_TOKEN);
    }

    /**
     * The sandbox on its manual clock, and baton's wall time the engine's: each wait of baton's (rapid-fire's gap and
     * polls, its --timeout, GitHub's limits, the watch engine's wait between polls) moves the engine instead of passing,
     * so a story of sim minutes costs only its requests, and no poll is late on a loaded machine. hub4j and the AWS SDK
     * over loopback all the same.
     */
    static LoopbackFixture manual(Path home, Map<String, Duration> durations, String... overlays) throws IOException {
        return manual(home, TOKEN, durations, overlays);
    }

    /** token: the credential the server accepts and baton is given as GH_TOKEN. */
    static LoopbackFixture manual(Path home, String token, Map<String, Duration> durations, String... overlays) throws IOException {
        LoopbackFixture box = new LoopbackFixture(0, home, token, durations, overlays);
        box.sleeper = box.engine::advance;
        box.wall = new Clock() {
            @Override public java.time.Instant instant() { return box.engine.now(); }
            @Override public java.time.ZoneId getZone() { return java.time.ZoneOffset.UTC; }
            @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        };
        return box;
    }

    /**
     * Rewrites baton's config with this refresh. On the manual clock each wait between two of the watch engine's polls
     * moves the sandbox by it: a larger one costs no wall time, only fewer polls per sim minute.
     */
    LoopbackFixture refresh(String interval) throws IOException {
        SandboxEnv.refresh(home, interval);
        return this;
    }

    /**
     * Scaled clock: ends a long step of a run at once, by skipping d ahead once the step has begun, and again should the
     * step have set its end only after the jump (it begins, then takes its lock in S3, then is timed). Whether it ended.
     */
    boolean skipStep(long runId, String step, Duration d) {
        java.util.function.Predicate<dev.baton.model.RunStatus> began = st -> st != dev.baton.model.RunStatus.QUEUED;
        if (!engine.awaitUntil(() -> stepIs(runId, step, began), Duration.ofSeconds(60))) return false;
        for (int i = 0; i < 3; i++) {
            engine.skip(d);
            if (engine.awaitUntil(() -> stepIs(runId, step, st -> st == dev.baton.model.RunStatus.COMPLETED), Duration.ofSeconds(5))) return true;
        }
        return false;
    }

    private boolean stepIs(long runId, String step, java.util.function.Predicate<dev.baton.model.RunStatus> status) {
        return engine.state().jobs(runId).stream().flatMap(j -> j.steps().stream())
                .anyMatch(st -> st.name().equals(step) && status.test(st.status()));
    }

    record Outcome(int code, String out, String err) {
    }

    /** What a running command printed so far: a test awaits a line in it instead of sleeping for a guess. */
    static final class Transcript extends ByteArrayOutputStream {
        synchronized String text() {
            return toString(StandardCharsets.UTF_8);
        }

        /** Whether text appears within max (checked every 20 ms). */
        boolean await(String text, Duration max) throws InterruptedException {
            long deadline = System.nanoTime() + max.toNanos();
            while (!text().contains(text)) {
                if (System.nanoTime() > deadline) return false;
                Thread.sleep(20);
            }
            return true;
        }
    }

    Outcome baton(String... args) {
        return baton(new Transcript(), args);
    }

    /** Runs baton with its stdout written to out, which another thread may read (and await) meanwhile. */
    Outcome baton(Transcript out, String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, env, System.in, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                wall, sleeper);
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        github.close();
        engine.close();
        s3.close();
    }
}
