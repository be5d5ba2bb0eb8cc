package dev.baton.sandbox;

import dev.baton.model.Conclusion;
import dev.baton.model.RunStatus;

import java.time.Instant;
import java.util.List;

/**
 * A job of a run. checkRunId is the last segment of check_run_url (annotations live there).
 * environment: the evaluated environment name, null when none. group: the evaluated job-level
 * concurrency group, null when the job has none. runnerName is null until the job starts.
 * status: queued | pending (held by a job-level group) | waiting (environment approval) | in_progress | completed.
 */
public record SimJob(long id, long runId, int runAttempt, String workflowName, String name,
                     String headSha, String headBranch, RunStatus status, Conclusion conclusion,
                     Instant createdAt, Instant startedAt, Instant completedAt,
                     List<SimStep> steps, long checkRunId, String environment, String group,
                     String runnerName, List<String> labels) {
    public SimJob {
        steps = List.copyOf(steps);
        labels = List.copyOf(labels);
    }
}
