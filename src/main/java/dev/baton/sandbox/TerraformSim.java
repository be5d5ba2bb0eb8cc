package dev.baton.sandbox;

import dev.baton.model.Conclusion;
import dev.baton.workflow.BackendConfig;
import dev.baton.workflow.BackendParser;
import software.amazon.awssdk.services.s3.S3Client;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.baton.sandbox.TerraformText.errorBlock;
import static dev.baton.sandbox.TerraformText.goDuration;
import static dev.baton.sandbox.TerraformText.json;
import static dev.baton.sandbox.TerraformText.rfc3339Nano;

/**
 * Terraform steps against the real S3 API, as Terraform's S3 backend with use_lockfile = true does it:
 * lock = PutObject of &lt;key&gt;.tflock with If-None-Match: * and the LockInfo JSON; on 412 read the lock,
 * retry after 1 s doubling to 16 s until -lock-timeout; release = GET, compare ID, unconditional DELETE.
 * Messages follow Terraform's (statemgr/locker.go, command/clistate/state.go; texts in {@link TerraformText});
 * lines go to the {@link JobLog} sink, step ends to the runner's {@link StepEnd}. Waits are sim time; the S3
 * calls ({@link TerraformS3}) run on the engine's action thread without the engine lock.
 */
final class TerraformSim {
    private static final Pattern BACKEND_CONFIG = Pattern.compile("-backend-config[= ]\"?'?([^\\s\"']+)");
    private static final Pattern LOCK_TIMEOUT = Pattern.compile("-lock-timeout[= ](\\S+)");
    private static final Pattern LOCK_FALSE = Pattern.compile("-lock=false\\b");
    private static final Pattern CHDIR = Pattern.compile("-chdir=\"?([^\\s\"]+)");
    private static final Duration FIRST_DELAY = Duration.ofSeconds(1);
    private static final Duration MAX_DELAY = Duration.ofSeconds(16);
    /** Terraform prints "Acquiring state lock..." only when locking takes longer than this. */
    private static final Duration SLOW_MESSAGE = Duration.ofMillis(400);
    /** How a Terraform step ends: the runner marks it and goes on with the job's next step. */
    interface StepEnd {
        /** The step succeeds after d of sim time. */
        void finishAfter(JobState job, int idx, long token, Duration d);

        /** The step ends now (a stale token, from a cancelled or crashed job, is ignored). */
        void finishStep(JobState job, int idx, long token, Conclusion conclusion);
    }

    private final Scheduler scheduler;
    private final SimStore store;
    private final JobLog log;
    private final StepEnd steps;
    private final InjectedFaults faults;
    /** Null: no S3 in this sandbox. */
    private final TerraformS3 s3;
    private final Map<String, Integer> serials = new HashMap<>();
    private final Map<String, String> lineages = new HashMap<>();

    /** s3 null: no state backend, Terraform steps that need one fail. */
    TerraformSim(Scheduler scheduler, SimStore store, JobLog log, StepEnd steps, InjectedFaults faults, S3Client s3) {
        this.scheduler = scheduler;
        this.store = store;
        this.log = log;
        this.steps = steps;
        this.faults = faults;
        this.s3 = s3 == null ? null : new TerraformS3(s3);
    }

    /** Creates the buckets the repository's backend files name. */
    void createStateBuckets() {
        if (s3 != null) s3.createBuckets(TerraformS3.stateBuckets(store.content));
    }

    /** One in-flight lock-taking operation (apply or plan). */
    private final class Op {
        final JobState job;
        final int idx;
        final long token;
        final StepKind kind;
        final BackendConfig backend;
        final Instant started;
        final Instant deadline;
        final Duration work;
        final String lockKey;
        final String lockId;
        final String lockJson;
        final Map<String, String> info;
        Duration delay = FIRST_DELAY;
        boolean announced;
        boolean locking = true;

