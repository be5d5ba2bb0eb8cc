package dev.baton.tui;

import dev.baton.command.Baton;
import dev.baton.command.BatonOptions;
import dev.baton.command.Commands;
import dev.baton.command.FrontendIo;
import dev.baton.model.Snapshot;
import dev.baton.render.GroupRender;
import dev.baton.sandbox.EngineOptions;
import dev.baton.sandbox.GitHubServer;
import dev.baton.sandbox.S3Sandbox;
import dev.baton.sandbox.SimEngine;
import dev.baton.sandbox.SimRun;
import dev.baton.testkit.SandboxEnv;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * `baton groups` and the screen's Groups pane print the same rows, and name the same evicted runs on one sandbox state (the sandbox on
 * a manual clock, real hub4j over loopback): both read the poll's EVICTED findings, which a restarted baton
 * finds again from the runs (the RUN_EVICTED event is seen only by a baton that watched it happen).
 */
class EvictedRunsOneSourceTest {
    private static final String TOKEN = "ghp_evicted_one_source";

    @TempDir
    Path home;
    private S3Sandbox s3;
    private SimEngine engine;
    private GitHubServer github;

    @AfterEach
    void stop() {
        if (github != null) github.close();
        if (engine != null) engine.close();
        if (s3 != null) s3.close();
    }

    @Test
    void groupsAndTheGroupsPaneNameTheSameEvictedRunsAlsoAfterARestart() throws Exception {
        Clock sim = start();
        Map<String, String> env = environment();
        SimRun evicted;
        try (Baton baton = baton(env, sim)) {
            evicted = incident(baton);
            Map<String, Set<Long>> command = byGroups(baton);
            assertThat(command).as("groups names carol's run").containsEntry("terraform-deploy-dev", Set.of(evicted.id()));
            assertThat(screen(baton.snapshot(), sim)).as("the Groups pane names what groups names").isEqualTo(command);
        }
        try (Baton restarted = baton(env, sim)) {
            restarted.snapshot();
            Map<String, Set<Long>> command = byGroups(restarted);
            assertThat(command).as("a restarted baton finds the eviction again").containsEntry("terraform-deploy-dev", Set.of(evicted.id()));
            assertThat(screen(restarted.snapshot(), sim)).isEqualTo(command);
        }
    }

    /**
     * Issue 11, one renderer per noun: the Groups pane draws the rows `groups` prints (render/GroupRender's). Over one
     * snapshot every row reads the same words in the same order: a header with its counts, each member (running,
     * pending, held for a reviewer) and the evicted run. The pane at its preferred width (nothing cut), less the
     * glyph before a run, which is the screen's own; its ages measured to the snapshot's time, as the command's.
     */
    @Test
    void groupsPrintsTheWordsTheGroupsPaneDrawsInTheSameOrder() throws Exception {
        Clock sim = start();
        try (Baton baton = baton(environment(), sim)) {
            incident(baton);
            engine.state().dispatch("deploy-prod.yml", "main", Map.of(), "erin"); // held for a reviewer of production
            engine.advance(Duration.ofSeconds(2));
            baton.refresh();
            Commands.Execution ex = new Commands(baton, FrontendIo.script()).execute(List.of("groups"));
            assertThat(ex.result().exitCode()).as(ex.result().text()).isZero();
            Snapshot s = baton.snapshot();
            List<List<String>> pane = new ArrayList<>();
            for (Line l : Rows.groups(s, s.takenAt(), Glyphs.ASCII, Set.of())) {
                List<String> words = new ArrayList<>(List.of(l.text().trim().split(" +")));
                if (l.payload() instanceof Rows.MemberRef || l.payload() instanceof Rows.EvictedRef) words.remove(0);
                pane.add(words);
            }
            List<List<String>> command = ex.result().text().lines().map(l -> List.of(l.trim().split(" +"))).toList();
            assertThat(command).as(ex.result().text()).isEqualTo(pane);
            assertThat(ex.result().text()).contains("running", "pending", "waiting for approval", "evicted by #3");
        }
    }

    /** The sandbox on a manual clock, real hub4j over loopback; returns the sandbox's clock (baton's too). */
    private Clock start() throws Exception {
        s3 = S3Sandbox.start();
        engine = SimEngine.create(EngineOptions.manual().withS3(s3.newClient()).withAutoApproveAfter(Duration.ofSeconds(20)));
        Clock sim = new dev.baton.sandbox.EngineClock(engine);
        github = new GitHubServer(engine.state(), new GitHubServer.Options("127.0.0.1", 0, TOKEN, "sandbox-user", 5000, sim, Map.of())).start();
        return sim;
    }

    /** Three rapid dev deploys, polled as they happen: bob's runs, carol's waits and is evicted by dave's. Returns carol's. */
    private SimRun incident(Baton baton) {
        baton.snapshot();
        engine.state().dispatch("deploy-dev.yml", "main", Map.of(), "bob");
        engine.advance(Duration.ofSeconds(5));
        SimRun evicted = engine.state().dispatch("deploy-dev.yml", "main", Map.of(), "carol");
        engine.advance(Duration.ofSeconds(2));
        baton.refresh();
        engine.state().dispatch("deploy-dev.yml", "main", Map.of(), "dave");
        engine.advance(Duration.ofSeconds(20));
        baton.refresh();
        return evicted;
    }

    private Baton baton(Map<String, String> env, Clock sim) {
        Baton b = new Baton(env, new BatonOptions(null, null, false));
        b.clock(sim);
        return b;
    }

    /** The evicted runs `groups --json` lists, by group. */
    private static Map<String, Set<Long>> byGroups(Baton baton) {
        Commands.Execution ex = new Commands(baton, FrontendIo.script()).execute(List.of("groups", "--json"));
        assertThat(ex.result().exitCode()).as(ex.result().text()).isZero();
        Map<String, Set<Long>> out = new TreeMap<>();
        for (Object o : (List<?>) ex.result().json()) {
            GroupRender.GroupView g = (GroupRender.GroupView) o;
            for (GroupRender.EvictionView e : g.evictions()) out.computeIfAbsent(g.name(), k -> new TreeSet<>()).add(e.runId());
        }
        return out;
    }

    /** The evicted rows of the screen's Groups pane over one snapshot, by group. */
    private static Map<String, Set<Long>> screen(Snapshot s, Clock sim) {
        Map<String, Set<Long>> out = new TreeMap<>();
        for (Line l : Rows.groups(s, sim.instant(), Glyphs.UNICODE, Set.of())) {
            if (l.payload() instanceof Rows.EvictedRef ref) {
                out.computeIfAbsent(ref.eviction().subject(), k -> new TreeSet<>()).add(ref.eviction().runId());
            }
        }
        return out;
    }

    private Map<String, String> environment() throws Exception {
        return SandboxEnv.loopback(github, TOKEN, engine, s3, home, "1h"); // one poll: nothing moves between reads
    }
}
