package dev.baton.sandbox;

import dev.baton.model.RunStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;

/**
 * Deployments waiting for a required reviewer (settings.yml's environments): approving them, on request
 * or automatically after a sim delay, lets the job (or the run still holding a pending group place) go on.
 * Called with the engine lock held.
 */
final class Approvals {
    private static final Logger LOG = LoggerFactory.getLogger(Approvals.class);
    private final Scheduler scheduler;
    private final SimStore store;
    private final GroupRules groups;
    private final RunLifecycle lifecycle;
    private Duration autoApproveAfter;

    Approvals(Scheduler scheduler, SimStore store, GroupRules groups, RunLifecycle lifecycle, Duration autoApproveAfter) {
        this.scheduler = scheduler;
        this.store = store;
        this.groups = groups;
        this.lifecycle = lifecycle;
        this.autoApproveAfter = autoApproveAfter;
    }

    /** POST .../approve (or a reviewer's yes): every pending deployment of the run. */
    void approve(long runId) {
        RunState run = store.runs.get(runId);
        if (run == null) throw new SandboxException(404, "Not Found");
        List<JobState> waiting = run.jobs.stream().filter(j -> j.status == RunStatus.WAITING && !j.approved).toList();
        if (waiting.isEmpty()) throw new SandboxException(422, "There are no pending deployments for this run");
        for (JobState j : waiting) approveJob(j);
    }

    private void approveJob(JobState job) {
        if (job.status != RunStatus.WAITING || job.approved) return;
        job.approved = true;
        store.changed();
        LOG.info("sandbox: deployment of job {} to {} approved", job.id, job.environment);
        RunState run = job.run;
        if (job.member != null) {
            job.status = RunStatus.PENDING;
            job.member.eligible = true;
            groups.release(job.member.group);
        } else {
            job.status = RunStatus.QUEUED;
        }
        if (!run.started) {
            if (run.member != null && run.jobs.stream().noneMatch(j -> j.status == RunStatus.WAITING)) {
                run.member.eligible = true;
                groups.release(run.member.group);
            }
        } else {
            lifecycle.advanceJobs(run);
        }
        lifecycle.refreshRunStatus(run);
    }

    /** A job starts waiting: with auto-approve on, its approval is queued (dropped if the job ends first). */
    void waiting(JobState job) {
        Duration d = autoApproveAfter;
        if (d == null) return;
        long token = job.token;
        scheduler.schedule(store.now().plus(d), "auto-approve job " + job.id, () -> scheduler.lockedRun(() -> {
            if (job.token == token) approveJob(job);
        }));
    }

    /** Approve every pending deployment after this delay from now on (null: only on request). */
    void autoApproveAfter(Duration d) {
        autoApproveAfter = d;
    }

    /** Approves the oldest run waiting for a deployment approval (of a workflow file, or any); false if none. */
    boolean approveOldestWaiting(String workflowFile) {
        for (RunState run : store.runs.values()) {
            if (run.completed() || (workflowFile != null && !run.wf.file().equals(workflowFile))) continue;
            if (run.jobs.stream().anyMatch(j -> j.status == RunStatus.WAITING && !j.approved)) {
                approve(run.id);
                return true;
            }
        }
        return false;
    }
}
