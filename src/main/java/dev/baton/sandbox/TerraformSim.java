package dev.baton.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.model.Conclusion;
import dev.baton.workflow.BackendConfig;
import dev.baton.workflow.BackendParser;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Terraform steps against the real S3 API, as Terraform's S3 backend with use_lockfile = true does it:
 * lock = PutObject of &lt;key&gt;.tflock with If-None-Match: * and the LockInfo JSON; on 412 read the lock,
 * retry after 1 s doubling to 16 s until -lock-timeout; release = GET, compare ID, unconditional DELETE.
 * Messages follow Terraform's (statemgr/locker.go, command/clistate/state.go). Waits are sim time; the
 * S3 calls run on the engine's action thread without the engine lock.
 */
final class TerraformSim {
    private static final Logger LOG = LoggerFactory.getLogger(TerraformSim.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern BACKEND_CONFIG = Pattern.compile("-backend-config[= ]\"?'?([^\\s\"']+)");
    private static final Pattern LOCK_TIMEOUT = Pattern.compile("-lock-timeout[= ](\\S+)");
    private static final Pattern LOCK_FALSE = Pattern.compile("-lock=false\\b");
    private static final Pattern CHDIR = Pattern.compile("-chdir=\"?([^\\s\"]+)");
    private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");
    private static final Duration FIRST_DELAY = Duration.ofSeconds(1);
    private static final Duration MAX_DELAY = Duration.ofSeconds(16);
    /** Terraform prints "Acquiring state lock..." only when locking takes longer than this. */
    private static final Duration SLOW_MESSAGE = Duration.ofMillis(400);
    static final String LOCK_HELP = """
            Terraform acquires a state lock to protect the state from being written
            by multiple users at the same time. Please resolve the issue above and try
            again. For most commands, you can disable locking with the "-lock=false"
            flag, but this is not recommended.""";

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
    private final S3Client s3;
    private final Map<String, Integer> serials = new HashMap<>();
    private final Map<String, String> lineages = new HashMap<>();

    /** s3 null: no state backend, Terraform steps that need one fail. */
    TerraformSim(Scheduler scheduler, SimStore store, JobLog log, StepEnd steps, InjectedFaults faults, S3Client s3) {
        this.scheduler = scheduler;
        this.store = store;
        this.log = log;
        this.steps = steps;
        this.faults = faults;
        this.s3 = s3;
    }

    /** The buckets the repository's backend-*.hcl files name. */
    static Set<String> stateBuckets(RepoContent content) {
        Set<String> out = new TreeSet<>();
        content.files.forEach((path, text) -> {
            if (!path.endsWith(".hcl")) return;
            try {
                BackendConfig b = BackendParser.parseIfBackend(path, text, null);
                if (b != null && b.bucket() != null) out.add(b.bucket());
            } catch (RuntimeException ex) {
                LOG.warn("sandbox: {} is not a readable backend file: {}", path, ex.getMessage());
            }
        });
        return out;
    }

    /** Creates the state buckets in S3 (kept when there: a second engine on the same S3). */
    void createStateBuckets() {
        if (s3 == null) return;
        for (String bucket : stateBuckets(store.content)) {
            try {
                s3.createBucket(b -> b.bucket(bucket));
            } catch (BucketAlreadyOwnedByYouException | BucketAlreadyExistsException ex) {
                // already there
            }
        }
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
        log.append(job, "Initializing the backend...");
        if (job.backend != null) {
            log.append(job, "");
            log.append(job, "Successfully configured the backend \"s3\"! Terraform will automatically");
            log.append(job, "use this backend unless the backend configuration changes.");
        }
        log.append(job, "Initializing provider plugins...");
        log.append(job, "- Reusing previous version of hashicorp/aws from the dependency lock file");
        log.append(job, "- Installing hashicorp/aws v5.82.2...");
        log.append(job, "- Installed hashicorp/aws v5.82.2 (signed by HashiCorp)");
        log.append(job, "");
        log.append(job, "Terraform has been successfully initialized!");
    }

    // ---------------------------------------------------------------- lock protocol (no engine lock)

    private void attempt(Op op) {
        if (!scheduler.locked(op::alive)) return;
        PutResult r = putLock(op);
        scheduler.lockedRun(() -> {
            if (!op.alive()) {
                if (r.ok && !op.job.crashed) {
                    // interrupted while the PUT was in flight: Terraform releases what it got
                    scheduler.schedule(store.now(), "release " + op.job.id, () -> release(op.job, new JobState.HeldLock(op.backend.bucket(), op.lockKey, op.lockId)));
                }
                return;
            }
            if (r.ok) {
                acquired(op);
                return;
            }
            if (r.existing == null) {
                fail(op, r.error, null);
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
                    if (op.alive()) fail(op, r.error, r.existing);
                }));
                return;
            }
            if (op.delay.compareTo(MAX_DELAY) < 0) op.delay = op.delay.multipliedBy(2);
            scheduler.schedule(next, "lock attempt " + op.job.id, () -> attempt(op));
        });
    }

    private record PutResult(boolean ok, String error, Map<String, String> existing) {
    }

    private PutResult putLock(Op op) {
        try {
            s3.putObject(b -> b.bucket(op.backend.bucket()).key(op.lockKey).ifNoneMatch("*").contentType("application/json"),
                    RequestBody.fromString(op.lockJson, StandardCharsets.UTF_8));
            return new PutResult(true, null, null);
        } catch (S3Exception ex) {
            String err = goError("PutObject", ex);
            if (ex.statusCode() == 412 || ex.statusCode() == 409) {
                try {
                    Map<String, String> existing = readLock(op.backend.bucket(), op.lockKey);
                    if (existing == null) {
                        return new PutResult(false, err + "\nunable to retrieve file from S3 bucket '" + op.backend.bucket()
                                + "' with key '" + op.lockKey + "': operation error S3: GetObject, https response error StatusCode: 404, RequestID: , HostID: , NoSuchKey: ", null);
                    }
                    return new PutResult(false, err, existing);
                } catch (RuntimeException readErr) {
                    return new PutResult(false, err + "\n" + readErr.getMessage(), null);
                }
            }
            return new PutResult(false, err, null);
        } catch (RuntimeException ex) {
            return new PutResult(false, "operation error S3: PutObject, " + ex.getMessage(), null);
        }
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
        log.append(job, "aws_iam_role.lambda: Refreshing state... [id=sentiment-analyzer-" + env + "-lambda]");
        log.append(job, fn + ": Refreshing state... [id=" + id + "]");
        log.append(job, "");
        log.append(job, "Terraform used the selected providers to generate the following execution");
        log.append(job, "plan. Resource actions are indicated with the following symbols:");
        log.append(job, "  ~ update in-place");
        log.append(job, "");
        log.append(job, "Terraform will perform the following actions:");
        log.append(job, "");
        log.append(job, "  # " + fn + " will be updated in-place");
        log.append(job, "  ~ resource \"aws_lambda_function\" \"analyzer\" {");
        log.append(job, "      ~ source_code_hash = \"" + job.run.headSha.substring(0, 12) + "\" -> (known after apply)");
        log.append(job, "        id               = \"" + id + "\"");
        log.append(job, "        # (24 unchanged attributes hidden)");
        log.append(job, "    }");
        log.append(job, "");
        log.append(job, "Plan: 0 to add, 1 to change, 0 to destroy.");
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
        if (held != null) releaseError = releaseLines(held);
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
            s3.putObject(b -> b.bucket(op.backend.bucket()).key(op.backend.stateKey(null)).contentType("application/json"),
                    RequestBody.fromString(json(state), StandardCharsets.UTF_8));
        } catch (RuntimeException ex) {
            // a lost state write shows in the log, not as a crash of the sandbox
            scheduler.lockedRun(() -> log.append(op.job, "Failed to persist state: " + ex.getMessage()));
        }
    }

    /** Terraform's release: GET the lock, compare its ID with ours, DELETE without a condition. Null when released. */
    private List<String> releaseLines(JobState.HeldLock held) {
        try {
            Map<String, String> found = readLock(held.bucket(), held.lockKey());
            if (found == null) {
                return unlockError("failed to retrieve lock info for lock ID \"" + held.lockId() + "\": lock file not found");
            }
            if (!held.lockId().equals(found.get("ID"))) {
                return unlockError("lock ID '" + held.lockId() + "' does not match the existing lock ID '" + found.get("ID") + "'");
            }
            s3.deleteObject(b -> b.bucket(held.bucket()).key(held.lockKey()));
            return null;
        } catch (RuntimeException ex) {
            return unlockError(ex.getMessage());
        }
    }

    private void release(JobState job, JobState.HeldLock held) {
        List<String> err = releaseLines(held);
        if (err != null) scheduler.lockedRun(() -> err.forEach(l -> log.append(job, l)));
    }

    /** Called by the runner (no engine lock) when a cancelled job had a lock: Terraform's graceful shutdown releases it. */
    void releaseAfterInterrupt(JobState job, JobState.HeldLock held) {
        release(job, held);
    }

    private List<String> unlockError(String message) {
        List<String> body = new ArrayList<>();
        body.add("Error message: " + message);
        body.add("");
        body.add("Terraform acquired a lock on the state for you, but there was an error");
        body.add("releasing that lock. The lock may still be held: run \"terraform force-unlock\"");
        body.add("once you are sure no other operation is using this state.");
        return errorBlock("Error releasing the state lock", body);
    }

    private void fail(Op op, String error, Map<String, String> existing) {
        List<String> body = new ArrayList<>();
        List<String> errLines = List.of(error.split("\n"));
        body.add("Error message: " + errLines.get(0));
        body.addAll(errLines.subList(1, errLines.size()));
        if (existing != null) {
            body.add("Lock Info:");
            body.add("  ID:        " + existing.getOrDefault("ID", ""));
            body.add("  Path:      " + existing.getOrDefault("Path", ""));
            body.add("  Operation: " + existing.getOrDefault("Operation", ""));
            body.add("  Who:       " + existing.getOrDefault("Who", ""));
            body.add("  Version:   " + existing.getOrDefault("Version", ""));
            body.add("  Created:   " + goDefaultTime(existing.getOrDefault("Created", "")));
            body.add("  Info:      " + existing.getOrDefault("Info", ""));
            body.add("");
        }
        body.add("");
        body.addAll(LOCK_HELP.lines().toList());
        for (String l : errorBlock("Error acquiring the state lock", body)) log.append(op.job, l);
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
            Map<String, String> found = readLock(b.bucket(), lockKey);
            if (found == null) {
                out.add("No state lock to release.");
            } else {
                s3.deleteObject(r -> r.bucket(b.bucket()).key(lockKey));
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

    // ---------------------------------------------------------------- S3 and formats

    /** The LockInfo at key as a string map, or null when there is no lock object. */
    private Map<String, String> readLock(String bucket, String key) {
        try {
            ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
            Map<?, ?> m = JSON.readValue(bytes.asUtf8String(), Map.class);
            Map<String, String> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
            return out;
        } catch (NoSuchKeyException ex) {
            return null;
        } catch (S3Exception ex) {
            if (ex.statusCode() == 404) return null;
            throw new IllegalStateException(goError("GetObject", ex), ex);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("unexpected end of JSON input", ex);
        }
    }

    /** The AWS SDK for Go's error text, which is what Terraform shows after "Error message:". */
    static String goError(String operation, S3Exception ex) {
        String code = ex.awsErrorDetails() == null ? "" : String.valueOf(ex.awsErrorDetails().errorCode());
        String msg = ex.awsErrorDetails() == null ? ex.getMessage() : String.valueOf(ex.awsErrorDetails().errorMessage());
        if (ex.statusCode() == 412 && (msg == null || msg.equals("null"))) msg = "At least one of the pre-conditions you specified did not hold";
        return "operation error S3: " + operation + ", https response error StatusCode: " + ex.statusCode()
                + ", RequestID: " + nz(ex.requestId()) + ", HostID: " + nz(ex.extendedRequestId())
                + ", api error " + code + ": " + msg;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    static List<String> errorBlock(String title, List<String> body) {
        List<String> out = new ArrayList<>();
        out.add("╷");
        out.add("│ Error: " + title);
        out.add("│ ");
        for (String l : body) out.add("│ " + l);
        out.add("╵");
        return out;
    }

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

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    private static final DateTimeFormatter GO_DEFAULT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** Go's time.RFC3339Nano in UTC: up to nine fractional digits, trailing zeros dropped. */
    static String rfc3339Nano(Instant t) {
        LocalDateTime l = LocalDateTime.ofInstant(t, ZoneOffset.UTC);
        return SECONDS.format(l) + fraction(t.getNano()) + "Z";
    }

    /** Go's default time format of an RFC 3339 text: "2026-11-26 14:03:01.123456789 +0000 UTC". */
    static String goDefaultTime(String rfc3339) {
        try {
            Instant t = Instant.parse(rfc3339);
            return GO_DEFAULT.format(LocalDateTime.ofInstant(t, ZoneOffset.UTC)) + fraction(t.getNano()) + " +0000 UTC";
        } catch (RuntimeException ex) {
            return rfc3339;
        }
    }

    private static String fraction(int nanos) {
        if (nanos == 0) return "";
        String f = String.format("%09d", nanos);
        int end = f.length();
        while (end > 0 && f.charAt(end - 1) == '0') end--;
        return "." + f.substring(0, end);
    }

    /** Go's time.ParseDuration subset: "5m", "300s", "1m30s", "1h", "0". */
    static Duration goDuration(String text) {
        String t = text.strip().replace("\"", "").replace("'", "");
        if (t.equals("0")) return Duration.ZERO;
        Matcher m = GO_DURATION.matcher(t);
        Duration d = Duration.ZERO;
        int pos = 0;
        while (m.find()) {
            if (m.start() != pos) throw new IllegalArgumentException("time: invalid duration \"" + text + "\"");
            double v = Double.parseDouble(m.group(1));
            long nanos = switch (m.group(2)) {
                case "ns" -> (long) v;
                case "us", "µs" -> (long) (v * 1_000);
                case "ms" -> (long) (v * 1_000_000);
                case "s" -> (long) (v * 1_000_000_000L);
                case "m" -> (long) (v * 60_000_000_000L);
                default -> (long) (v * 3_600_000_000_000L);
            };
            d = d.plusNanos(nanos);
            pos = m.end();
        }
        if (pos != t.length() || pos == 0) throw new IllegalArgumentException("time: invalid duration \"" + text + "\"");
        return d;
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
