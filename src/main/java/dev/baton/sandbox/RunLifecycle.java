package dev.baton.sandbox;

import dev.baton.model.Conclusion;
import dev.baton.model.RunStatus;
import dev.baton.workflow.Concurrency;
import dev.baton.workflow.ConcurrencySpec;
import dev.baton.workflow.JobSpec;
import dev.baton.workflow.QueueMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Map;

/**
 * A run from creation to its conclusion: its workflow-level group, its jobs moving through needs, gates,
 * approvals and job-level groups to the runner, its status, cancellation, and what eviction or
 * cancel-in-progress does to it (the {@link GroupRules.Outcomes}). Called with the engine lock held.
 */
final class RunLifecycle implements GroupRules.Outcomes {
    private static final Logger LOG = LoggerFactory.getLogger(RunLifecycle.class);
    /** The runner, approvals and triggers, built after the lifecycle (each calls back into it). */
    private final SimEngine engine;
    private final SimStore store;
    private final GroupRules groups;
    private final JobGates gates;

    RunLifecycle(SimEngine engine, SimStore store, GroupRules groups, JobGates gates) {
        this.engine = engine;
        this.store = store;
        this.groups = groups;
        this.gates = gates;
    }

    /** A new run (its id, number and group resolved), admitted to its group or started. */
    RunState createRun(WorkflowDef wf, String event, String actor, String triggeringActor, String sha,
                       String branch, String title, Map<String, Object> inputs, Map<String, Object> payload,
                       long triggeringRunId, int depth) {
        RunState run = new RunState(store.newRunId(), wf, ++wf.runCounter, event, actor, triggeringActor, sha, branch, title,
                inputs, payload, triggeringRunId, depth, store.now());
        store.addRun(run);
        store.changed();
        LOG.info("sandbox: run {} of {} ({}) by {}", run.id, wf.file(), event, actor);
        ConcurrencySpec c = wf.spec.concurrency();
        if (c != null) {
            try {
                Concurrency.Resolved r = Concurrency.resolve(c, Contexts.of(store, run, null));
                run.group = r.group().strip();
                run.cancelInProgress = r.cancelInProgress();
                run.queue = r.queue() == null ? QueueMode.SINGLE : r.queue();
            } catch (RuntimeException e) {
                startupFailure(run, e.getMessage());
                return run;
            }
        }
        admit(run);
        return run;
    }

    private void startupFailure(RunState run, String why) {
        LOG.warn("sandbox: run {} failed to start: {}", run.id, why);
        run.group = null;
        finishRun(run, Conclusion.STARTUP_FAILURE);
    }

    /**
     * A run without a workflow-level group starts at once. With one, it enters the group; if one of its
     * entry jobs (no needs) deploys to an environment with required reviewers, the run first waits for
     * approval while holding a pending place in the group (so a newer arrival can evict it).
     */
    private void admit(RunState run) {
        if (run.group == null) {
            startRun(run);
            return;
        }
        boolean gated = false;
        for (JobSpec spec : run.wf.spec.jobs()) {
            if (!spec.needs().isEmpty()) continue;
            for (JobState candidate : gates.expand(run, spec, false)) {
                JobGates.Gate g = gates.gate(candidate);
                if (g.ifPassed() && g.needsApproval()) gated = true;
            }
        }
        if (gated) {
            materializeJobs(run);
            for (JobState job : run.jobs) {
                if (!job.spec.needs().isEmpty()) continue;
                gates.applyGate(job);
                if (job.ifPassed && job.needsApproval) {
                    job.status = RunStatus.WAITING;
                    job.waitingSince = store.now();
                    engine.approvals().waiting(job);
                }
            }
        }
        GroupState g = groups.group(run.group);
        Member m = new Member(run, null, g, run.queue, store.now(), !gated);
        run.member = m;
        groups.enter(m, run.cancelInProgress);
        refreshRunStatus(run);
    }

    private void startRun(RunState run) {
        if (run.completed() || run.started) return;
        run.started = true;
        run.runStartedAt = store.now();
        if (!run.jobsMaterialized) materializeJobs(run);
        store.changed();
        advanceJobs(run);
    }

    private void materializeJobs(RunState run) {
        run.jobsMaterialized = true;
        for (JobSpec spec : run.wf.spec.jobs()) {
            for (JobState j : gates.expand(run, spec, true)) {
                run.jobs.add(j);
                store.addJob(j);
            }
        }
        store.changed();
    }

