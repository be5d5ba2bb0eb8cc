package dev.baton;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.github.GitHubClient;
import dev.baton.github.GitHubSettings;
import dev.baton.model.Conclusion;
import dev.baton.model.Job;
import dev.baton.model.RepoRef;
import dev.baton.model.Run;
import dev.baton.sandbox.Sandbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 7's promise: `baton simulate` on the default repository with three merges in 20 s predicts what the
 * live sandbox then does with the same events. The prediction runs through the CLI (Main wires the
 * simulator); the live sandbox (S3, GitHub server, engine on a scaled clock) plays the same scenario and is
 * read back the way an operator's tools see it: through the REST API with hub4j.
 */
class SimulationPredictsSandboxTest {
    /** Sim seconds per real second: the seven-minute story in about five seconds. */
    static final double SPEED = 100;
    /** Sim time skipped between two looks at the live sandbox: far less than a step of the story's jobs. */
    static final Duration STEP = Duration.ofSeconds(5);
    static final ObjectMapper JSON = new ObjectMapper();

    /** workflow file -> "actor: title -> outcome" in run-number order. */
    private static Map<String, List<String>> byWorkflow(List<String[]> runs) {
        Map<String, List<String>> out = new TreeMap<>();
        for (String[] r : runs) out.computeIfAbsent(r[0], k -> new ArrayList<>()).add(r[1]);
        return out;
    }

    @Test
    void threeMergesInTwentySecondsArePredictedExactly(@TempDir Path home) throws Exception {
        // the prediction, as a user asks for it
        Map<String, String> env = Map.of("XDG_CONFIG_HOME", home.resolve("config").toString(),
                "XDG_STATE_HOME", home.resolve("state").toString(), "XDG_CACHE_HOME", home.resolve("cache").toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[]{"simulate", "--scenario", "rapid-merges", "-o", "json"}, env,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        JsonNode prediction = JSON.readTree(out.toString(StandardCharsets.UTF_8));
        List<String[]> predicted = new ArrayList<>();
        List<String> predictedEvictions = new ArrayList<>();
        for (JsonNode r : prediction.path("runs")) {
            String line = r.path("actor").asText() + ": " + r.path("title").asText() + " -> " + r.path("outcome").asText();
            predicted.add(new String[]{r.path("workflow").asText(), line});
            if (r.path("outcome").asText().equals("evicted")) predictedEvictions.add(r.path("workflow").asText() + " " + line);
        }
        Duration story = Duration.between(Instant.parse(prediction.path("start").asText()), Instant.parse(prediction.path("end").asText()));

        // the live sandbox with the same events
        List<String[]> live = new ArrayList<>();
        List<String> liveEvictions = new ArrayList<>();
        try (Sandbox box = Sandbox.start(Sandbox.Options.defaults().withScenario("rapid-merges").withSpeed(SPEED))) {
            Instant start = box.state().now();
            GitHubClient gh = new GitHubClient(new GitHubSettings(box.githubApiUrl(), box.token(), RepoRef.parse(box.repo()), null,
                    Duration.ofSeconds(10)));
            // past the predicted end (plus a margin for anything the prediction missed), then everything done;
            // between two looks the scaled clock jumps STEP ahead (what falls due still runs in time order), so the
            // story does not wait out its minutes at SPEED
            boolean settled = box.engine().awaitUntil(() -> {
                if (box.state().now().isAfter(start.plus(story).plusSeconds(60)) && gh.recentRuns(100).stream().noneMatch(Run::alive)) return true;
                box.engine().skip(STEP);
                return false;
            }, Duration.ofSeconds(60));
            assertThat(settled).as("the live sandbox settled").isTrue();
            List<Run> runs = new ArrayList<>(gh.recentRuns(100));
            runs.sort(Comparator.comparing(Run::createdAt).thenComparingLong(Run::id));
            List<Run> evicted = new ArrayList<>();
            for (Run r : runs) {
                String outcome = outcome(r, gh.jobs(r.id()));
                live.add(new String[]{r.workflowFile(), r.actor() + ": " + r.displayTitle() + " -> " + outcome});
                if (outcome.equals("evicted")) evicted.add(r);
            }
            evicted.sort(Comparator.comparing(Run::updatedAt).thenComparingLong(Run::id));
            for (Run r : evicted) liveEvictions.add(r.workflowFile() + " " + r.actor() + ": " + r.displayTitle() + " -> evicted");
        }

        assertThat(byWorkflow(live)).isEqualTo(byWorkflow(predicted));
        assertThat(liveEvictions).as("same evictions, same order").isEqualTo(predictedEvictions);
        // and the story is the one issue 7 tells: the middle merge never deploys
        assertThat(byWorkflow(predicted).get("deploy-dev.yml")).containsExactly(
                "alice: Fix timeout in sentiment handler (#412) -> success",
                "bob: Add retry to the ingest client (#413) -> evicted",
                "carol: Raise analyzer memory to 1024 MB (#414) -> success");
    }

    /** As an operator reads it from the API: a cancelled run none of whose jobs ever got a runner was evicted. */
    private static String outcome(Run r, List<Job> jobs) {
        boolean ran = jobs.stream().anyMatch(j -> j.conclusion() != Conclusion.SKIPPED && j.steps().stream().anyMatch(s -> s.startedAt() != null));
        if (r.conclusion() == Conclusion.CANCELLED && !ran) return "evicted";
        return r.conclusion().api();
    }
}
