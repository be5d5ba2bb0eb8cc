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
    private final SandboxState state = new SandboxState(this);
    final JobRunner runner;
    final TerraformSim terraform;

    final GroupRules groups;
    final JobLog log;
    final JobGates gates;
    final RunLifecycle lifecycle;
    final Approvals approvals;
    final Triggers triggers;
    private volatile FaultSettings faults = FaultSettings.NONE;

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
        return faults;
    }

    void setFaults(FaultSettings f) {
        faults = f == null ? FaultSettings.NONE : f;
        lockedRun(this::changed);
    }

    /**
     * Arms a runner crash: the current or next `terraform apply` of the workflow (file name, or null for
     * any) loses its runner `after` the lock is taken. The lock object stays in S3 (orphaned), the job fails.
     */
    public void crashDuringApply(String workflowFile, Duration after) {
        lockedRun(() -> runner.armCrash(workflowFile, after == null ? Duration.ofSeconds(5) : after));
    }

    /** Arms a step failure: the next step of the workflow (null: any) named stepName (or of that kind key) fails. */
    public void failNextStep(String workflowFile, String stepName) {
        lockedRun(() -> runner.armFailure(workflowFile, stepName));
    }

    // ---------------------------------------------------------------- reads (callers hold the lock)

    long version() {
        return locked(store::version);
    }

    SimRepo repoView() {
        return store.repoView();
    }

    Optional<String> fileAt(String path, String ref) {
        if (ref != null && !ref.isBlank() && repoView().resolve(ref).isEmpty()) return Optional.empty();
        return Optional.ofNullable(content.files.get(path));
    }

    List<SimWorkflow> workflowViews() {
        return store.workflows.values().stream().map(WorkflowDef::view).toList();
    }

    Optional<SimWorkflow> workflowView(String idOrFile) {
        return store.workflowDef(idOrFile).map(WorkflowDef::view);
    }

    List<SimRun> runViews(RunQuery q) {
        List<SimRun> out = new ArrayList<>();
        for (RunState r : store.runs.values()) {
            if (q.workflowId() != null && r.wf.id != q.workflowId()) continue;
            if (q.status() != null && !q.status().equalsIgnoreCase(r.status.api())
                    && !q.status().equalsIgnoreCase(String.valueOf(r.conclusion.api()))) continue;
            if (q.event() != null && !q.event().equals(r.event)) continue;
            if (q.branch() != null && !q.branch().equals(r.headBranch)) continue;
            if (q.headSha() != null && !q.headSha().equalsIgnoreCase(r.headSha)) continue;
            if (q.actor() != null && !q.actor().equalsIgnoreCase(r.actor)) continue;
            if (q.createdFrom() != null && r.createdAt.isBefore(q.createdFrom())) continue;
            if (q.createdTo() != null && r.createdAt.isAfter(q.createdTo())) continue;
            out.add(r.view());
        }
        out.sort(Comparator.comparingLong(SimRun::id).reversed());
        return out;
    }

    Optional<SimRun> runView(long id) {
        return Optional.ofNullable(store.runs.get(id)).map(RunState::view);
    }

    List<SimJob> jobViews(long runId) {
        RunState r = store.runs.get(runId);
        return r == null ? List.of() : r.jobs.stream().map(JobState::view).toList();
    }

    Optional<SimJob> jobView(long jobId) {
        return Optional.ofNullable(store.jobs.get(jobId)).map(JobState::view);
    }

    Optional<List<SimLogLine>> jobLog(long jobId) {
        return Optional.ofNullable(store.jobs.get(jobId)).map(j -> List.copyOf(j.log));
    }

    List<SimAnnotation> annotations(long checkRunId) {
        return store.annotations(checkRunId);
    }

    List<SimPendingDeployment> pendingDeployments(long runId) {
        RunState r = store.runs.get(runId);
        if (r == null) return List.of();
        List<SimPendingDeployment> out = new ArrayList<>();
        for (JobState j : r.jobs) {
            if (j.status != RunStatus.WAITING || j.approved || j.environment == null) continue;
            List<String> reviewers = content.environments.getOrDefault(j.environment.toLowerCase(Locale.ROOT), List.of());
            long envId = 90_000_000L + Math.abs(j.environment.toLowerCase(Locale.ROOT).hashCode() % 1_000_000);
            out.add(new SimPendingDeployment(envId, j.environment, j.id, j.name, reviewers, j.waitingSince));
        }
        return out;
    }

    List<SimGroup> activeGroups() {
        return groups.activeViews();
    }

    Optional<SimGroup> group(String name) {
        return groups.activeView(name);
    }

    Optional<List<SimGroup>> groupsOfRun(long runId) {
        RunState r = store.runs.get(runId);
        if (r == null) return Optional.empty();
        Map<String, SimGroup> out = new LinkedHashMap<>();
        if (r.group != null) out.put(r.group.toLowerCase(Locale.ROOT), groups.viewOrEmpty(r.group));
        for (JobState j : r.jobs) {
            String name = j.group;
            if (name == null && j.spec.concurrency() != null && j.spec.concurrency().staticGroup()) name = j.spec.concurrency().group();
            if (name != null) out.putIfAbsent(name.toLowerCase(Locale.ROOT), groups.viewOrEmpty(name));
        }
        if (r.jobs.isEmpty() && r.wf.spec != null) {
            for (JobSpec s : r.wf.spec.jobs()) {
                if (s.concurrency() != null && s.concurrency().staticGroup()) {
                    out.putIfAbsent(s.concurrency().group().toLowerCase(Locale.ROOT), groups.viewOrEmpty(s.concurrency().group()));
                }
            }
        }
        return Optional.of(List.copyOf(out.values()));
    }

    // ---------------------------------------------------------------- helpers

    List<RunState> runStates() {
        return List.copyOf(store.runs.values());
    }

    String apiUrl() {
        return options.apiUrl();
    }
}
