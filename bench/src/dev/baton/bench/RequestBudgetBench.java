package dev.baton.bench;

import dev.baton.command.Session;
import dev.baton.command.SessionOptions;
import dev.baton.sandbox.Sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
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
    static long[] measure(String scenario) throws IOException, InterruptedException {
        try (Sandbox sandbox = Sandbox.start(Sandbox.Options.defaults().withScenario(scenario).withSpeed(0.0))) {
            Path home = Files.createTempDirectory("baton-bench");
            Map<String, String> env = new HashMap<>();
            for (String line : sandbox.exportLines()) {
                String kv = line.substring(7);
                env.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            }
            env.put("XDG_STATE_HOME", home.resolve("state").toString());
            env.put("XDG_CACHE_HOME", home.resolve("cache").toString());
            env.put("XDG_CONFIG_HOME", home.resolve("config").toString());
            HttpClient http = HttpClient.newHttpClient();
            long gh = 0;
            try (Session session = new Session(env, new SessionOptions(null, null, true, false, false))) {
                // the watch runs on simulated time too, so its 10-minute catalog refresh happens 6 times an hour
                session.clock(new SimClockAdapter(sandbox));
                var engine = session.engine();
                for (Duration t = Duration.ZERO; t.compareTo(HOUR) < 0; t = t.plus(TICK)) {
                    sandbox.engine().advance(TICK);
                    engine.pollOnce();
                    for (String wf : WORKFLOWS) gh += ghRunList(http, sandbox, wf);
                }
                return new long[]{session.github().meter().counted(), gh};
            }
        }
    }

    static final class SimClockAdapter extends java.time.Clock {
        private final Sandbox sandbox;

        SimClockAdapter(Sandbox sandbox) {
            this.sandbox = sandbox;
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
            return sandbox.engine().now();
        }
    }

    /** `gh run list --workflow WF --limit 20`: one uncached GET that always counts. */
    static long ghRunList(HttpClient http, Sandbox sandbox, String workflow) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(sandbox.githubApiUrl() + "/repos/" + sandbox.repo()
                        + "/actions/workflows/" + workflow + "/runs?per_page=20"))
                .header("Authorization", "Bearer " + sandbox.token()).header("Accept", "application/vnd.github+json").build();
        HttpResponse<Void> r = http.send(req, HttpResponse.BodyHandlers.discarding());
        return r.statusCode() == 304 ? 0 : 1;
    }
}
