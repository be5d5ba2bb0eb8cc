package dev.baton.tui;

import com.googlecode.lanterna.input.KeyType;
import dev.baton.model.Conclusion;
import dev.baton.model.Run;
import dev.baton.model.RunStatus;
import dev.baton.model.Snapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A followed log shows the run's final jobs once it ends, even when that fetch had to wait for another. */
class LogFollowTest {
    @TempDir
    Path tmp;

    @Test
    void theLogIsFetchedOnceMoreWhenTheRunEndsAndALateRequestIsNotLost() throws Exception {
        AtomicInteger fetches = new AtomicInteger();
        Queue<Runnable> background = new ArrayDeque<>();
        String[] jobState = {"in_progress"};
        ConsoleOptions o = Harness.base(tmp).logs((run, job) -> {
            fetches.incrementAndGet();
            return List.of("== Deploy (" + jobState[0] + ")");
        });
        try (Harness h = new Harness(80, 24, new Fixtures.FakeRunner(false), o, background::add)) {
            h.type("jjj"); // deploy-production's running member #58
            h.press(KeyType.Enter);
            assertThat(background).hasSize(1); // the first fetch is still running
            jobState[0] = "success";
            h.view.onSnapshot(ended(1058)); // the run ends meanwhile: its final fetch must wait, not vanish
            background.poll().run();
            h.frame();
            assertThat(background).as("the waiting fetch starts when the first returns").hasSize(1);
            background.poll().run();
            h.frame();
            assertThat(fetches.get()).isEqualTo(2);
            assertThat(h.text()).contains("== Deploy (success)");
            h.view.onSnapshot(ended(1058));
            h.frame();
            assertThat(background).as("an ended run is not fetched again on every snapshot").isEmpty();
        }
    }

    @Test
    void aJobLogsTimestampsAreNotShownRawAndTheRowsAlign() throws Exception {
        // as the port gives them: GitHub's byte-order mark is dropped where the log is decoded (RunReadsLinesTest)
        ConsoleOptions o = Harness.base(tmp).logs((run, job) -> List.of(
                "2026-03-10T14:01:01.5406611Z Current runner version: '2.321.0'",
                "2026-03-10T14:01:02.0000000Z Runner name: 'GitHub Actions 647'"));
        try (Harness h = new Harness(80, 24, new Fixtures.FakeRunner(false), o, Runnable::run)) {
            h.type("jjj");
            h.press(KeyType.Enter);
            String first = h.text().lines().filter(l -> l.contains("Current runner version")).findFirst().orElseThrow();
            String second = h.text().lines().filter(l -> l.contains("Runner name")).findFirst().orElseThrow();
            assertThat(first).doesNotContain("2026-03-10T");
            assertThat(first.indexOf("Current")).isEqualTo(second.indexOf("Runner"));
        }
    }

    private static Snapshot ended(long runId) {
        Snapshot s = Fixtures.snapshot();
        List<Run> runs = s.runs().stream().map(r -> r.id() != runId ? r
                : new Run(r.id(), r.workflowName(), r.workflowPath(), r.runNumber(), r.attempt(), r.event(), r.actor(), r.headSha(),
                r.headBranch(), r.displayTitle(), RunStatus.COMPLETED, Conclusion.SUCCESS, r.createdAt(), r.startedAt(), r.updatedAt(), r.htmlUrl())).toList();
        return new Snapshot(s.takenAt(), s.repo(), s.mode(), s.rateLimit(), runs, s.groups(), s.locks(), s.stages(), s.findings(), s.health());
    }
}
