package dev.baton.sandbox;

import dev.baton.model.Conclusion;
import dev.baton.model.RunStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Faults scenarios and tests inject: API faults the HTTP layer applies ({@link FaultSettings}, read by
 * {@link FaultInjector}), runner crashes during `terraform apply` and step failures. Called with the
 * engine lock held, except {@link #api()}.
 */
final class InjectedFaults {
    private record ArmedCrash(String workflowFile, Duration after) {
    }

    private record ArmedFailure(String workflowFile, String step) {
    }

    private final Scheduler scheduler;
    private final SimStore store;
    private final RunLifecycle lifecycle;
    private final List<ArmedCrash> crashes = new ArrayList<>();
    private final List<ArmedFailure> failures = new ArrayList<>();
    private volatile FaultSettings api = FaultSettings.NONE;

    InjectedFaults(Scheduler scheduler, SimStore store, RunLifecycle lifecycle) {
        this.scheduler = scheduler;
        this.store = store;
        this.lifecycle = lifecycle;
    }

    // ---------------------------------------------------------------- API faults

    /** The API faults now in force; read on HTTP threads without the lock. */
    FaultSettings api() {
        return api;
    }

    void api(FaultSettings f) {
        api = f == null ? FaultSettings.NONE : f;
        store.changed();
    }

    // ---------------------------------------------------------------- runner faults

    /**
     * Arms a runner crash: the current or next `terraform apply` of the workflow (file name, or null for
     * any) loses its runner `after` the lock is taken. The lock object stays in S3 (orphaned), the job fails.
     */
    void armCrash(String workflowFile, Duration after) {
        // a matching apply already holding its lock crashes now (or when `after` has passed)
        for (RunState run : store.runs.values()) {
            if (run.completed() || !matches(workflowFile, run)) continue;
            for (JobState job : run.jobs) {
                if (job.held != null && !job.completed() && JobRunner.currentKind(job) == StepKind.TF_APPLY) {
                    Instant at = job.lockAcquiredAt == null ? store.now() : job.lockAcquiredAt.plus(after);
                    if (at.isBefore(store.now())) at = store.now();
                    scheduleCrash(job, at);
                    return;
                }
            }
        }
        crashes.add(new ArmedCrash(workflowFile, after));
    }

    /** Arms a step failure: the next step of the workflow (null: any) named step (or of that kind key) fails. */
    void armFailure(String workflowFile, String step) {
        failures.add(new ArmedFailure(workflowFile, step));
    }

    /** Terraform apply just took its lock: an armed crash for this workflow fires `after` from now. */
    void lockAcquired(JobState job, StepKind kind) {
        if (kind != StepKind.TF_APPLY) return;
        for (Iterator<ArmedCrash> it = crashes.iterator(); it.hasNext(); ) {
            ArmedCrash c = it.next();
            if (matches(c.workflowFile, job.run)) {
                it.remove();
                scheduleCrash(job, store.now().plus(c.after));
                return;
            }
        }
    }

    private void scheduleCrash(JobState job, Instant at) {
        long token = job.token;
        scheduler.schedule(at, "crash job " + job.id, () -> scheduler.lockedRun(() -> {
            if (job.token == token) crash(job);
        }));
    }

    /** The runner dies: no more log lines, no lock release (the .tflock stays), the job fails. */
    void crash(JobState job) {
        if (job.completed()) return;
        job.crashed = true;
        job.token++;
        for (StepState st : job.steps) {
            if (st.status == RunStatus.IN_PROGRESS) {
                st.status = RunStatus.COMPLETED;
                st.conclusion = Conclusion.FAILURE;
                st.completedAt = store.now();
            }
        }
        job.held = null;
        store.annotate(job, "The hosted runner: " + job.runnerName + " lost communication with the server. Anything in your "
                + "workflow that terminates the runner process, starves it for CPU/Memory, or blocks its network access can cause this error.");
        lifecycle.completeJob(job, Conclusion.FAILURE);
    }

    /** An armed failure for this step, used up: the step fails. */
    boolean consumeFailure(JobState job, StepState st) {
        for (Iterator<ArmedFailure> it = failures.iterator(); it.hasNext(); ) {
            ArmedFailure f = it.next();
            if (!matches(f.workflowFile, job.run)) continue;
            if (f.step == null || f.step.equalsIgnoreCase(st.name) || f.step.equalsIgnoreCase(st.kind.key)) {
                it.remove();
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String workflowFile, RunState run) {
        return workflowFile == null || workflowFile.equals(run.wf.file()) || workflowFile.equals(run.wf.path);
    }
}
