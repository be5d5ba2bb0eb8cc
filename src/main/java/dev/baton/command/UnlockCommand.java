package dev.baton.command;

import dev.baton.lock.LockStore;
import dev.baton.lock.ProbeReport;
import dev.baton.lock.ReleaseResult;
import dev.baton.lock.SafeRelease;
import dev.baton.model.Finding;
import dev.baton.model.LockLocation;
import dev.baton.model.Run;
import dev.baton.model.RunStatus;
import dev.baton.model.Snapshot;
import dev.baton.model.StateLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Force-unlock made evidence-based and race-free: show who holds the lock and whether a run that could
 * own it is alive, refuse while one runs, confirm by typing the id's first 8 characters, and delete only
 * the exact version read (If-Match), so a lock re-taken in between survives.
 */
@Mutating
@Command(name = "unlock", description = "Release a state lock safely (evidence, typed confirmation, conditional delete, audit)")
final class UnlockCommand extends BaseCommand {
    @Mixin
    GuardOptions guarded = new GuardOptions();
    @Parameters(index = "0", paramLabel = "TARGET", description = "environment, lock key, s3://bucket/key.tflock or dynamodb://table/LockID")
    String target;
    @Option(names = "--id", required = true, paramLabel = "LOCK_ID", description = "the lock id you expect to release")
    String id;
    @Option(names = "--force", description = "release even while a run of the owning group is in progress, or on a store without conditional deletes")
    boolean force;
    @Option(names = "--via-workflow", paramLabel = "WORKFLOW",
            description = "instead of deleting, dispatch the repository's own unlock workflow with force_unlock=true")
    String viaWorkflow;
    @Option(names = "--ref", defaultValue = "main", description = "with --via-workflow: the branch to run it on (default main)")
    String ref;

    @Override
    protected Result execute() {
        Guard guard = new Guard(session);
        Snapshot s = session.snapshot();
        LockLocation location;
        try {
            location = locate(s);
        } catch (NoLock e) {
            String unread = Views.unreadLockSources(s);
            if (unread != null) {
                // not "no lock": the store did not answer, so nobody knows
                guard.fail("unlock", target, null, guarded.reason, unread);
                return Result.error(Exit.BACKEND, "unlock: " + unread);
            }
            guard.refuse("unlock", target, null, guarded.reason, e.getMessage());
            return Result.error(Exit.REFUSED, "unlock: " + e.getMessage());
        }
        LockStore store = session.lockStore(location.kind());
        Optional<StateLock> read;
        try {
            read = store.get(location);
        } catch (RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            String msg = why.contains(location.uri()) ? why : "cannot read " + location.uri() + ": " + why;
            guard.fail("unlock", location.uri(), null, guarded.reason, msg);
            return Result.error(Exit.BACKEND, "unlock: " + msg);
        }
        if (read.isEmpty()) {
            guard.refuse("unlock", location.uri(), null, guarded.reason, "no lock at " + location.uri());
            return Result.error(Exit.REFUSED, "unlock: no lock at " + location.uri() + " (already released?)");
        }
        StateLock lock = read.get();
        Map<String, Object> before = new LinkedHashMap<>();
        before.put("lock", Views.lock(s, lock));
        before.put("version", lock.version());
        String evidence = evidence(s, lock, session.clock().instant()); // ages as the screen shows them, not as of the last poll

        if (!lock.malformed() && !lock.info().id().equals(id.trim())) {
            String msg = "lock id " + id + " does not match the current lock " + lock.info().id() + " (held by " + lock.info().who() + ")";
            guard.refuse("unlock", location.uri(), before, guarded.reason, msg);
            return new Result(Exit.REFUSED, "unlock: refused: " + msg + "\n" + evidence, Map.of("outcome", "refused", "message", msg));
        }
        List<Run> running = owningRunsInProgress(s, lock);
        if (!running.isEmpty() && !force) {
            String msg = "a run of the owning group is in progress (" + running.stream().map(r -> r.workflowFile() + " #" + r.runNumber())
                    .reduce((a, b) -> a + ", " + b).orElse("") + "); pass --force if you are sure it does not hold the lock";
            guard.refuse("unlock", location.uri(), before, guarded.reason, msg);
            return new Result(Exit.REFUSED, "unlock: refused: " + msg + "\n" + evidence, Map.of("outcome", "refused", "message", msg));
        }
        if (viaWorkflow != null) return viaWorkflow(guard, s, lock, before, evidence);
        ProbeReport probe = session.probe(location);
        String unsafe = probe.conditionalDeleteProblem();
        if (unsafe != null && !force) {
            String msg = unsafe + "; a release could delete a newer lock. Pass --force to release the Terraform way";
            guard.refuse("unlock", location.uri(), before, guarded.reason, msg);
            return new Result(Exit.REFUSED, "unlock: refused: " + msg, Map.of("outcome", "refused", "message", msg));
        }
        String confirmWord = lock.malformed() ? "UNLOCK" : lock.info().shortId();
        String prompt = "Release " + location.uri() + "\n" + evidence + (running.isEmpty() ? "" : "\nWARNING: a run of the owning group is in progress");
        SafeRelease release = new SafeRelease(store, probe);
        Guard.Outcome o = guard.run("unlock", location.uri(), before, guarded.reason, prompt, confirmWord, guarded.yes,
                () -> null, // SafeRelease re-checks atomically: the delete is conditioned on the version read
                () -> {
                    ReleaseResult r = lock.malformed() ? release.releaseExact(lock, force) : release.release(lock, id.trim(), force);
                    return r.outcome() == ReleaseResult.Outcome.RELEASED
                            ? Guard.Outcome.done("released", r.message())
                            : new Guard.Outcome(Exit.REFUSED, r.outcome().name().toLowerCase(), r.message());
                });
        copyAuditBesideLock(store, lock, o);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("outcome", o.outcome());
        json.put("message", o.message());
        json.put("lock", Views.lock(s, lock));
        json.put("audit", guard.journal().file().toString());
        String text = (o.exitCode() == Exit.OK ? "" : "unlock: ") + o.message();
        return new Result(o.exitCode(), text, json);
    }

