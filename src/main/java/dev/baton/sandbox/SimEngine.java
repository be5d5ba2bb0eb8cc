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
    /** GitHub: workflow_run cannot chain more than three levels of workflows. */
    static final int MAX_CHAIN = 3;
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
    private volatile FaultSettings faults = FaultSettings.NONE;
    private Duration autoApproveAfter;

    private SimEngine(EngineOptions options) {
        this.options = options;
        this.clock = new SimClock(options.start(), options.speed());
        this.scheduler = new Scheduler(clock);
        this.store = new SimStore(options, clock);
        this.content = store.content;
        this.random = store.random;
        this.autoApproveAfter = options.autoApproveAfter();
        this.groups = new GroupRules(store);
        groups.outcomes(new GroupRules.Outcomes() {
            @Override
            public void acquired(Member m) {
                if (m.job == null) {
                    startRun(m.run);
                    refreshRunStatus(m.run);
                } else {
                    startJob(m.job);
                }
            }

            @Override
            public void evicted(Member m, String annotation) {
                SimEngine.this.evicted(m, annotation);
            }

            @Override
            public void cancelRunning(Member m, String annotation) {
                SimEngine.this.cancelRunning(m, annotation);
            }
        });
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
        return locked(() -> {
            String branch = content.defaultBranch;
            String before = store.branches.get(branch);
            SimCommit c = store.commit(branch, actor, message);
            LOG.info("sandbox: {} merged {} ({})", actor, c.sha().substring(0, 7), c.title());
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("ref", "refs/heads/" + branch);
            payload.put("before", before);
            payload.put("after", c.sha());
            payload.put("pusher", Map.of("name", actor));
            payload.put("head_commit", Map.of("id", c.sha(), "message", message, "author", Map.of("name", actor, "username", actor)));
            for (WorkflowDef wf : store.workflows.values()) {
                if (wf.spec != null && wf.spec.triggeredBy("push") && branchMatches(wf.spec.on().get("push"), branch)) {
                    createRun(wf, "push", actor, actor, c.sha(), branch, c.title(), Map.of(), payload, 0, 0);
                }
            }
            return c;
        });
    }

    /** Dependabot merging its own pull request: a merge by dependabot[bot]. */
    public SimCommit dependabotMerge(String message) {
        return merge("dependabot[bot]", message == null ? "Bump boto3 from 1.35.0 to 1.35.10" : message);
    }

    SimRun dispatch(String workflowIdOrFile, String ref, Map<String, String> given, String actor) {
        return locked(() -> {
            WorkflowDef wf = store.workflowDef(workflowIdOrFile).orElseThrow(() -> new SandboxException(404, "Not Found"));
            if (wf.spec == null) throw new SandboxException(422, "Invalid workflow file: " + wf.error);
            if (!wf.spec.triggeredBy("workflow_dispatch")) {
                throw new SandboxException(422, "Workflow does not have 'workflow_dispatch' trigger");
            }
            String r = ref == null || ref.isBlank() ? content.defaultBranch : ref;
            String branch = r.startsWith("refs/heads/") ? r.substring("refs/heads/".length()) : r;
            String sha = store.branches.get(branch);
            if (sha == null) throw new SandboxException(422, "No ref found for: " + r);
            Map<String, String> in = given == null ? Map.of() : given;
            Map<String, Object> typed = DispatchInputs.validate(wf.spec.dispatchInputs(), in);
            String who = actor == null || actor.isBlank() ? content.defaultUser : actor;
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("ref", "refs/heads/" + branch);
            payload.put("workflow", wf.path);
            Map<String, Object> eventInputs = new LinkedHashMap<>();
            typed.forEach((k, v) -> eventInputs.put(k, Expressions.toText(v)));
            payload.put("inputs", eventInputs);
            RunState run = createRun(wf, "workflow_dispatch", who, who, sha, branch, wf.name(), typed, payload, 0, 0);
            return run.view();
        });
    }

    private void triggerWorkflowRun(RunState done) {
        if (done.chainDepth + 1 >= MAX_CHAIN) return;
        for (WorkflowDef wf : store.workflows.values()) {
            if (wf.spec == null || !wf.spec.triggeredBy("workflow_run")) continue;
            Map<String, Object> on = wf.spec.on().get("workflow_run");
            if (!listContains(on.get("workflows"), done.wf.name())) continue;
            Object types = on.get("types");
            if (types != null && !listContains(types, "completed")) continue;
            if (!branchMatches(on, done.headBranch)) continue;
            Map<String, Object> wr = new LinkedHashMap<>();
            wr.put("id", done.id);
            wr.put("name", done.wf.name());
            wr.put("path", done.wf.path);
            wr.put("run_number", done.runNumber);
            wr.put("event", done.event);
            wr.put("status", "completed");
            wr.put("conclusion", done.conclusion.api());
            wr.put("head_sha", done.headSha);
            wr.put("head_branch", done.headBranch);
            wr.put("display_title", done.displayTitle);
            wr.put("actor", Map.of("login", done.actor));
            wr.put("triggering_actor", Map.of("login", done.triggeringActor));
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("action", "completed");
            payload.put("workflow_run", wr);
            payload.put("workflow", Map.of("name", done.wf.name(), "path", done.wf.path));
            createRun(wf, "workflow_run", done.actor, done.triggeringActor, done.headSha, done.headBranch,
                    done.displayTitle, Map.of(), payload, done.id, done.chainDepth + 1);
        }
    }

    private static boolean listContains(Object list, String value) {
        if (list instanceof List<?> l) {
            for (Object o : l) if (value.equalsIgnoreCase(String.valueOf(o))) return true;
            return false;
        }
        return list != null && value.equalsIgnoreCase(String.valueOf(list));
    }

    /** branches / branches-ignore filters with GitHub's globs (* within a segment, ** across). */
    static boolean branchMatches(Map<String, Object> on, String branch) {
        return dev.baton.workflow.BranchFilter.matches(on, branch);
    }

    // ---------------------------------------------------------------- runs

    private RunState createRun(WorkflowDef wf, String event, String actor, String triggeringActor, String sha,
                               String branch, String title, Map<String, Object> inputs, Map<String, Object> payload,
                               long triggeringRunId, int depth) {
        RunState run = new RunState(store.newRunId(), wf, ++wf.runCounter, event, actor, triggeringActor, sha, branch, title,
                inputs, payload, triggeringRunId, depth, now());
        store.addRun(run);
        changed();
        LOG.info("sandbox: run {} of {} ({}) by {}", run.id, wf.file(), event, actor);
        ConcurrencySpec c = wf.spec.concurrency();
        if (c != null) {
            try {
                Concurrency.Resolved r = Concurrency.resolve(c, Contexts.of(this, run, null));
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
            for (JobState candidate : expand(run, spec, false)) {
                Gate g = gate(candidate);
                if (g.ifPassed && g.needsApproval) gated = true;
            }
        }
        if (gated) {
            materializeJobs(run);
            for (JobState job : run.jobs) {
                if (!job.spec.needs().isEmpty()) continue;
                applyGate(job);
                if (job.ifPassed && job.needsApproval) {
                    job.status = RunStatus.WAITING;
                    job.waitingSince = now();
                    scheduleAutoApprove(job);
                }
            }
        }
        GroupState g = groups.group(run.group);
        Member m = new Member(run, null, g, run.queue, now(), !gated);
        run.member = m;
        groups.enter(m, run.cancelInProgress);
        refreshRunStatus(run);
    }

    private void startRun(RunState run) {
        if (run.completed() || run.started) return;
        run.started = true;
        run.runStartedAt = now();
        if (!run.jobsMaterialized) materializeJobs(run);
        changed();
        advanceJobs(run);
    }

    private void materializeJobs(RunState run) {
        run.jobsMaterialized = true;
        for (JobSpec spec : run.wf.spec.jobs()) {
            for (JobState j : expand(run, spec, true)) {
                run.jobs.add(j);
                store.addJob(j);
            }
        }
        changed();
    }

    /** One job per matrix combination (cartesian product in key order), named as GitHub names them. */
    private List<JobState> expand(RunState run, JobSpec spec, boolean assignIds) {
        List<Map<String, Object>> combos = new ArrayList<>();
        combos.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<Object>> e : spec.matrix().entrySet()) {
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> c : combos) {
                for (Object v : e.getValue()) {
                    Map<String, Object> n = new LinkedHashMap<>(c);
                    n.put(e.getKey(), v);
                    next.add(n);
                }
            }
            combos = next;
        }
        List<JobState> out = new ArrayList<>();
        int i = 0;
        for (Map<String, Object> combo : combos) {
            long id = 0;
            if (assignIds) id = store.newJobId();
            JobState tmp = new JobState(id, run, spec, combo, i, combos.size(), spec.displayName(), now());
            String name = jobName(tmp);
            out.add(new JobState(id, run, spec, combo, i, combos.size(), name, now()));
            i++;
        }
        return out;
    }

    private String jobName(JobState job) {
        String base = job.spec.displayName();
        boolean hasExpr = Expressions.hasExpression(base);
        if (hasExpr) {
            try {
                base = Expressions.interpolate(base, Contexts.of(this, job.run, job));
            } catch (RuntimeException e) {
                base = job.spec.id();
            }
        }
        if (job.matrix.isEmpty() || (hasExpr && job.spec.displayName().contains("matrix."))) return base;
        List<String> vals = job.matrix.values().stream().map(Expressions::toText).toList();
        return base + " (" + String.join(", ", vals) + ")";
    }

    private record Gate(boolean ifPassed, String environment, boolean needsApproval, String error) {
    }

    /** Evaluates a ready job's if: and environment (needs are done, so needs.* is known). */
    private Gate gate(JobState job) {
        Map<String, Object> ctx = Contexts.of(this, job.run, job);
        ctx.put("job", Map.of("status", needsStatus(job)));
        try {
            boolean pass = Expressions.condition(job.spec.ifExpr(), ctx);
            String env = job.spec.environment() == null ? null : Expressions.interpolate(job.spec.environment(), ctx).strip();
            if (env != null && env.isEmpty()) env = null;
            List<String> reviewers = env == null ? List.of() : content.environments.getOrDefault(env.toLowerCase(Locale.ROOT), List.of());
            return new Gate(pass, env, !reviewers.isEmpty(), null);
        } catch (RuntimeException e) {
            return new Gate(false, null, false, job.run.wf.path + ": job '" + job.spec.id() + "': " + e.getMessage());
        }
    }

    private void applyGate(JobState job) {
        if (job.gateChecked) return;
        Gate g = gate(job);
        job.gateChecked = true;
        job.ifPassed = g.ifPassed;
        job.environment = g.environment;
        job.needsApproval = g.needsApproval;
        if (g.error != null) {
            job.ifPassed = true;
            job.needsApproval = false;
            job.failed = true;
            runner.log(job, "##[error]" + g.error);
        }
    }

    /** What success()/failure()/cancelled() see in a job's if: the results of its needs. */
    private String needsStatus(JobState job) {
        if (job.run.cancelRequested) return "cancelled";
        String status = "success";
        for (String need : job.spec.needs()) {
            String r = needResult(job.run, need);
            if (r.equals("failure")) return "failure";
            if (r.equals("cancelled")) status = "cancelled";
            else if (!r.equals("success") && status.equals("success")) status = r;
        }
        return status;
    }

    /** A needed job's result; a matrix job's result aggregates its legs as GitHub does. */
    String needResult(RunState run, String needId) {
        boolean any = false;
        boolean allSkipped = true;
        String result = "success";
        for (JobState j : run.jobs) {
            if (!j.spec.id().equals(needId)) continue;
            any = true;
            Conclusion c = j.conclusion;
            if (c != Conclusion.SKIPPED) allSkipped = false;
            if (c == Conclusion.FAILURE || c == Conclusion.STARTUP_FAILURE || c == Conclusion.TIMED_OUT) return "failure";
            if (c == Conclusion.CANCELLED) result = "cancelled";
        }
        if (!any) return "success";
        return allSkipped ? "skipped" : result;
    }

    private boolean needsDone(JobState job) {
        for (String need : job.spec.needs()) {
            for (JobState j : job.run.jobs) {
                if (j.spec.id().equals(need) && !j.completed()) return false;
            }
        }
        return true;
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
                if (job.status != RunStatus.QUEUED || !needsDone(job)) continue;
                if (run.cancelRequested) {
                    completeJob(job, Conclusion.CANCELLED);
                    progress = true;
                    continue;
                }
                applyGate(job);
                if (!job.ifPassed) {
                    job.status = RunStatus.COMPLETED;
                    job.conclusion = Conclusion.SKIPPED;
                    job.startedAt = now();
                    job.completedAt = now();
                    changed();
                    progress = true;
                    continue;
                }
                if (job.needsApproval && !job.approved) {
                    job.status = RunStatus.WAITING;
                    job.waitingSince = now();
                    changed();
                    scheduleAutoApprove(job);
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
            Concurrency.Resolved r = Concurrency.resolve(job.spec.concurrency(), Contexts.of(this, job.run, job));
            group = r.group().strip();
            job.cancelInProgress = r.cancelInProgress();
            job.queue = r.queue() == null ? QueueMode.SINGLE : r.queue();
        } catch (RuntimeException e) {
            failJobEarly(job, e.getMessage());
            return;
        }
        job.group = group;
        Member m = new Member(job.run, job, groups.group(group), job.queue, now(), eligible);
        job.member = m;
        if (eligible) job.status = RunStatus.PENDING;
        changed();
        groups.enter(m, job.cancelInProgress);
    }

    private void failJobEarly(JobState job, String why) {
        annotate(job, why);
        completeJob(job, Conclusion.FAILURE);
    }

    void startJob(JobState job) {
        if (job.completed() || job.status == RunStatus.IN_PROGRESS) return;
        job.status = RunStatus.IN_PROGRESS;
        job.startedAt = now();
        changed();
        runner.start(job);
        refreshRunStatus(job.run);
    }

    /** Ends a job (idempotent), leaves its job-level group, and moves the run on. */
    void completeJob(JobState job, Conclusion conclusion) {
        if (job.completed()) return;
        job.status = RunStatus.COMPLETED;
        job.conclusion = conclusion;
        if (job.startedAt == null && conclusion != Conclusion.CANCELLED) job.startedAt = now();
        job.completedAt = now();
        job.token++;
        changed();
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
        run.updatedAt = now();
        changed();
        LOG.info("sandbox: run {} of {} completed {}", run.id, run.wf.file(), c.api());
        if (run.member != null) groups.leave(run.member);
        triggerWorkflowRun(run);
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
            run.updatedAt = now();
            changed();
        }
    }

    // ---------------------------------------------------------------- concurrency groups

    /** An evicted run ends cancelled (zero jobs unless it was waiting for approval); an evicted job is cancelled with the annotation. */
    private void evicted(Member m, String message) {
        if (m.job == null) {
            RunState run = m.run;
            run.cancelRequested = true;
            for (JobState j : run.jobs) {
                if (!j.completed()) {
                    annotate(j, message);
                    j.token++;
                    j.status = RunStatus.COMPLETED;
                    j.conclusion = Conclusion.CANCELLED;
                    j.completedAt = now();
                }
            }
            finishRun(run, Conclusion.CANCELLED);
        } else {
            annotate(m.job, message);
            completeJob(m.job, Conclusion.CANCELLED);
        }
    }

    private void cancelRunning(Member m, String message) {
        if (m.job == null) requestCancel(m.run, message);
        else runner.interrupt(m.job, message);
    }

    // ---------------------------------------------------------------- cancel, approve

    void cancel(long runId) {
        lockedRun(() -> {
            RunState run = store.runs.get(runId);
            if (run == null) throw new SandboxException(404, "Not Found");
            if (run.completed()) throw new SandboxException(409, "Cannot cancel a workflow run that is completed.");
            requestCancel(run, null);
        });
    }

    private void requestCancel(RunState run, String annotation) {
        if (run.cancelRequested || run.completed()) return;
        run.cancelRequested = true;
        changed();
        if (run.member != null && !run.member.running()) {
            Member m = run.member;
            groups.drop(m);
            groups.release(m.group);
        }
        for (JobState job : new ArrayList<>(run.jobs)) {
            if (job.completed()) continue;
            if (job.status == RunStatus.IN_PROGRESS) {
                runner.interrupt(job, annotation);
            } else {
                if (annotation != null) annotate(job, annotation);
                if (job.member != null) {
                    Member jm = job.member;
                    groups.drop(jm);
                    groups.release(jm.group);
                }
                job.token++;
                job.status = RunStatus.COMPLETED;
                job.conclusion = Conclusion.CANCELLED;
                job.completedAt = now();
            }
        }
        if (!run.started || run.jobs.stream().allMatch(JobState::completed)) {
            if (run.jobs.stream().allMatch(JobState::completed)) finishRun(run, Conclusion.CANCELLED);
        } else {
            advanceJobs(run);
        }
    }

    void approve(long runId) {
        lockedRun(() -> {
            RunState run = store.runs.get(runId);
            if (run == null) throw new SandboxException(404, "Not Found");
            List<JobState> waiting = run.jobs.stream().filter(j -> j.status == RunStatus.WAITING && !j.approved).toList();
            if (waiting.isEmpty()) throw new SandboxException(422, "There are no pending deployments for this run");
            for (JobState j : waiting) approveJob(j);
        });
    }

    private void approveJob(JobState job) {
        if (job.status != RunStatus.WAITING || job.approved) return;
        job.approved = true;
        changed();
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
            advanceJobs(run);
        }
        refreshRunStatus(run);
    }

    private void scheduleAutoApprove(JobState job) {
        Duration d = autoApproveAfter;
        if (d == null) return;
        long token = job.token;
        schedule(now().plus(d), "auto-approve job " + job.id, () -> lockedRun(() -> {
            if (job.token == token) approveJob(job);
        }));
    }

    /** Scenarios: approve every pending deployment after this delay from now on (null: only on request). */
    public void setAutoApproveAfter(Duration d) {
        lockedRun(() -> autoApproveAfter = d);
    }

    /** Approves the oldest run waiting for a deployment approval (of a workflow file, or any); false if none. */
    public boolean approveOldestWaiting(String workflowFile) {
        return locked(() -> {
            for (RunState run : store.runs.values()) {
                if (run.completed() || (workflowFile != null && !run.wf.file().equals(workflowFile))) continue;
                if (run.jobs.stream().anyMatch(j -> j.status == RunStatus.WAITING && !j.approved)) {
                    approve(run.id);
                    return true;
                }
            }
            return false;
        });
    }

    /** Cancels the newest run not yet completed (of a workflow file, or any); false if none. */
    public boolean cancelNewest(String workflowFile) {
        return locked(() -> {
            RunState newest = null;
            for (RunState run : store.runs.values()) {
                if (!run.completed() && (workflowFile == null || run.wf.file().equals(workflowFile))) newest = run;
            }
            if (newest == null) return false;
            requestCancel(newest, null);
            return true;
        });
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