    /** Moves every ready job of a started run forward: skip, wait for approval, enter a job group, or start. */
    void advanceJobs(RunState run) {
        if (run.completed()) return;
        if (!run.started) {
            if (!run.jobs.isEmpty() && run.jobs.stream().allMatch(JobState::completed)) completeRun(run);
            else refreshRunStatus(run);
            return;
        }
        boolean progress;
        do {
            progress = false;
            for (JobState job : run.jobs) {
                if (job.status != RunStatus.QUEUED || !JobGates.needsDone(job)) continue;
                if (run.cancelRequested) {
                    completeJob(job, Conclusion.CANCELLED);
                    progress = true;
                    continue;
                }
                gates.applyGate(job);
                if (!job.ifPassed) {
                    job.status = RunStatus.COMPLETED;
                    job.conclusion = Conclusion.SKIPPED;
                    job.startedAt = store.now();
                    job.completedAt = store.now();
                    store.changed();
                    progress = true;
                    continue;
                }
                if (job.needsApproval && !job.approved) {
                    job.status = RunStatus.WAITING;
                    job.waitingSince = store.now();
                    store.changed();
                    engine.approvals().waiting(job);
                    if (job.spec.concurrency() != null && !job.groupEvaluated) enterJobGroup(job, false);
                    continue;
                }
                if (job.spec.concurrency() != null && !job.groupEvaluated) {
                    enterJobGroup(job, true);
                    progress = true;
                    continue;
                }
                startJob(job);
                progress = true;
            }
        } while (progress && !run.completed());
        if (!run.completed() && run.jobs.stream().allMatch(JobState::completed)) completeRun(run);
        else refreshRunStatus(run);
    }

    private void enterJobGroup(JobState job, boolean eligible) {
        job.groupEvaluated = true;
        String group;
        try {
            Concurrency.Resolved r = Concurrency.resolve(job.spec.concurrency(), Contexts.of(store, job.run, job));
            group = r.group().strip();
            job.cancelInProgress = r.cancelInProgress();
            job.queue = r.queue() == null ? QueueMode.SINGLE : r.queue();
        } catch (RuntimeException e) {
            failJobEarly(job, e.getMessage());
            return;
        }
        job.group = group;
        Member m = new Member(job.run, job, groups.group(group), job.queue, store.now(), eligible);
        job.member = m;
        if (eligible) job.status = RunStatus.PENDING;
        store.changed();
        groups.enter(m, job.cancelInProgress);
    }

    private void failJobEarly(JobState job, String why) {
        store.annotate(job, why);
        completeJob(job, Conclusion.FAILURE);
    }

    void startJob(JobState job) {
        if (job.completed() || job.status == RunStatus.IN_PROGRESS) return;
        job.status = RunStatus.IN_PROGRESS;
        job.startedAt = store.now();
        store.changed();
        engine.runner().start(job);
        refreshRunStatus(job.run);
    }

    /** Ends a job (idempotent), leaves its job-level group, and moves the run on. */
    void completeJob(JobState job, Conclusion conclusion) {
        if (job.completed()) return;
        job.status = RunStatus.COMPLETED;
        job.conclusion = conclusion;
        if (job.startedAt == null && conclusion != Conclusion.CANCELLED) job.startedAt = store.now();
        job.completedAt = store.now();
        job.token++;
        store.changed();
        LOG.info("sandbox: job {} '{}' of run {} {}", job.id, job.name, job.run.id, conclusion.api());
        if (job.member != null) groups.leave(job.member);
        advanceJobs(job.run);
    }

    private void completeRun(RunState run) {
        if (run.completed()) return;
        Conclusion c;
        if (run.cancelRequested || run.jobs.stream().anyMatch(j -> j.conclusion == Conclusion.CANCELLED)) {
            c = Conclusion.CANCELLED;
        } else if (run.jobs.stream().anyMatch(j -> j.conclusion == Conclusion.FAILURE || j.conclusion == Conclusion.TIMED_OUT)) {
            c = Conclusion.FAILURE;
        } else if (!run.jobs.isEmpty() && run.jobs.stream().allMatch(j -> j.conclusion == Conclusion.SKIPPED)) {
            c = Conclusion.SKIPPED;
        } else {
            c = Conclusion.SUCCESS;
        }
        finishRun(run, c);
    }