    /**
     * The reference's recovery path: the repository's own workflow runs `terraform force-unlock` with its
     * credentials. The lock id was checked above; the run's own log tells whether it worked.
     */
    private Result viaWorkflow(Guard guard, Snapshot s, StateLock lock, Map<String, Object> before, String evidence) {
        String uri = lock.location().uri();
        String prompt = "Dispatch " + viaWorkflow + "@" + ref + " with force_unlock=true to release " + uri + "\n" + evidence;
        String confirmWord = lock.malformed() ? "UNLOCK" : lock.info().shortId();
        Guard.Outcome o = guard.run("unlock", uri + " via " + viaWorkflow, before, guarded.reason, prompt, confirmWord, guarded.yes,
                () -> {
                    var now = session.lockStore(lock.location().kind()).get(lock.location());
                    if (now.isEmpty()) return "the lock is gone already: nothing to dispatch";
                    if (!java.util.Objects.equals(now.get().version(), lock.version())) {
                        return "the lock changed since it was read (now " + UnlockCommand.holder(now.get()) + "): nothing dispatched";
                    }
                    return null;
                },
                () -> {
                    var r = session.github().dispatch(viaWorkflow, ref, Map.of("force_unlock", "true"));
                    return Guard.Outcome.done("dispatched", "dispatched " + viaWorkflow + (r.runId() > 0 ? " as run " + r.runId() : "")
                            + " with force_unlock=true; follow it with: baton watch --until done:" + (r.runId() > 0 ? r.runId() : "RUN"));
                });
        copyAuditBesideLock(session.lockStore(lock.location().kind()), lock, o);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("outcome", o.outcome());
        json.put("message", o.message());
        json.put("lock", Views.lock(s, lock));
        return new Result(o.exitCode(), (o.exitCode() == Exit.OK ? "" : "unlock: ") + o.message(), json);
    }

    static String holder(StateLock l) {
        return l.info() == null ? "a malformed lock" : l.info().who() + " id " + l.info().id();
    }

    /** With audit.bucket_copy, the record also lands beside the lock: KEY.baton-audit/TIME.json (S3 only). */
    private void copyAuditBesideLock(LockStore store, StateLock lock, Guard.Outcome o) {
        Config.Audit audit = session.config().audit();
        if (audit == null || !Boolean.TRUE.equals(audit.bucketCopy()) || lock.location().kind() != LockLocation.Kind.S3) return;
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("at", java.time.Instant.now().toString());
        record.put("user", System.getProperty("user.name"));
        record.put("host", AuditJournal.host());
        record.put("action", "unlock");
        record.put("lock", lock.rawBody());
        record.put("reason", guarded.reason);
        record.put("outcome", o.outcome());
        record.put("detail", o.message());
        String key = lock.location().key() + ".baton-audit/" + java.time.Instant.now().toString().replace(':', '-') + ".json";
        try {
            store.createIfAbsent(new LockLocation(LockLocation.Kind.S3, lock.location().container(), key, null, null), Json.line(record));
        } catch (RuntimeException e) {
            // the local journal has the record; a bucket that refuses the copy must not undo a release
            org.slf4j.LoggerFactory.getLogger(UnlockCommand.class).warn("cannot copy the audit record to {}: {}", key, e.getMessage());
        }
    }

    private static final class NoLock extends RuntimeException {
        NoLock(String message) {
            super(message);
        }
    }

    private LockLocation locate(Snapshot s) {
        if (target.startsWith("s3://") || target.startsWith("dynamodb://")) return LockTargets.parseUri(target);
        List<StateLock> matches = LockTargets.match(s, target);
        if (matches.isEmpty()) throw new NoLock("no lock held for '" + target + "' (already released?)");
        if (matches.size() > 1) {
            List<StateLock> byId = matches.stream().filter(l -> l.info() != null && l.info().id().equals(id)).toList();
            if (byId.size() != 1) throw new IllegalArgumentException("'" + target + "' names " + matches.size()
                    + " locks; give a lock URI: " + matches.stream().map(l -> l.location().uri()).toList());
            return byId.get(0).location();
        }
        return matches.get(0).location();
    }

    private static List<Run> owningRunsInProgress(Snapshot s, StateLock lock) {
        String env = lock.location().environment();
        var stage = s.stages().stream().filter(st -> st.name().equalsIgnoreCase(String.valueOf(env))).findFirst().orElse(null);
        if (stage == null) return List.of();
        return s.runs().stream().filter(r -> stage.activeRunIds().contains(r.id()) && r.status() == RunStatus.IN_PROGRESS).toList();
    }

    static String evidence(Snapshot s, StateLock lock, java.time.Instant now) {
        StringBuilder sb = new StringBuilder();
        if (lock.info() != null) {
            sb.append("  holder ").append(lock.info().who()).append(", ").append(lock.info().operation()).append(", id ").append(lock.info().id())
                    .append(", created ").append(lock.info().created()).append(" (").append(Text.age(lock.info().createdAt(), now)).append(" ago)\n");
        } else {
            sb.append("  malformed lock body: ").append(lock.error()).append('\n');
        }
        sb.append("  verdict: ").append(Views.verdict(s, lock)).append('\n');
        for (Finding f : Views.findingsAbout(s, lock.location().uri())) {
            for (String e : f.evidence()) sb.append("    - ").append(e).append('\n');
        }
        return sb.toString().stripTrailing();
    }
}
