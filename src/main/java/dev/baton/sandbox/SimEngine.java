package dev.baton.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The GitHub Actions side of the sandbox, assembled from its parts, and what scenarios and tests drive:
 * <ul>
 * <li>{@link Scheduler}: the one lock and the timed actions on the sim clock ({@link SimClock});</li>
 * <li>{@link SimStore}: repository, workflows, runs, jobs, annotations;</li>
 * <li>{@link Triggers}: push, workflow_dispatch and workflow_run start runs;</li>
 * <li>{@link RunLifecycle} with {@link JobGates}: a run and its jobs from creation to conclusion, cancel;</li>
 * <li>{@link GroupRules}: who runs, waits or is pushed out of a concurrency group;</li>
 * <li>{@link Approvals}: deployments waiting for a required reviewer;</li>
 * <li>{@link JobRunner} with {@link TerraformSim}: a job's steps, their logs ({@link JobLog}) and S3 locks;</li>
 * <li>{@link InjectedFaults}: API faults, runner crashes, step failures;</li>
 * <li>{@link ReadViews} behind {@link SandboxState}: what the HTTP layer reads and does.</li>
 * </ul>
 * Timed actions run one at a time (a driver thread in scaled mode, {@link #advance}/{@link #runUntil}
 * with the manual clock). All state sits behind the scheduler's lock; S3 I/O of Terraform steps runs on
 * the action thread outside it. The rules and their sources are in docs/sandbox.md.
 */
public final class SimEngine implements AutoCloseable {
    private final SimClock clock;
    private final Scheduler scheduler;
    /** Package-private for the simulator's report (the repository it ran). */
    final SimStore store;
    private final Triggers triggers;
    private final RunLifecycle lifecycle;
    private final Approvals approvals;
    private final InjectedFaults faults;
    private final JobRunner runner;
    private final SandboxState state;

    private SimEngine(EngineOptions options) {
        clock = new SimClock(options.start(), options.speed());
        scheduler = new Scheduler(clock);
        store = new SimStore(options, clock);
        JobLog log = JobLog.of(store);
        GroupRules groups = new GroupRules(store);
        lifecycle = new RunLifecycle(this, store, groups, new JobGates(store, log));
        groups.outcomes(lifecycle);
        approvals = new Approvals(scheduler, store, groups, lifecycle, options.autoApproveAfter());
        triggers = new Triggers(store, lifecycle);
        faults = new InjectedFaults(scheduler, store, lifecycle);
        runner = new JobRunner(scheduler, store, log, lifecycle, faults, options.s3());
        state = new SandboxState(scheduler, store, new ReadViews(store, groups), triggers, lifecycle, approvals, faults);
    }

    /** The default repository on a manual clock without S3 (time moves only through advance/runUntil). */
    public static SimEngine create() {
        return create(EngineOptions.manual());
    }

    /** Builds the engine; in scaled mode (speed > 0) its driver thread starts at once. */
    public static SimEngine create(EngineOptions options) {
        SimEngine e = new SimEngine(options);
        e.runner.terraform.createStateBuckets();
        e.scheduler.start();
        return e;
    }

    /** What the HTTP layer reads and does, each call atomic under the engine lock. */
    public SandboxState state() {
        return state;
    }

    /** The buckets the repository's backend-*.hcl files name. */
    public Set<String> stateBuckets() {
        return TerraformS3.stateBuckets(store.content);
    }

    public Instant now() {
        return clock.now();
    }

    public double speed() {
        return clock.speed();
    }

    /** For the run lifecycle, which calls these parts and is called by them. */
    JobRunner runner() {
        return runner;
    }

    Approvals approvals() {
        return approvals;
    }

    Triggers triggers() {
        return triggers;
    }

    // ---------------------------------------------------------------- time

    /** Queues an action at a sim offset from the engine's start time (scenario events). */
    public void atOffset(Duration offset, String what, Runnable action) {
        scheduler.schedule(clock.start().plus(offset), what, action);
    }

    /** Queues an action after a sim delay from now (scenarios use this). */
    public void after(Duration delay, String what, Runnable action) {
        scheduler.schedule(now().plus(delay), what, action);
    }

    /** Manual clock: runs every action due within d, moving time action by action, then sets time to now + d. */
    public void advance(Duration d) {
        runUntil(() -> false, d);
    }

    /**
     * Manual clock: runs actions in time order until cond holds (checked before each action) or max sim
     * time has passed. Returns whether cond holds.
     */
    public boolean runUntil(BooleanSupplier cond, Duration max) {
        return scheduler.runUntil(cond, max);
    }

    /**
     * Scaled clock: jumps sim time forward by d at once; the actions that fall due run in time order on the
     * engine's thread. A test waits on a condition (baton saw the state) and then skips the rest of a long
     * step, instead of waiting for it in real time.
     */
    public void skip(Duration d) {
        scheduler.skip(d);
    }

    /** Scaled clock: waits (real time) until cond holds, polling. Returns whether it does. */
    public boolean awaitUntil(BooleanSupplier cond, Duration realTimeout) {
        return scheduler.awaitUntil(cond, realTimeout);
    }

    @Override
    public void close() {
        scheduler.close();
    }

    // ---------------------------------------------------------------- story events (scenarios, tests)

    /** A merge to the default branch: a new commit whose author is actor; push workflows start. */
    public SimCommit merge(String actor, String message) {
        return scheduler.locked(() -> triggers.merge(actor, message));
    }

    /** Dependabot merging its own pull request: a merge by dependabot[bot]. */
    public SimCommit dependabotMerge(String message) {
        return merge("dependabot[bot]", message == null ? "Bump boto3 from 1.35.0 to 1.35.10" : message);
    }

    /** Cancels the newest run not yet completed (of a workflow file, or any); false if none. */
    public boolean cancelNewest(String workflowFile) {
        return scheduler.locked(() -> lifecycle.cancelNewest(workflowFile));
    }

    /** Scenarios: approve every pending deployment after this delay from now on (null: only on request). */
    public void setAutoApproveAfter(Duration d) {
        scheduler.lockedRun(() -> approvals.autoApproveAfter(d));
    }

    /** Approves the oldest run waiting for a deployment approval (of a workflow file, or any); false if none. */
    public boolean approveOldestWaiting(String workflowFile) {
        return scheduler.locked(() -> approvals.approveOldestWaiting(workflowFile));
    }

    /**
     * Arms a runner crash: the current or next `terraform apply` of the workflow (file name, or null for
     * any) loses its runner `after` the lock is taken (default 5 s). The lock object stays in S3, the job fails.
     */
    public void crashDuringApply(String workflowFile, Duration after) {
        scheduler.lockedRun(() -> faults.armCrash(workflowFile, after == null ? Duration.ofSeconds(5) : after));
    }

    /** Arms a step failure: the next step of the workflow (null: any) named stepName (or of that kind key) fails. */
    public void failNextStep(String workflowFile, String stepName) {
        scheduler.lockedRun(() -> faults.armFailure(workflowFile, stepName));
    }
}
