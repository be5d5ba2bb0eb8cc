package dev.baton.bench;

import dev.baton.command.Baton;
import dev.baton.command.BatonOptions;
import dev.baton.sandbox.EngineOptions;
import dev.baton.sandbox.GitHubServer;
import dev.baton.sandbox.S3Sandbox;
import dev.baton.sandbox.SandboxState;
import dev.baton.sandbox.Scenario;
import dev.baton.sandbox.SimEngine;
import software.amazon.awssdk.services.s3.S3Client;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * GitHub requests that consume rate limit while watching the default repository every 5 s, for one
 * simulated hour, beside the reference document's way: `gh run list` per workflow every 5 s (the same
 * uncached requests, replayed against the same sandbox). Simulated time: the sandbox's clock is advanced
 * 5 s before each poll, so an hour takes seconds.
 */
public final class RequestBudgetBench {
    static final List<String> WORKFLOWS = List.of("deploy-dev.yml", "build-and-promote.yml", "deploy-prod.yml");
    static final Duration TICK = Duration.ofSeconds(5);
    static final Duration HOUR = Duration.ofHours(1);

    public static void main(String[] args) throws Exception {
        System.out.println("scenario   baton(counted)  gh-loop(counted)  ratio   target");
        for (String scenario : List.of("idle", "incident")) {
            long[] r = measure(scenario);
            double ratio = r[0] == 0 ? Double.POSITIVE_INFINITY : (double) r[1] / r[0];
            String target = scenario.equals("idle") ? "baton <= 30/h" : ">= 10x fewer";
            boolean met = scenario.equals("idle") ? r[0] <= 30 : ratio >= 10;
            System.out.printf("%-10s %14d  %16d  %5.1fx  %s: %s%n", scenario, r[0], r[1], ratio, target, met ? "met" : "MISSED");
        }
    }

    /** {baton's counted requests, the gh loop's counted requests} over one simulated hour. */
    static long[] measure(String scenarioName) throws IOException, InterruptedException {
        // the Sandbox facade runs a real-time clock; here the clock is manual, advanced tick by tick
        Scenario scenario = Scenario.load(scenarioName);
        String token = "bench-token";
        try (S3Sandbox s3 = S3Sandbox.start(); S3Client s3c = s3.newClient()) {
            AtomicReference<SandboxState> state = new AtomicReference<>();
            GitHubServer gh = new GitHubServer(state::get, GitHubServer.Options.defaults(token).withRateLimit(1_000_000)).start();
            EngineOptions eo = new EngineOptions(0, Instant.parse("2026-11-26T14:00:00Z"), List.of(), null, null, null, s3c, gh.baseUrl(), 7, null);
            try (SimEngine engine = SimEngine.create(scenario.apply(eo).withSpeed(0))) {
                state.set(engine.state());
                scenario.schedule(engine);
                Path home = Files.createTempDirectory("baton-bench");
                Map<String, String> env = dev.baton.testkit.SandboxEnv.loopback(gh, token, engine, s3, home, null);
                HttpClient http = HttpClient.newHttpClient();
                long ghLoop = 0;
                try (Baton session = new Baton(env, new BatonOptions((String) null, null, true))) {
                    // the watch runs on simulated time too, so its 10-minute catalog refresh happens 6 times an hour
                    session.clock(new SimClockAdapter(engine));
                    // GitHub's limits on a wall clock of the bench's own: a retry-after of the incident's flaky
                    // minutes is waited out by moving it, so the hour still takes seconds
                    dev.baton.testkit.ManualClock wall = new dev.baton.testkit.ManualClock(Instant.now());
                    session.wallTime(wall, wall::advance);
                    var watch = session.engine();
                    for (Duration t = Duration.ZERO; t.compareTo(HOUR) < 0; t = t.plus(TICK)) {
                        engine.advance(TICK);
                        watch.pollOnce();
                        for (String wf : WORKFLOWS) ghLoop += ghRunList(http, gh.baseUrl(), engine.state().repo().fullName(), token, wf);
                    }
                    return new long[]{session.github().meter().counted(), ghLoop};
                }
            } finally {
                gh.stop();
            }
        }
    }

    static final class SimClockAdapter extends java.time.Clock {
        private final SimEngine engine;

        SimClockAdapter(SimEngine engine) {
            this.engine = engine;
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return engine.now();
        }
    }

    /** `gh run list --workflow WF --limit 20`: one uncached GET that always counts. */
    static long ghRunList(HttpClient http, String api, String repo, String token, String workflow) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(api + "/repos/" + repo + "/actions/workflows/" + workflow + "/runs?per_page=20"))
                .header("Authorization", "Bearer " + token).header("Accept", "application/vnd.github+json").build();
        HttpResponse<Void> r = http.send(req, HttpResponse.BodyHandlers.discarding());
        return r.statusCode() == 304 ? 0 : 1;
    }
}
