package dev.baton;

import dev.baton.command.Baton;
import dev.baton.command.BatonOptions;
import dev.baton.command.JobLogs;
import dev.baton.model.Job;
import dev.baton.model.RunStatus;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12: a running job shows its steps live (state, number, name, time so far) from the jobs API, read
 * through hub4j against the sandbox, until its log exists; a finished job shows its log.
 */
class JobStepsLoopbackTest {
    @Test
    void aRunningJobShowsItsStepsAndAFinishedOneItsLog() throws Exception {
        try (LoopbackFixture box = new LoopbackFixture(30, Files.createTempDirectory("baton-steps"), Map.of("apply", Duration.ofMinutes(30)));
             Baton baton = new Baton(box.env, new BatonOptions(null, null, false))) {
            long run = box.engine.state().dispatch("deploy-dev.yml", "main", Map.of(), "alice").id();
            Job job = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            // until a Terraform step runs (the 30-minute apply holds it there): an earlier poll can meet the AWS step
            while (job == null || job.steps().stream().noneMatch(s -> s.status() == RunStatus.IN_PROGRESS
                    && s.name().toLowerCase(java.util.Locale.ROOT).contains("terraform"))) {
                assertThat(System.nanoTime()).as("no Terraform step of run %d ever ran", run).isLessThan(deadline);
                Thread.sleep(100);
                job = baton.github().jobs(run).stream().filter(j -> j.status() == RunStatus.IN_PROGRESS).findFirst().orElse(null);
            }
            List<String> lines = JobLogs.lines(baton.github(), run, null, baton.github().clock().instant());
            assertThat(lines.get(0)).isEqualTo("== " + job.name() + " (in_progress)");
            assertThat(lines.get(1)).contains("GitHub has no live log of a running job; its steps until it ends");
            assertThat(lines).anySatisfy(l -> assertThat(l).matches("   success +1  Set up job +\\d+s"));
            assertThat(lines).as("a skipped step took no time").noneMatch(l -> l.matches("   skipped .*\\d+s"));
            assertThat(lines).anySatisfy(l -> assertThat(l).matches("(?i)   in_progress +\\d+  .*terraform.* +\\d+(m\\d+)?s"));
            assertThat(lines).as("one job: its steps without a header").containsAll(
                    JobLogs.lines(baton.github(), run, job.id(), baton.github().clock().instant()).subList(1, 2));

            // `logs` reads the same lines: a running job's steps, not only "readable once it finishes"
            LoopbackFixture.Outcome logs = box.baton("logs", String.valueOf(run));
            assertThat(logs.code()).as(logs.err()).isZero();
            assertThat(logs.out()).contains("== " + job.name() + " (in_progress)").containsPattern("   success +1  Set up job")
                    .doesNotContain("readable once it finishes");
            assertThat(box.baton("logs", String.valueOf(run), "--json").out()).contains("\"steps\"", "Set up job");

            box.engine.state().cancel(run);
            deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (baton.github().run(run).status() != RunStatus.COMPLETED) {
                assertThat(System.nanoTime()).isLessThan(deadline);
                Thread.sleep(100);
            }
            List<String> done = JobLogs.lines(baton.github(), run, null, baton.github().clock().instant());
            assertThat(done.get(0)).isEqualTo("== " + job.name() + " (cancelled)");
            assertThat(done).noneMatch(l -> l.contains("no live log")).anyMatch(l -> l.contains("Runner name:"));
        }
    }
}