        Op(JobState job, int idx, long token, StepKind kind, BackendConfig backend, Duration timeout, Duration work) {
            this.job = job;
            this.idx = idx;
            this.token = token;
            this.kind = kind;
            this.backend = backend;
            this.started = store.now();
            this.deadline = started.plus(timeout);
            this.work = work;
            this.lockKey = backend.lockKey(null);
            this.lockId = uuid();
            this.info = new LinkedHashMap<>();
            info.put("ID", lockId);
            info.put("Operation", kind == StepKind.TF_APPLY ? "OperationTypeApply" : "OperationTypePlan");
            info.put("Info", "");
            info.put("Who", "runner@" + job.runnerHost);
            info.put("Version", job.terraformVersion);
            info.put("Created", rfc3339Nano(started.plusNanos(store.random.nextInt(1_000_000))));
            info.put("Path", backend.bucket() + "/" + backend.stateKey(null));
            this.lockJson = json(info);
        }

        boolean alive() {
            return job.token == token && !job.completed() && !job.cancelRequested;
        }
    }

    // ---------------------------------------------------------------- entry (engine lock held)

    void step(JobState job, StepState st, int idx, long token, String text, Duration d) {
        if (BACKEND_CONFIG.matcher(text).find() && StepKind.mentionsTerraform(text) && text.contains("init")) {
            List<String> err = init(job, st, text);
            if (err != null) {
                failSoon(job, idx, token, err);
                return;
            }
            if (st.kind == StepKind.TF_INIT) {
                initLines(job);
                steps.finishAfter(job, idx, token, d);
                return;
            }
        } else if (st.kind == StepKind.TF_INIT) {
            initLines(job);
            steps.finishAfter(job, idx, token, d);
            return;
        }
        if (job.backend == null) {
            failSoon(job, idx, token, errorBlock("Backend initialization required, please run \"terraform init\"",
                    List.of("Reason: Initial configuration of the requested backend \"s3\"")));
            return;
        }
        if (s3 == null) {
            failSoon(job, idx, token, errorBlock("Failed to get existing workspaces: no S3 endpoint in this sandbox", List.of()));
            return;
        }
        if (st.kind == StepKind.TF_FORCE_UNLOCK) {
            scheduler.schedule(store.now().plus(d), "force-unlock " + job.id, () -> forceUnlock(job, idx, token));
            return;
        }
        Duration timeout = Duration.ZERO;
        Matcher m = LOCK_TIMEOUT.matcher(text);
        if (m.find()) {
            try {
                timeout = goDuration(m.group(1));
            } catch (IllegalArgumentException ex) {
                failSoon(job, idx, token, errorBlock("Invalid value for -lock-timeout", List.of(ex.getMessage())));
                return;
            }
        }
        boolean locking = !LOCK_FALSE.matcher(text).find() && job.backend.useLockfile();
        Op op = new Op(job, idx, token, st.kind, job.backend, timeout, d);
        op.locking = locking;
        if (!locking) {
            scheduler.schedule(store.now(), "terraform " + job.id, () -> scheduler.lockedRun(() -> acquired(op)));
            return;
        }
        scheduler.schedule(store.now(), "lock attempt " + job.id, () -> attempt(op));
    }

    private void failSoon(JobState job, int idx, long token, List<String> lines) {
        for (String l : lines) log.append(job, l);
        log.append(job, "##[error]Terraform exited with code 1.");
        log.append(job, "##[error]Process completed with exit code 1.");
        scheduler.schedule(store.now().plusSeconds(1), "terraform fails " + job.id,
                () -> scheduler.lockedRun(() -> steps.finishStep(job, idx, token, Conclusion.FAILURE)));
    }

    /** Reads the backend file named by -backend-config (relative to the working directory); null when fine. */
    private List<String> init(JobState job, StepState st, String text) {
        Matcher m = BACKEND_CONFIG.matcher(text);
        m.find();
        String file = m.group(1);
        if (file.contains("=")) return null; // key=value form: the backend block itself carries the rest
        String dir = st.spec.workingDirectory() == null ? "" : st.spec.workingDirectory();
        Matcher c = CHDIR.matcher(text);
        if (c.find()) dir = dir.isEmpty() ? c.group(1) : dir + "/" + c.group(1);
        String path = normalize(dir.isEmpty() ? file : dir + "/" + file);
        String body = store.content.files.get(path);
        if (body == null) {
            return errorBlock("Failed to read file", List.of("The file \"" + file + "\" could not be read."));
        }
        try {
            job.backend = BackendParser.parse(path, body, null);
        } catch (RuntimeException ex) {
            return errorBlock("Invalid backend configuration", List.of(ex.getMessage()));
        }
        return null;
    }

