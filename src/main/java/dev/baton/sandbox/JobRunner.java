package dev.baton.sandbox;

import dev.baton.model.Conclusion;
import dev.baton.model.RunStatus;
import dev.baton.workflow.Expressions;
import dev.baton.workflow.StepSpec;
import software.amazon.awssdk.services.s3.S3Client;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The simulated runner: a job's steps one after another, each with a duration by kind and GitHub-style
 * log lines; Terraform steps go to {@link TerraformSim}; cancellation as a runner does it (armed
 * crashes and step failures are {@link InjectedFaults}'). Methods are called with the engine lock held unless they say otherwise.
 */
final class JobRunner implements TerraformSim.StepEnd {
    /** A cancelled job ends this long (sim) after the runner's interrupt. */
    static final Duration CANCEL_DELAY = Duration.ofSeconds(3);
    private final Scheduler scheduler;
    private final SimStore store;
    private final JobLog log;
    private final RunLifecycle lifecycle;
    private final InjectedFaults faults;
    final TerraformSim terraform;

    JobRunner(Scheduler scheduler, SimStore store, JobLog log, RunLifecycle lifecycle, InjectedFaults faults, S3Client s3) {
        this.scheduler = scheduler;
        this.store = store;
        this.log = log;
        this.lifecycle = lifecycle;
        this.faults = faults;
        this.terraform = new TerraformSim(scheduler, store, log, this, faults, s3);
    }

    // ---------------------------------------------------------------- logs

    void log(JobState job, String text) {
        log.append(job, text);
    }

    void logLines(JobState job, String text) {
        for (String l : text.split("\n", -1)) log(job, l);
    }

    // ---------------------------------------------------------------- steps

    void start(JobState job) {
        job.runnerName = "GitHub Actions " + (1 + store.random.nextInt(999));
        job.runnerHost = "fv-az" + (100 + store.random.nextInt(900)) + "-" + (100 + store.random.nextInt(900));
        job.steps.clear();
        job.steps.add(new StepState(1, "Set up job", null, StepKind.SETUP_JOB));
        int n = 2;
        for (StepSpec s : job.spec.steps()) {
            job.steps.add(new StepState(n++, stepName(job, s), s, StepKind.of(s)));
        }
        job.steps.add(new StepState(n, "Complete job", null, StepKind.COMPLETE_JOB));
        runStep(job, 0, job.token);
    }

    private String stepName(JobState job, StepSpec s) {
        String label = s.label();
        if (!Expressions.hasExpression(label)) return label;
        try {
            return Expressions.interpolate(label, stepContexts(job));
        } catch (RuntimeException ex) {
            return label;
        }
    }

    Map<String, Object> stepContexts(JobState job) {
        Map<String, Object> ctx = Contexts.of(store, job.run, job);
        ctx.put("job", Map.of("status", job.failed ? "failure" : job.cancelRequested ? "cancelled" : "success"));
        ctx.put("secrets", Map.of("GITHUB_TOKEN", "***"));
        ctx.put("steps", Map.of());
        ctx.put("runner", Map.of("os", "Linux", "arch", "X64", "name", job.runnerName == null ? "" : job.runnerName, "temp", "/home/runner/work/_temp"));
        return ctx;
    }

    void runStep(JobState job, int idx, long token) {
        if (job.token != token || job.completed()) return;
        if (idx >= job.steps.size()) {
            lifecycle.completeJob(job, job.failed ? Conclusion.FAILURE : Conclusion.SUCCESS);
            return;
        }
        StepState st = job.steps.get(idx);
        if (st.spec != null && !(job.cancelRequested && st.kind != StepKind.COMPLETE_JOB)) {
            boolean run;
            try {
                run = Expressions.condition(st.spec.ifExpr(), stepContexts(job));
            } catch (RuntimeException ex) {
                log(job, "##[error]" + job.run.wf.path + ": step '" + st.name + "' if: " + ex.getMessage());
                job.failed = true;
                run = false;
            }
            if (!run) {
                st.status = RunStatus.COMPLETED;
                st.conclusion = Conclusion.SKIPPED;
                st.startedAt = store.now();
                st.completedAt = store.now();
                store.changed();
                runStep(job, idx + 1, token);
                return;
            }
        }
        st.status = RunStatus.IN_PROGRESS;
        st.startedAt = store.now();
        store.changed();
        Duration d = duration(st);
        switch (st.kind) {
            case SETUP_JOB -> {
                setupLines(job);
                finishAfter(job, idx, token, d);
            }
            case COMPLETE_JOB -> {
                log(job, "Cleaning up orphan processes");
                finishAfter(job, idx, token, d);
            }
            case TF_APPLY, TF_PLAN, TF_INIT, TF_FORCE_UNLOCK -> {
                String text = runText(job, st);
                if (text == null) return;
                header(job, st, text);
                terraform.step(job, st, idx, token, text, d);
            }
            default -> {
                String text = st.spec.run() == null ? null : runText(job, st);
                if (st.spec.run() != null && text == null) return;
                header(job, st, text);
                if (st.kind == StepKind.SETUP_TOOL && st.spec.uses().toLowerCase(Locale.ROOT).contains("terraform")) {
                    Object v = interpolatedWith(job, st.spec, "terraform_version");
                    if (v != null && !String.valueOf(v).isBlank()) job.terraformVersion = String.valueOf(v);
                }
                if (st.kind == StepKind.SETUP_TOOL && st.spec.uses().toLowerCase(Locale.ROOT).contains("opentofu")) {
                    Object v = interpolatedWith(job, st.spec, "tofu_version");
                    job.terraformVersion = v == null || String.valueOf(v).isBlank() ? "1.10.5" : String.valueOf(v);
                }
                outputLines(job, st);
                finishAfter(job, idx, token, d);
            }
        }
    }

    /** The step's run text with ${{ }} evaluated; null (and the step failed) when an expression errs. */
    String runText(JobState job, StepState st) {
        try {
            return Expressions.interpolate(st.spec.run() == null ? "" : st.spec.run(), stepContexts(job));
        } catch (RuntimeException ex) {
            log(job, "##[error]" + job.run.wf.path + ": step '" + st.name + "': " + ex.getMessage());
            finishStep(job, job.steps.indexOf(st), job.token, Conclusion.FAILURE);
            return null;
        }
    }

    private Object interpolatedWith(JobState job, StepSpec s, String key) {
        String v = s.with().get(key);
        if (v == null) return null;
        try {
            return Expressions.interpolate(v, stepContexts(job));
        } catch (RuntimeException ex) {
            return v;
        }
    }

    Duration duration(StepState st) {
        Map<String, Duration> over = store.options.durations();
        for (Map.Entry<String, Duration> o : over.entrySet()) {
            if (o.getKey().equalsIgnoreCase(st.name)) return o.getValue();
        }
        Duration byKind = over.get(st.kind.key);
        return byKind != null ? byKind : st.kind.defaultDuration;
    }

    @Override
    public void finishAfter(JobState job, int idx, long token, Duration d) {
        scheduler.schedule(store.now().plus(d), "step " + job.id + "#" + (idx + 1),
                () -> scheduler.lockedRun(() -> finishStep(job, idx, token, Conclusion.SUCCESS)));
    }

    /** Ends a step (an armed failure turns success into failure) and starts the next one. */
    @Override
    public void finishStep(JobState job, int idx, long token, Conclusion conclusion) {
        if (job.token != token || job.completed()) return;
        StepState st = job.steps.get(idx);
        if (st.status == RunStatus.COMPLETED) return;
        Conclusion c = conclusion;
        if (c == Conclusion.SUCCESS && st.spec != null && faults.consumeFailure(job, st)) {
            log(job, "##[error]Process completed with exit code 1.");
            c = Conclusion.FAILURE;
        } else if (c == Conclusion.FAILURE && st.kind != StepKind.TF_APPLY && st.kind != StepKind.TF_PLAN
                && st.kind != StepKind.TF_INIT && st.kind != StepKind.TF_FORCE_UNLOCK) {
            log(job, "##[error]Process completed with exit code 1.");
        }
        st.status = RunStatus.COMPLETED;
        st.conclusion = c;
        st.completedAt = store.now();
        if (c == Conclusion.FAILURE) job.failed = true;
        store.changed();
        runStep(job, idx + 1, token);
    }

    private void header(JobState job, StepState st, String text) {
        StepSpec s = st.spec;
        if (s.uses() != null) {
            log(job, "##[group]Run " + s.uses());
            if (!s.with().isEmpty()) {
                log(job, "with:");
                new java.util.TreeMap<>(s.with()).forEach((k, v) -> log(job, "  " + k + ": " + safeInterpolate(job, v)));
            }
            log(job, "##[endgroup]");
            return;
        }
        List<String> lines = text.strip().lines().toList();
        log(job, "##[group]Run " + (lines.isEmpty() ? "" : lines.get(0)));
        for (String l : lines) log(job, "\u001b[36;1m" + l + "\u001b[0m");
        log(job, "shell: /usr/bin/bash -e {0}");
        if (!s.env().isEmpty()) {
            log(job, "env:");
            new java.util.TreeMap<>(s.env()).forEach((k, v) -> log(job, "  " + k + ": " + safeInterpolate(job, v)));
        }
        log(job, "##[endgroup]");
    }

    private String safeInterpolate(JobState job, String v) {
        try {
            return Expressions.interpolate(v, stepContexts(job));
        } catch (RuntimeException ex) {
            return v;
        }
    }

    private void setupLines(JobState job) {
        log(job, "Current runner version: '2.321.0'");
        log(job, "Runner name: '" + job.runnerName + "'");
        log(job, "Runner group name: 'GitHub Actions'");
        log(job, "Machine name: '" + job.runnerHost + "'");
        log(job, "##[group]Operating System");
        log(job, "Ubuntu");
        log(job, "24.04.1");
        log(job, "LTS");
        log(job, "##[endgroup]");
        log(job, "##[group]Runner Image");
        log(job, "Image: ubuntu-24.04");
        log(job, "##[endgroup]");
        log(job, "Secret source: Actions");
        log(job, "Prepare workflow directory");
        log(job, "Prepare all required actions");
        if (job.environment != null) log(job, "Environment: " + job.environment);
        log(job, "Complete job name: " + job.name);
    }

    private void outputLines(JobState job, StepState st) {
        String repo = store.content.owner + "/" + store.content.name;
        switch (st.kind) {
            case CHECKOUT -> {
                log(job, "Syncing repository: " + repo);
                log(job, "##[group]Getting Git version info");
                log(job, "git version 2.47.1");
                log(job, "##[endgroup]");
                log(job, "HEAD is now at " + job.run.headSha.substring(0, 7) + " " + commitTitle(job));
            }
            case AWS_CREDENTIALS -> {
                log(job, "Assuming role with OIDC");
                log(job, "Authenticated as assumedRoleId AROAXXXXXXXXXXXXXXXXX:GitHubActions");
            }
            case SETUP_TOOL -> log(job, "Successfully set up " + (st.spec.uses().contains("terraform") ? "Terraform " + job.terraformVersion : st.spec.uses()));
            case ARTIFACT -> {
                if (st.spec.uses().contains("upload")) {
                    log(job, "With the provided path, there will be 3 files uploaded");
                    log(job, "Artifact lambda-packages has been successfully uploaded! Final size is 4821094 bytes.");
                } else {
                    log(job, "Downloading single artifact");
                    log(job, "Artifact download completed successfully.");
                }
            }
            case CACHE -> log(job, "Cache restored successfully");
            case BUILD -> {
                log(job, "Building lambda packages...");
                log(job, "  adding: analyzer/handler.py (deflated 64%)");
                log(job, "Created dist/analyzer.zip (4.6 MB)");
            }
            case TEST -> {
                log(job, "============================= test session starts ==============================");
                log(job, "collected 42 items");
                log(job, "============================== 42 passed in 18.31s ==============================");
            }
            default -> {
                for (String l : (st.spec.run() == null ? "" : st.spec.run()).strip().lines().toList()) {
                    String t = l.strip();
                    if (t.startsWith("echo ")) log(job, t.substring(5).replace("\"", "").replace("'", ""));
                }
            }
        }
    }

    private String commitTitle(JobState job) {
        for (SimCommit c : store.commits) if (c.sha().equals(job.run.headSha)) return c.title();
        return job.run.displayTitle;
    }

    /** The kind of the step in progress, null between steps. */
    static StepKind currentKind(JobState job) {
        for (StepState st : job.steps) if (st.status == RunStatus.IN_PROGRESS) return st.kind;
        return null;
    }

    // ---------------------------------------------------------------- cancellation

    /**
     * Cancels a running job the way a runner does: the current process gets an interrupt (Terraform then
     * shuts down gracefully and releases its lock), and the job ends cancelled a few seconds later.
     */
    void interrupt(JobState job, String annotation) {
        if (job.cancelRequested || job.completed()) return;
        job.cancelRequested = true;
        if (annotation != null) store.annotate(job, annotation);
        StepKind k = currentKind(job);
        if (k != null && (k.terraformLocking() || k == StepKind.TF_INIT)) {
            log(job, "Interrupt received.");
            log(job, "Please wait for Terraform to exit or data loss may occur.");
            log(job, "Gracefully shutting down...");
            log(job, "Stopping operation...");
        }
        store.changed();
        scheduler.schedule(store.now().plus(CANCEL_DELAY), "cancel job " + job.id, () -> finishInterrupt(job));
    }

    /** Runs without the lock: releasing a held Terraform lock is S3 I/O. */
    private void finishInterrupt(JobState job) {
        JobState.HeldLock held = scheduler.locked(() -> {
            if (job.completed()) return null;
            job.token++;
            for (StepState st : job.steps) {
                if (st.status == RunStatus.IN_PROGRESS) {
                    st.status = RunStatus.COMPLETED;
                    st.conclusion = Conclusion.CANCELLED;
                    st.completedAt = store.now();
                }
            }
            log(job, "##[error]The operation was canceled.");
            JobState.HeldLock h = job.held;
            job.held = null;
            return h;
        });
        if (held != null) terraform.releaseAfterInterrupt(job, held);
        scheduler.lockedRun(() -> lifecycle.completeJob(job, Conclusion.CANCELLED));
    }
}
