package dev.baton;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.command.Baton;
import dev.baton.command.BatonOptions;
import dev.baton.command.Commands;
import dev.baton.command.FrontendIo;
import dev.baton.command.Result;
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

/**
 * Issue 12 section 3: `logs` kept the sandbox's colour codes (as GitHub's logs have them) in its JSON for
 * a pipe, and printed nothing at all for a run evicted before it started.
 */
class LogsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path home;
    LoopbackFixture box;

    @BeforeEach
    void start() throws Exception {
        box = new LoopbackFixture(30, home, Map.of("apply", Duration.ofSeconds(2), "plan", Duration.ofSeconds(2)));
    }

    @AfterEach
    void stop() {
        box.close();
    }

    private SimRun finishedDeploy() {
        SimRun run = box.engine.state().dispatch("deploy-dev.yml", "main", Map.of(), "alice");
        var w = box.baton("watch", "--until", "done:" + run.id(), "--timeout", "60s");
        assertThat(w.code()).as(w.out() + w.err()).isZero();
        return run;
    }

    @Test
    void aPipeGetsNoEscapeCodesInJsonEitherButATerminalKeepsTheColours() throws Exception {
        SimRun run = finishedDeploy();
        var piped = box.baton("--json", "logs", String.valueOf(run.id()));
        assertThat(piped.code()).as(piped.err()).isZero();
        JsonNode jobs = JSON.readTree(piped.out()).get("jobs");
        assertThat(jobs.size()).isPositive();
        assertThat(piped.out()).contains("Apply complete").doesNotContain("\\u001b").doesNotContain("\u001b");

        try (Baton baton = new Baton(box.env, new BatonOptions(null, null, false))) {
            FrontendIo terminal = new FrontendIo(true, false);
            terminal.colours(true);
            Result r = new Commands(baton, terminal).execute(List.of("logs", String.valueOf(run.id()))).result();
            assertThat(JSON.writeValueAsString(r.json())).as("on a terminal the codes stay").containsIgnoringCase("\\u001b[36;1m");
        }
        assertThat(Main.colours(true, Map.of())).isTrue();
        assertThat(Main.colours(true, Map.of("NO_COLOR", "1"))).isFalse();
        assertThat(Main.colours(false, Map.of())).isFalse();
    }

    @Test
    void aRunEvictedBeforeItStartedSaysWhyItHasNoLog() {
        String bot = "dependabot[bot]"; // no approval: the first runs at once, the second waits, the third evicts it
        List<SimRun> runs = List.of(
                box.engine.state().dispatch("deploy-prod.yml", "main", Map.of(), bot),
                box.engine.state().dispatch("deploy-prod.yml", "main", Map.of(), bot),
                box.engine.state().dispatch("deploy-prod.yml", "main", Map.of(), bot));
        SimRun middle = box.engine.state().run(runs.get(1).id()).orElseThrow();
        assertThat(middle.conclusion().api()).isEqualTo("cancelled");

        var text = box.baton("logs", String.valueOf(middle.id()));
        assertThat(text.code()).as(text.err()).isZero();
        assertThat(text.out()).contains("run " + middle.id()).contains("was cancelled before any job started")
                .contains("evicted").contains("GitHub has no log for it");
        var json = box.baton("--json", "logs", String.valueOf(middle.id()));
        assertThat(json.out()).contains("cancelled before any job started");
    }
}
