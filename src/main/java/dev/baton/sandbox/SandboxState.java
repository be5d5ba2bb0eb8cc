package dev.baton.sandbox;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the HTTP layer (and tests) read and do: the GitHub side of the sandbox. Every method is atomic
 * under the engine's single lock and returns immutable snapshots, so callers never hold engine state.
 * For several reads that must agree (e.g. a run and its jobs for one response), use {@link #atomically}.
 * Mutations answer GitHub's refusals as {@link SandboxException} carrying the HTTP status.
 */
public final class SandboxState {
    private final Scheduler scheduler;
    private final SimStore store;
    private final ReadViews views;
    private final Triggers triggers;
    private final RunLifecycle lifecycle;
    private final Approvals approvals;
    private final InjectedFaults faults;

    SandboxState(Scheduler scheduler, SimStore store, ReadViews views, Triggers triggers, RunLifecycle lifecycle,
                 Approvals approvals, InjectedFaults faults) {
        this.scheduler = scheduler;
        this.store = store;
        this.views = views;
        this.triggers = triggers;
        this.lifecycle = lifecycle;
        this.approvals = approvals;
        this.faults = faults;
    }

    /** Runs reads under the engine lock, so they see one instant. Do not block inside. */
    public <T> T atomically(Supplier<T> reads) {
        return scheduler.locked(reads);
    }

    /** Sim time now (the clock runs at the configured speed). */
    public Instant now() {
        return store.now();
    }

    /** Grows by one on every state change; a cheap "did anything change" for ETags and waits. */
    public long version() {
        return scheduler.locked(store::version);
    }

    public SimRepo repo() {
        return scheduler.locked(views::repo);
    }

    /** Text of a repository file at a ref (branch or sha); empty when the file or the ref is unknown. */
    public Optional<String> file(String path, String ref) {
        return scheduler.locked(() -> views.file(path, ref));
    }

    /** Workflows in path order. */
    public List<SimWorkflow> workflows() {
        return scheduler.locked(views::workflows);
    }

    /** By numeric id ("161335") or file name ("deploy-prod.yml"); empty when unknown. */
    public Optional<SimWorkflow> workflow(String idOrFile) {
        return scheduler.locked(() -> views.workflow(idOrFile));
    }

    /** Runs matching the query, newest first (highest id first), as GitHub lists them. */
    public List<SimRun> runs(RunQuery query) {
        return scheduler.locked(() -> views.runs(query));
    }

    public Optional<SimRun> run(long runId) {
        return scheduler.locked(() -> views.run(runId));
    }

    /** Jobs of a run in creation order; empty when the run is unknown or has none. */
    public List<SimJob> jobs(long runId) {
        return scheduler.locked(() -> views.jobs(runId));
    }

    public Optional<SimJob> job(long jobId) {
        return scheduler.locked(() -> views.job(jobId));
    }

    /** Log lines of a job so far (GitHub serves them once the job is completed; the HTTP layer decides). */
    public Optional<List<SimLogLine>> jobLog(long jobId) {
        return scheduler.locked(() -> views.jobLog(jobId));
    }

    /** Annotations of a check run (a job's checkRunId); empty list when none or unknown. */
    public List<SimAnnotation> annotations(long checkRunId) {
        return scheduler.locked(() -> views.annotations(checkRunId));
    }

    /** Environment approvals the run waits for; empty when it waits for none. */
    public List<SimPendingDeployment> pendingDeployments(long runId) {
        return scheduler.locked(() -> views.pendingDeployments(runId));
    }

    /** Active groups (with at least one member), most recently acquired first. */
    public List<SimGroup> activeGroups() {
        return scheduler.locked(views::activeGroups);
    }

    /** An active group by name, case-insensitively; empty when the group is not active (GitHub: 404). */
    public Optional<SimGroup> group(String name) {
        return scheduler.locked(() -> views.group(name));
    }

    /**
     * The groups a run is configured into (its workflow-level group and its jobs' job-level groups),
     * empty groups included, members carrying their position. Empty when the run is unknown.
     */
    public Optional<List<SimGroup>> groupsOfRun(long runId) {
        return scheduler.locked(() -> views.groupsOfRun(runId));
    }

    /**
     * workflow_dispatch. inputs are strings as the REST API receives them; defaults fill the rest.
     * @throws SandboxException 404 unknown workflow; 422 no workflow_dispatch trigger, unknown ref,
     *         unexpected or missing required inputs, more than 25 inputs, bad choice/boolean value.
     */
    public SimRun dispatch(String workflowIdOrFile, String ref, Map<String, String> inputs, String actor) {
        return scheduler.locked(() -> triggers.dispatch(workflowIdOrFile, ref, inputs, actor));
    }

    /**
     * Cancels a run (POST .../cancel answers 202): pending/waiting members leave their groups at once,
     * in_progress jobs stop after their current step is interrupted.
     * @throws SandboxException 404 unknown run; 409 run already completed.
     */
    public void cancel(long runId) {
        scheduler.lockedRun(() -> lifecycle.cancel(runId));
    }

    /**
     * Approves every pending deployment of a run (a required reviewer said yes).
     * @throws SandboxException 404 unknown run; 422 when the run waits for no approval.
     */
    public void approve(long runId) {
        scheduler.lockedRun(() -> approvals.approve(runId));
    }

    /** The API faults now in force (scenarios and tests switch them). */
    public FaultSettings faults() {
        return faults.api();
    }

    public void setFaults(FaultSettings faults) {
        scheduler.lockedRun(() -> this.faults.api(faults));
    }
}
