package dev.baton;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.model.RunStatus;
import dev.baton.sandbox.SimRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several repositories in one baton, through hub4j and the AWS SDK: two sandboxes side by side (two API hosts,
 * as github.com beside a GHES, each with its own token), sharing one bucket, plus a repository the token cannot see.
 */
class FleetLoopbackTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String OTHER_TOKEN = "other-host-token";

    @TempDir
    Path home;
    @TempDir
    Path otherHome;
    LoopbackFixture a;
    LoopbackFixture b;
    String labelA;
    String labelB;

    @BeforeEach
    void start() throws Exception {
        // shorter steps: watch --until idle waits for deploy-dev and the workflow_run chain it sets off, in both sandboxes
        a = new LoopbackFixture(30, home, RapidFireLoopbackTest.SHORT);
        b = new LoopbackFixture(30, otherHome, OTHER_TOKEN, RapidFireLoopbackTest.SHORT);
        a.sleeper = LoopbackFixture.NO_WAIT;
        label();
    }

    /** How each repository is named on a line: host and port (the two sandboxes differ by port), then owner/name. */
    private void label() {
        labelA = a.github.baseUrl().replaceFirst("^https?://", "").replaceFirst("/.*$", "") + "/acme/sentiment-analyzer";
        labelB = b.github.baseUrl().replaceFirst("^https?://", "").replaceFirst("/.*$", "") + "/acme/sentiment-analyzer";
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
    }

    /** The config's repositories: the first sandbox's, the second's (its token in OTHER), and one nobody can see. */
    private void configure(String otherToken, boolean missing) throws Exception {
        configure(otherToken, missing, "300ms");
    }

    private void configure(String otherToken, boolean missing, String refresh) throws Exception {
        a.env.put("OTHER", otherToken);
        Files.writeString(home.resolve("config/baton/config.yaml"), "refresh: " + refresh + "\nrepositories:\n"
                + "  - repo: acme/sentiment-analyzer\n    api_url: " + a.github.baseUrl() + "\n"
                + "  - repo: acme/sentiment-analyzer\n    api_url: " + b.github.baseUrl() + "\n    token_env: OTHER\n"
                + (missing ? "  - repo: acme/missing\n    api_url: " + a.github.baseUrl() + "\n" : ""));
    }

    @Test
    void statusAllShowsEveryRepositoryEachFromItsOwnHostWithItsOwnToken() throws Exception {
        configure(OTHER_TOKEN, false);
        var r = a.baton("status", "--all");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains(labelA, labelB, "deploy-production").doesNotContain("no access");
        assertThat(r.out().indexOf(labelA)).isLessThan(r.out().indexOf(labelB));

        JsonNode json = JSON.readTree(a.baton("status", "--all", "--json").out());
        assertThat(json).extracting(n -> n.get("repository").asText()).containsExactly(labelA, labelB);
        assertThat(json.get(1).get("stages")).extracting(s -> s.get("name").asText()).containsExactly("dev", "preprod", "prod");

        JsonNode groups = JSON.readTree(a.baton("groups", "--all", "--json").out());
        assertThat(groups).allSatisfy(g -> assertThat(g.get("repository").asText()).isIn(labelA, labelB));
        assertThat(groups).filteredOn(g -> g.get("repository").asText().equals(labelB))
                .extracting(g -> g.get("name").asText()).contains("deploy-production");
        // without --all, one repository as before: the config's first
        JsonNode one = JSON.readTree(a.baton("status", "--json").out());
        assertThat(one.has("repository")).isFalse();
        assertThat(one.get("repo").asText()).isEqualTo("acme/sentiment-analyzer");
    }

    @Test
    void aRepositoryWithoutAccessIsSaidAsSuchWhileTheOthersAreShown() throws Exception {
        configure("not-the-token", true);
        SimRun run = a.engine.state().dispatch("deploy-dev.yml", "main", Map.of(), "alice");
        var r = a.baton("status", "--all");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(3);
        assertThat(r.out()).contains(labelA).contains("deploy-production");
        assertThat(r.out()).contains("no access to acme/sentiment-analyzer with OTHER").contains("no access to acme/missing");
        assertThat(r.err()).contains("acme/missing").doesNotContain("not-the-token").doesNotContain(LoopbackFixture.TOKEN);

        JsonNode status = JSON.readTree(a.baton("status", "--all", "--json").out());
        assertThat(status).hasSize(3);
        assertThat(status.get(0).get("repository").asText()).isEqualTo(labelA);
        assertThat(status.get(0).get("repo").asText()).isEqualTo("acme/sentiment-analyzer");
        assertThat(status.get(1).get("access").asText()).isEqualTo("denied");
        assertThat(status.get(2).get("repository").asText()).isEqualTo("acme/missing");
        assertThat(status.get(2).get("access").asText()).isEqualTo("denied");

        var groups = a.baton("groups", "--all");
        assertThat(groups.code()).isEqualTo(3);
        assertThat(groups.out()).contains(labelA, "deploy-dev", "#" + run.runNumber());
        assertThat(groups.out()).contains("acme/missing\n  ! no access");
    }

    @Test
    void locksAllNamesTheRepositoryOfEveryLockInTheSharedBucket() throws Exception {
        configure(OTHER_TOKEN, false);
        a.engine.crashDuringApply("deploy-dev.yml", Duration.ofSeconds(5));
        SimRun run = a.engine.state().dispatch("deploy-dev.yml", "main", Map.of(), "alice");
        assertThat(a.engine.awaitUntil(() -> a.engine.state().run(run.id()).orElseThrow().status() == RunStatus.COMPLETED,
                Duration.ofSeconds(60))).isTrue();
        var r = a.baton("locks", "--all", "--json");
        JsonNode locks = JSON.readTree(r.out());
        List<String> repos = new ArrayList<>();
        locks.forEach(l -> repos.add(l.get("repository").asText()));
        // one bucket, both repositories' layouts name it: the lock is in each one's list
        assertThat(repos).containsExactly(labelA, labelB);
        assertThat(locks.get(0).get("uri").asText()).startsWith("s3://");
        var text = a.baton("locks", "--all");
        assertThat(text.out()).startsWith(labelA + "\n").contains("\n" + labelB + "\n");
    }

    @Test
    void watchAllUntilIdleWaitsForEveryReadableRepositoryAndNamesEachLine() throws Exception {
        // both sandboxes on their manual clocks, each wait of baton's (every member engine's between its polls) moving
        // both: the watch waits for deploy-dev and the chain it sets off in each in sim minutes, not wall-time seconds
        a.close();
        b.close();
        a = LoopbackFixture.manual(home, RapidFireLoopbackTest.SHORT);
        b = LoopbackFixture.manual(otherHome, OTHER_TOKEN, RapidFireLoopbackTest.SHORT);
        LoopbackFixture first = a;
        a.sleeper = d -> {
            first.engine.advance(d);
            b.engine.advance(d);
        };
        label();
        configure(OTHER_TOKEN, true, "20s");
        SimRun inA = a.engine.state().dispatch("deploy-dev.yml", "main", Map.of(), "alice");
        SimRun inB = b.engine.state().dispatch("deploy-dev.yml", "main", Map.of(), "alice");
        var w = a.baton("watch", "--all", "--until", "idle", "--timeout", "1h");
        assertThat(w.code()).as(w.out() + w.err()).isEqualTo(3); // acme/missing cannot be read
        assertThat(w.out()).contains("acme/missing  ! no access to acme/missing");
        assertThat(w.out()).contains("watch: idle in 2 repositories");
        assertThat(w.out().lines().filter(l -> l.startsWith(labelA + "  ")).toList()).isNotEmpty();
        assertThat(w.out().lines().filter(l -> l.startsWith(labelB + "  ")).toList()).isNotEmpty();
        assertThat(a.engine.state().run(inA.id()).orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(b.engine.state().run(inB.id()).orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(w.err()).contains("acme/missing");

        var json = a.baton("watch", "--all", "--until", "idle", "--json", "--timeout", "1h");
        List<JsonNode> lines = new ArrayList<>();
        for (String l : json.out().lines().toList()) lines.add(JSON.readTree(l));
        assertThat(lines.subList(0, lines.size() - 1)).allSatisfy(n -> assertThat(n.get("repository").asText()).isIn(labelA, labelB, "acme/missing"));
        assertThat(lines.get(lines.size() - 1).get("met").asBoolean()).as(json.out() + json.err()).isTrue();

        var done = a.baton("watch", "--all", "--until", "done:1");
        assertThat(done.code()).isEqualTo(2);
    }

    @Test
    void theScreensFleetSessionRowsEveryRepositoryAndRunsCommandsOnTheOneShown() throws Exception {
        configure(OTHER_TOKEN, true);
        var list = a.baton("--all", "repo", "--json");
        JsonNode repos = JSON.readTree(list.out());
        assertThat(repos).extracting(r -> r.get("repository").asText()).containsExactly(labelA, labelB, "acme/missing");
        assertThat(repos.get(1).get("apiUrl").asText()).isEqualTo(b.github.baseUrl());

        SimRun run = a.engine.state().dispatch("deploy-dev.yml", "main", Map.of(), "alice");
        try (dev.baton.command.Baton root = new dev.baton.command.Baton(a.env,
                new dev.baton.command.BatonOptions(List.of(), null, false, List.of(), true))) {
            dev.baton.command.Commands commands = new dev.baton.command.Commands(root, dev.baton.command.FrontendIo.script());
            dev.baton.command.FleetSession session = new dev.baton.command.FleetSession(commands);
            java.util.concurrent.atomic.AtomicInteger told = new java.util.concurrent.atomic.AtomicInteger();
            session.subscribe(s -> told.incrementAndGet());
            session.start();
            try {
                assertThat(await(() -> session.repos().stream().allMatch(r -> r.snapshot() != null && r.snapshot().takenAt() != null)
                        && session.repos().get(2).denied())).isTrue();
                assertThat(told.get()).isPositive();
                var rows = dev.baton.render.FleetRender.rows(session.repos());
                assertThat(rows.get(0).repo().label()).isEqualTo("acme/missing"); // unreadable before idle
                assertThat(session.recentEvents(50)).anySatisfy(e -> assertThat(e.subject()).startsWith("acme/missing: "));

                assertThat(session.show("nope")).contains("no repository 'nope'");
                assertThat(session.show("acme/missing")).isNull();
                assertThat(session.run("status").exitCode()).isEqualTo(3);
                assertThat(session.show(labelA)).isNull();
                assertThat(session.latest().repo().toString()).isEqualTo("acme/sentiment-analyzer");
                assertThat(await(() -> session.run("groups --json").text().contains("#" + run.runNumber())
                        || a.engine.state().run(run.id()).orElseThrow().status() == RunStatus.COMPLETED)).isTrue();
                var status = session.run("status --json");
                assertThat(status.exitCode()).as(status.error() + "\n" + status.text()).isZero();
                assertThat(status.json()).isInstanceOf(Map.class); // one repository's status, not the fleet's list
                session.showFleet();
                assertThat(session.shown()).isNull();
            } finally {
                session.close();
            }
        }
    }

    private static boolean await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) return false;
            Thread.sleep(50);
        }
        return true;
    }
}