    private void initLines(JobState job) {
        log.appendAll(job, TerraformText.initLines(job.backend != null));
    }

    // ---------------------------------------------------------------- lock protocol (no engine lock)

    private void attempt(Op op) {
        if (!scheduler.locked(op::alive)) return;
        TerraformS3.PutResult r = s3.putLock(op.backend.bucket(), op.lockKey, op.lockJson);
        scheduler.lockedRun(() -> {
            if (!op.alive()) {
                if (r.ok() && !op.job.crashed) {
                    // interrupted while the PUT was in flight: Terraform releases what it got
                    scheduler.schedule(store.now(), "release " + op.job.id, () -> release(op.job, new JobState.HeldLock(op.backend.bucket(), op.lockKey, op.lockId)));
                }
                return;
            }
            if (r.ok()) {
                acquired(op);
                return;
            }
            if (r.existing() == null) {
                fail(op, r.error(), null);
                return;
            }
            if (!op.announced && op.deadline.isAfter(op.started)) {
                op.announced = true;
                logAt(op.job, op.started.plus(SLOW_MESSAGE), "Acquiring state lock. This may take a few moments...");
            }
            Instant next = store.now().plus(op.delay);
            if (!next.isBefore(op.deadline)) {
                Instant at = op.deadline.isAfter(store.now()) ? op.deadline : store.now();
                scheduler.schedule(at, "lock timeout " + op.job.id, () -> scheduler.lockedRun(() -> {
                    if (op.alive()) fail(op, r.error(), r.existing());
                }));
                return;
            }
            if (op.delay.compareTo(MAX_DELAY) < 0) op.delay = op.delay.multipliedBy(2);
            scheduler.schedule(next, "lock attempt " + op.job.id, () -> attempt(op));
        });
    }

    /** Lock taken (or locking off): the plan/apply works for its duration, with progress lines. Engine lock held. */
    private void acquired(Op op) {
        JobState job = op.job;
        if (!op.alive()) return;
        job.held = op.locking ? new JobState.HeldLock(op.backend.bucket(), op.lockKey, op.lockId) : null;
        job.lockAcquiredAt = store.now();
        store.changed();
        String env = op.backend.environment() == null ? "default" : op.backend.environment();
        String fn = "aws_lambda_function.analyzer";
        String id = "sentiment-analyzer-" + env;
        log.appendAll(job, TerraformText.planLines(env, fn, id, job.run.headSha));
        if (op.kind == StepKind.TF_APPLY) {
            log.append(job, fn + ": Modifying... [id=" + id + "]");
            faults.lockAcquired(job, op.kind);
            for (long s = 10; s < op.work.toSeconds(); s += 10) {
                long elapsed = s;
                scheduler.schedule(store.now().plusSeconds(s), "progress " + job.id, () -> scheduler.lockedRun(() -> {
                    if (op.alive()) log.append(job, fn + ": Still modifying... [id=" + id + ", " + elapsed + "s elapsed]");
                }));
            }
        }
        scheduler.schedule(store.now().plus(op.work), "terraform done " + job.id, () -> finish(op, fn, id));
    }

    /** The work is done: apply writes the state, then Terraform releases the lock (GET, compare ID, DELETE). */
    private void finish(Op op, String fn, String id) {
        JobState job = op.job;
        JobState.HeldLock held = scheduler.locked(() -> op.alive() ? job.held : null);
        if (!scheduler.locked(op::alive)) return;
        List<String> releaseError = null;
        if (op.kind == StepKind.TF_APPLY && s3 != null) writeState(op);
        if (held != null) releaseError = s3.release(held);
        List<String> err = releaseError;
        scheduler.lockedRun(() -> {
            // released in S3 even if a cancel arrived meanwhile: the interrupt must not release it twice
            if (held != null && job.held == held) job.held = null;
            if (!op.alive()) return;
            long secs = Duration.between(job.lockAcquiredAt, store.now()).toSeconds();
            if (op.kind == StepKind.TF_APPLY) {
                log.append(job, fn + ": Modifications complete after " + secs + "s [id=" + id + "]");
            }
            if (err != null) {
                for (String l : err) log.append(job, l);
                log.append(job, "##[error]Terraform exited with code 1.");
                steps.finishStep(job, op.idx, op.token, Conclusion.FAILURE);
                return;
            }
            if (op.kind == StepKind.TF_APPLY) {
                log.append(job, "");
                log.append(job, "Apply complete! Resources: 0 added, 1 changed, 0 destroyed.");
            }
            steps.finishStep(job, op.idx, op.token, Conclusion.SUCCESS);
        });
    }

