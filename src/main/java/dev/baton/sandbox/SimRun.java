package dev.baton.sandbox;

import dev.baton.model.Conclusion;
import dev.baton.model.RunStatus;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A workflow run at one instant, with every field hub4j and gh read. event: push | workflow_dispatch |
 * workflow_run. status: queued | pending (held by its workflow-level group, or all its live jobs held by
 * job-level groups) | waiting (environment approval) | in_progress | completed. runStartedAt is the
 * creation time until the run acquires its group (as on GitHub for the first attempt).
 * group: the evaluated workflow-level concurrency group, null when the workflow has none.
 * jobIds in creation order (empty for a run evicted while pending). triggeringRunId: for workflow_run
 * events the run whose completion triggered this one, else 0.
 */
public record SimRun(long id, long workflowId, String workflowName, String workflowPath, long runNumber,
                     int runAttempt, String event, String actor, String triggeringActor, String headSha,
                     String headBranch, String displayTitle, RunStatus status, Conclusion conclusion,
                     Instant createdAt, Instant updatedAt, Instant runStartedAt, Map<String, Object> inputs,
                     String group, List<Long> jobIds, long triggeringRunId) {
    public SimRun {
        inputs = Map.copyOf(inputs);
        jobIds = List.copyOf(jobIds);
    }

    public boolean completed() {
        return status == RunStatus.COMPLETED;
    }
}
