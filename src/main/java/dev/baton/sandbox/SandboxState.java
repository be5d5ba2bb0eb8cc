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
    private final SimEngine engine;

    SandboxState(SimEngine engine) {
        this.engine = engine;
    }

    /** Runs reads under the engine lock, so they see one instant. Do not block inside. */
    public <T> T atomically(Supplier<T> reads) {
        return engine.locked(reads);
    }

    /** Sim time now (the clock runs at the configured speed). */
    public Instant now() {
        return engine.now();
    }

    /** Grows by one on every state change; a cheap "did anything change" for ETags and waits. */
    public long version() {
        return engine.version();
    }

    public SimRepo repo() {
        return engine.locked(engine::repoView);
    }

    /** Text of a repository file at a ref (branch or sha); empty when the file or the ref is unknown. */
    public Optional<String> file(String path, String ref) {
        return engine.locked(() -> engine.fileAt(path, ref));
    }

    /** Workflows in path order. */
    public List<SimWorkflow> workflows() {
        return engine.locked(engine::workflowViews);
    }

    /** By numeric id ("161335") or file name ("deploy-prod.yml"); empty when unknown. */
    public Optional<SimWorkflow> workflow(String idOrFile) {
        return engine.locked(() -> engine.workflowView(idOrFile));
    }

    /** Runs matching the query, newest first (highest id first), as GitHub lists them. */
    public List<SimRun> runs(RunQuery query) {
        return engine.locked(() -> engine.runViews(query));
    }

    public Optional<SimRun> run(long runId) {
        return engine.locked(() -> engine.runView(runId));
    }

    /** Jobs of a run in creation order; empty when the run is unknown or has none. */
    public List<SimJob> jobs(long runId) {
        return engine.locked(() -> engine.jobViews(runId));
    }

    public Optional<SimJob> job(long jobId) {
        return engine.locked(() -> engine.jobView(jobId));
    }

    /** Log lines of a job so far (GitHub serves them once the job is completed; the HTTP layer decides). */
    public Optional<List<SimLogLine>> jobLog(long jobId) {
        return engine.locked(() -> engine.jobLog(jobId));
    }

    /** Annotations of a check run (a job's checkRunId); empty list when none or unknown. */
    public List<SimAnnotation> annotations(long checkRunId) {
        return engine.locked(() -> engine.annotations(checkRunId));
    }

    /** Environment approvals the run waits for; empty when it waits for none. */
    public List<SimPendingDeployment> pendingDeployments(long runId) {
        return engine.locked(() -> engine.pendingDeployments(runId));
    }

    /** Active groups (with at least one member), most recently acquired first. */
    public List<SimGroup> activeGroups() {
        return engine.locked(engine::activeGroups);
    }

    /** An active group by name, case-insensitively; empty when the group is not active (GitHub: 404). */
    public Optional<SimGroup> group(String name) {
        return engine.locked(() -> engine.group(name));
    }

    /**
     * The groups a run is configured into (its workflow-level group and its jobs' job-level groups),
     * empty groups included, members carrying their position. Empty when the run is unknown.
     */
    public Optional<List<SimGroup>> groupsOfRun(long runId) {
        return engine.locked(() -> engine.groupsOfRun(runId));
    }

    /**
     * workflow_dispatch. inputs are strings as the REST API receives them; defaults fill the rest.
     * @throws SandboxException 404 unknown workflow; 422 no workflow_dispatch trigger, unknown ref,
     *         unexpected or missing required inputs, more than 25 inputs, bad choice/boolean value.
     */
    public SimRun dispatch(String workflowIdOrFile, String ref, Map<String, String> inputs, String actor) {
        return engine.dispatch(workflowIdOrFile, ref, inputs, actor);
    }

    /**
     * Cancels a run (POST .../cancel answers 202): pending/waiting members leave their groups at once,
     * in_progress jobs stop after their current step is interrupted.
     * @throws SandboxException 404 unknown run; 409 run already completed.
     */
    public void cancel(long runId) {
        engine.cancel(runId);
    }

    /**
     * Approves every pending deployment of a run (a required reviewer said yes).
     * @throws SandboxException 404 unknown run; 422 when the run waits for no approval.
     */
    public void approve(long runId) {
        engine.approve(runId);
    }

    /** The API faults now in force (scenarios and tests switch them). */
    public FaultSettings faults() {
        return engine.faults();
    }

    public void setFaults(FaultSettings faults) {
        engine.setFaults(faults);
    }
}
