package dev.baton.sandbox;

import dev.baton.model.RunStatus;

/**
 * A member of a concurrency group: a run (workflow-level group, jobId null) or a job (job-level).
 * status is IN_PROGRESS or PENDING only (a member waiting for environment approval is PENDING here,
 * as the concurrency-groups API knows no other value). position: 0 for the in_progress member,
 * 1.. for pending ones in release order (when nothing runs, the first pending member is 1).
 */
public record SimGroupMember(long runId, String runName, Long jobId, String jobName, RunStatus status, int position) {
}
