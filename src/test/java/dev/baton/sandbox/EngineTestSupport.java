package dev.baton.sandbox;

import dev.baton.model.RunStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import dev.baton.testkit.S3PerClass;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** One s3proxy per test class, an empty state bucket and a fresh manual-clock engine per test. */
abstract class EngineTestSupport {
    static final String BUCKET = "sentiment-analyzer-terraform-state-sandbox";
    static final String BOT = "dependabot[bot]";
    @RegisterExtension
    static final S3PerClass S3 = new S3PerClass();
    SimEngine engine;
    SandboxState state;

    static S3Client s3() {
        return S3.client();
    }

    @BeforeEach
    void emptyBucket() {
        try {
            for (S3Object o : s3().listObjectsV2(b -> b.bucket(BUCKET)).contents()) s3().deleteObject(b -> b.bucket(BUCKET).key(o.key()));
        } catch (NoSuchBucketException e) {
            // first test of the class: the engine creates it
        }
    }

    @AfterEach
    void closeEngine() {
        if (engine != null) engine.close();
    }

    SimEngine start(EngineOptions options) {
        engine = SimEngine.create(options.withS3(s3()));
        state = engine.state();
        return engine;
    }

    SimEngine start(String... overlays) {
        return start(EngineOptions.manual().withOverlays(List.of(overlays)));
    }

    SimRun dispatch(String workflow, String actor) {
        return state.dispatch(workflow, "main", Map.of(), actor);
    }

    SimRun run(long id) {
        return state.run(id).orElseThrow();
    }

    /** Runs the story until every run is completed, checking after every action that no group ever has two runs in progress. */
    void runToEnd(Duration max) {
        runToEnd(max, state.runs(RunQuery.ALL).stream().mapToLong(SimRun::id).toArray());
    }

    /** Like {@link #runToEnd(Duration)} for the given runs only (others, e.g. triggered ones, may go on). */
    void runToEnd(Duration max, long... runIds) {
        boolean done = engine.runUntil(() -> {
            assertAtMostOneInProgressPerGroup();
            return java.util.Arrays.stream(runIds).allMatch(id -> run(id).completed());
        }, max);
        assertThat(done).as("all runs completed within " + max).isTrue();
    }

    void assertAtMostOneInProgressPerGroup() {
        Map<String, Long> inProgress = state.runs(RunQuery.ALL).stream()
                .filter(r -> r.group() != null && r.status() == RunStatus.IN_PROGRESS)
                .collect(Collectors.groupingBy(r -> r.group().toLowerCase(), Collectors.counting()));
        inProgress.forEach((g, n) -> assertThat(n).as("runs in progress in group " + g).isLessThanOrEqualTo(1));
        for (SimGroup g : state.activeGroups()) {
            assertThat(g.members().stream().filter(m -> m.status() == RunStatus.IN_PROGRESS).count())
                    .as("in_progress members of " + g.name()).isLessThanOrEqualTo(1);
        }
    }

    String log(SimJob job) {
        return state.jobLog(job.id()).orElseThrow().stream().map(SimLogLine::text).collect(Collectors.joining("\n"));
    }

    SimJob jobNamed(long runId, String prefix) {
        return state.jobs(runId).stream().filter(j -> j.name().startsWith(prefix)).findFirst().orElseThrow();
    }
}
