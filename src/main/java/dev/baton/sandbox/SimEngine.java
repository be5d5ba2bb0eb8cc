package dev.baton.sandbox;

import dev.baton.model.Conclusion;
import dev.baton.model.RunStatus;
import dev.baton.workflow.Concurrency;
import dev.baton.workflow.ConcurrencySpec;
import dev.baton.workflow.Expressions;
import dev.baton.workflow.JobSpec;
import dev.baton.workflow.QueueMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The GitHub Actions side of the sandbox: repository, workflows, runs, jobs, concurrency groups and the
 * runner, driven by a sim clock and a queue of timed actions executed one at a time (by a driver thread
 * in scaled mode, by {@link #advance}/{@link #runUntil} in manual mode). All state sits behind one lock;
 * S3 I/O of Terraform steps runs on the action thread outside it. The rules and their sources are in
 * docs/sandbox.md.
 */
public final class SimEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SimEngine.class);
    static final Duration CANCEL_DELAY = Duration.ofSeconds(3);

    final SimClock clock;
    final Scheduler scheduler;
    final EngineOptions options;
    final SimStore store;
    final RepoContent content;
    final Random random;
    final ReadViews views;
    private final SandboxState state;
    final JobRunner runner;
    final TerraformSim terraform;

    final GroupRules groups;
    final JobLog log;
    final JobGates gates;
    final RunLifecycle lifecycle;
    final Approvals approvals;
    final Triggers triggers;
    final InjectedFaults faults;

    private SimEngine(EngineOptions options) {
        this.options = options;
        this.clock = new SimClock(options.start(), options.speed());
        this.scheduler = new Scheduler(clock);
        this.store = new SimStore(options, clock);
        this.content = store.content;
        this.random = store.random;
        this.groups = new GroupRules(store);
        this.log = JobLog.of(store);
        this.gates = new JobGates(store, log);
        this.lifecycle = new RunLifecycle(this, store, groups, gates);
        groups.outcomes(lifecycle);
        this.triggers = new Triggers(store, lifecycle);
        this.faults = new InjectedFaults(scheduler, store, lifecycle);
        this.views = new ReadViews(store, groups);
        this.state = new SandboxState(this);
        this.approvals = new Approvals(scheduler, store, groups, lifecycle, options.autoApproveAfter());
        this.runner = new JobRunner(this);
        this.terraform = new TerraformSim(this, options.s3());
    }

    /** The default repository on a manual clock without S3 (time moves only through advance/runUntil). */
    public static SimEngine create() {
        return create(EngineOptions.manual());
    }

    /** Builds the engine; in scaled mode (speed > 0) its driver thread starts at once. */
    public static SimEngine create(EngineOptions options) {
        SimEngine e = new SimEngine(options);
        if (options.s3() != null) e.createStateBuckets();
        e.scheduler.start();
        return e;
    }

    public SandboxState state() {
        return state;
    }

    /** The buckets the repository's backend-*.hcl files name. */
    public java.util.Set<String> stateBuckets() {
        java.util.Set<String> out = new java.util.TreeSet<>();
        content.files.forEach((path, text) -> {
            if (!path.endsWith(".hcl")) return;
            try {
                dev.baton.workflow.BackendConfig b = dev.baton.workflow.BackendParser.parseIfBackend(path, text, null);
                if (b != null && b.bucket() != null) out.add(b.bucket());
            } catch (RuntimeException ex) {
                LOG.warn("sandbox: {} is not a readable backend file: {}", path, ex.getMessage());
            }
        });
        return out;
    }

    private void createStateBuckets() {
        for (String bucket : stateBuckets()) {
            try {
                options.s3().createBucket(b -> b.bucket(bucket));
            } catch (software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException
                     | software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException ex) {
                // already there (a second engine on the same S3)
            }
        }
    }

    public Instant now() {
        return clock.now();
    }

    public double speed() {
        return clock.speed();
    }

    // ---------------------------------------------------------------- timed actions

    <T> T locked(Supplier<T> body) {
        return scheduler.locked(body);
    }

    void lockedRun(Runnable body) {
        scheduler.lockedRun(body);
    }

    /** Queues an action at sim time at (now if earlier). The action runs without the lock held. */
    void schedule(Instant at, String what, Runnable action) {
        scheduler.schedule(at, what, action);
    }

    /** Queues an action at a sim offset from the engine's start time (scenario events). */
    public void atOffset(Duration offset, String what, Runnable action) {
        schedule(clock.start().plus(offset), what, action);
    }

    /** Queues an action after a sim delay from now (scenarios use this). */
    public void after(Duration delay, String what, Runnable action) {
        schedule(now().plus(delay), what, action);
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

    /** Scaled clock: waits (real time) until cond holds, polling. Returns whether it does. */
    public boolean awaitUntil(BooleanSupplier cond, Duration realTimeout) {
        return scheduler.awaitUntil(cond, realTimeout);
    }

    @Override
    public void close() {
        scheduler.close();
    }

    void changed() {
        store.changed();
    }

    // ---------------------------------------------------------------- triggers

    /** A merge to the default branch: a new commit whose author is actor; push workflows start. */
    public SimCommit merge(String actor, String message) {
        return locked(() -> triggers.merge(actor, message));
    }

    /** Dependabot merging its own pull request: a merge by dependabot[bot]. */
    public SimCommit dependabotMerge(String message) {
        return merge("dependabot[bot]", message == null ? "Bump boto3 from 1.35.0 to 1.35.10" : message);
    }

    SimRun dispatch(String workflowIdOrFile, String ref, Map<String, String> given, String actor) {
        return locked(() -> triggers.dispatch(workflowIdOrFile, ref, given, actor));
    }

    // ---------------------------------------------------------------- cancel, approve

    void cancel(long runId) {
        lockedRun(() -> lifecycle.cancel(runId));
    }

    /** Cancels the newest run not yet completed (of a workflow file, or any); false if none. */
    public boolean cancelNewest(String workflowFile) {
        return locked(() -> lifecycle.cancelNewest(workflowFile));
    }

    void approve(long runId) {
        lockedRun(() -> approvals.approve(runId));
    }

    /** Scenarios: approve every pending deployment after this delay from now on (null: only on request). */
    public void setAutoApproveAfter(Duration d) {
        lockedRun(() -> approvals.autoApproveAfter(d));
    }

    /** Approves the oldest run waiting for a deployment approval (of a workflow file, or any); false if none. */
    public boolean approveOldestWaiting(String workflowFile) {
        return locked(() -> approvals.approveOldestWaiting(workflowFile));
    }

    void annotate(JobState job, String message) {
        store.annotate(job, message);
    }

    // ---------------------------------------------------------------- faults

    FaultSettings faults() {
        return faults.api();
    }

    void setFaults(FaultSettings f) {
        lockedRun(() -> faults.api(f));
    }

    /**
     * Arms a runner crash: the current or next `terraform apply` of the workflow (file name, or null for
     * any) loses its runner `after` the lock is taken. The lock object stays in S3 (orphaned), the job fails.
     */
    public void crashDuringApply(String workflowFile, Duration after) {
        lockedRun(() -> faults.armCrash(workflowFile, after == null ? Duration.ofSeconds(5) : after));
    }

    /** Arms a step failure: the next step of the workflow (null: any) named stepName (or of that kind key) fails. */
    public void failNextStep(String workflowFile, String stepName) {
        lockedRun(() -> faults.armFailure(workflowFile, stepName));
    }

    // ---------------------------------------------------------------- helpers

    List<RunState> runStates() {
        return List.copyOf(store.runs.values());
    }

    String apiUrl() {
        return options.apiUrl();
    }
}