    private void finishRun(RunState run, Conclusion c) {
        if (run.completed()) return;
        run.status = RunStatus.COMPLETED;
        run.conclusion = c;
        run.updatedAt = store.now();
        store.changed();
        LOG.info("sandbox: run {} of {} completed {}", run.id, run.wf.file(), c.api());
        if (run.member != null) groups.leave(run.member);
        engine.triggers().completed(run);
    }

    /**
     * waiting if a job waits for approval; pending if the run is held by its workflow-level group, or
     * all its live jobs are held by job-level groups; queued before it starts; else in_progress.
     */
    void refreshRunStatus(RunState run) {
        if (run.completed()) return;
        RunStatus s;
        if (run.jobs.stream().anyMatch(j -> j.status == RunStatus.WAITING)) s = RunStatus.WAITING;
        else if (run.member != null && !run.member.running()) s = RunStatus.PENDING;
        else if (!run.started) s = RunStatus.QUEUED;
        else if (run.jobs.stream().noneMatch(j -> j.status == RunStatus.IN_PROGRESS)
                && run.jobs.stream().anyMatch(j -> j.status == RunStatus.PENDING)) s = RunStatus.PENDING;
        else s = RunStatus.IN_PROGRESS;
        if (s != run.status) {
            run.status = s;
            run.updatedAt = store.now();
            store.changed();
        }
    }

    // ---------------------------------------------------------------- what the group rules ask

    @Override
    public void acquired(Member m) {
        if (m.job == null) {
            startRun(m.run);
            refreshRunStatus(m.run);
        } else {
            startJob(m.job);
        }
    }

    /** An evicted run ends cancelled (zero jobs unless it was waiting for approval); an evicted job is cancelled with the annotation. */
    @Override
    public void evicted(Member m, String message) {
        if (m.job == null) {
            RunState run = m.run;
            run.cancelRequested = true;
            for (JobState j : run.jobs) {
                if (!j.completed()) {
                    store.annotate(j, message);
                    j.token++;
                    j.status = RunStatus.COMPLETED;
                    j.conclusion = Conclusion.CANCELLED;
                    j.completedAt = store.now();
                }
            }
            finishRun(run, Conclusion.CANCELLED);
        } else {
            store.annotate(m.job, message);
            completeJob(m.job, Conclusion.CANCELLED);
        }
    }

    @Override
    public void cancelRunning(Member m, String message) {
        if (m.job == null) requestCancel(m.run, message);
        else engine.runner().interrupt(m.job, message);
    }

    // ---------------------------------------------------------------- cancel

    /** POST .../cancel: GitHub's refusals as SandboxException. */
    void cancel(long runId) {
        RunState run = store.runs.get(runId);
        if (run == null) throw new SandboxException(404, "Not Found");
        if (run.completed()) throw new SandboxException(409, "Cannot cancel a workflow run that is completed.");
        requestCancel(run, null);
    }

    /** Pending and waiting members leave at once; running jobs get the runner's interrupt. */
    void requestCancel(RunState run, String annotation) {
        if (run.cancelRequested || run.completed()) return;
        run.cancelRequested = true;
        store.changed();
        if (run.member != null && !run.member.running()) {
            Member m = run.member;
            groups.drop(m);
            groups.release(m.group);
        }
        for (JobState job : new ArrayList<>(run.jobs)) {
            if (job.completed()) continue;
            if (job.status == RunStatus.IN_PROGRESS) {
                engine.runner().interrupt(job, annotation);
            } else {
                if (annotation != null) store.annotate(job, annotation);
                if (job.member != null) {
                    Member jm = job.member;
                    groups.drop(jm);
                    groups.release(jm.group);
                }
                job.token++;
                job.status = RunStatus.COMPLETED;
                job.conclusion = Conclusion.CANCELLED;
                job.completedAt = store.now();
            }
        }
        if (!run.started || run.jobs.stream().allMatch(JobState::completed)) {
            if (run.jobs.stream().allMatch(JobState::completed)) finishRun(run, Conclusion.CANCELLED);
        } else {
            advanceJobs(run);
        }
    }

    /** Cancels the newest run not yet completed (of a workflow file, or any); false if none. */
    boolean cancelNewest(String workflowFile) {
        RunState newest = null;
        for (RunState run : store.runs.values()) {
            if (!run.completed() && (workflowFile == null || run.wf.file().equals(workflowFile))) newest = run;
        }
        if (newest == null) return false;
        requestCancel(newest, null);
        return true;
    }
}