    private void writeState(Op op) {
        String key = op.backend.bucket() + "/" + op.backend.stateKey(null);
        int serial;
        String lineage;
        synchronized (serials) {
            serial = serials.merge(key, 1, Integer::sum);
            lineage = lineages.computeIfAbsent(key, k -> uuid());
        }
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("version", 4);
        state.put("terraform_version", op.job.terraformVersion);
        state.put("serial", serial);
        state.put("lineage", lineage);
        state.put("outputs", Map.of());
        state.put("resources", List.of());
        state.put("check_results", null);
        try {
            s3.putState(op.backend.bucket(), op.backend.stateKey(null), json(state));
        } catch (RuntimeException ex) {
            // a lost state write shows in the log, not as a crash of the sandbox
            scheduler.lockedRun(() -> log.append(op.job, "Failed to persist state: " + ex.getMessage()));
        }
    }

    private void release(JobState job, JobState.HeldLock held) {
        List<String> err = s3.release(held);
        if (err != null) scheduler.lockedRun(() -> err.forEach(l -> log.append(job, l)));
    }

    /** Called by the runner (no engine lock) when a cancelled job had a lock: Terraform's graceful shutdown releases it. */
    void releaseAfterInterrupt(JobState job, JobState.HeldLock held) {
        release(job, held);
    }

    private void fail(Op op, String error, Map<String, String> existing) {
        log.appendAll(op.job, TerraformText.lockError(error, existing));
        log.append(op.job, "##[error]Terraform exited with code 1.");
        steps.finishStep(op.job, op.idx, op.token, Conclusion.FAILURE);
    }

    // ---------------------------------------------------------------- force-unlock (no engine lock)

    private void forceUnlock(JobState job, int idx, long token) {
        BackendConfig b = scheduler.locked(() -> job.token == token ? job.backend : null);
        if (b == null) return;
        String lockKey = b.lockKey(null);
        List<String> out = new ArrayList<>();
        boolean ok = true;
        try {
            Map<String, String> found = s3.readLock(b.bucket(), lockKey);
            if (found == null) {
                out.add("No state lock to release.");
            } else {
                s3.delete(b.bucket(), lockKey);
                out.add("Terraform state has been successfully unlocked!");
                out.add("");
                out.add("The state has been unlocked, and Terraform commands should now be able to");
                out.add("obtain a new lock on the remote state.");
            }
        } catch (RuntimeException ex) {
            ok = false;
            out.addAll(errorBlock("Failed to unlock state", List.of(ex.getMessage())));
        }
        boolean success = ok;
        scheduler.lockedRun(() -> {
            out.forEach(l -> log.append(job, l));
            steps.finishStep(job, idx, token, success ? Conclusion.SUCCESS : Conclusion.FAILURE);
        });
    }

    // ---------------------------------------------------------------- helpers

    private void logAt(JobState job, Instant at, String text) {
        // the line belongs at `at` (400 ms into locking), which is already past: keep log order by appending
        log.append(job, text);
    }

    private String uuid() {
        byte[] b = new byte[16];
        store.random.nextBytes(b);
        String h = java.util.HexFormat.of().formatHex(b);
        return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20) + "-" + h.substring(20);
    }

    private static String normalize(String path) {
        List<String> parts = new ArrayList<>();
        for (String p : path.split("/")) {
            if (p.isEmpty() || p.equals(".")) continue;
            if (p.equals("..")) {
                if (!parts.isEmpty()) parts.remove(parts.size() - 1);
            } else {
                parts.add(p);
            }
        }
        return String.join("/", parts);
    }
}
