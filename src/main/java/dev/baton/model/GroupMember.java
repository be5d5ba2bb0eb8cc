package dev.baton.model;

/**
 * A member of a concurrency group: a run (workflow-level group) or a job (job-level group).
 * position: 0 for the in_progress member, 1.. for pending ones in release order.
 */
public record GroupMember(long runId, String runName, Long jobId, String jobName, RunStatus status, int position) {
    public boolean running() {
        return status == RunStatus.IN_PROGRESS;
    }
}
