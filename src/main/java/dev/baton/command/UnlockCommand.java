package dev.baton.command;

import dev.baton.lock.LockStore;
import dev.baton.lock.ProbeReport;
import dev.baton.lock.ReleaseResult;
import dev.baton.lock.SafeRelease;
import dev.baton.model.LockLocation;
import dev.baton.model.Run;
import dev.baton.model.RunStatus;
import dev.baton.model.Snapshot;
import dev.baton.model.StateLock;
import dev.baton.model.Times;
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
    @Option(names = "--id", paramLabel = "LOCK_ID", description = "the id of the lock you expect to release (from `locks`): in full or its first 8 or more characters")
    String id;
    @Option(names = "--lock-version", paramLabel = "VERSION",
            description = "a malformed lock has no id: with --force, its exact version (S3 ETag, DynamoDB sha256:...) as unlock shows it")
    String lockVersion;
    @Option(names = "--force", description = "release even while a run that could hold the lock is in progress or GitHub is unread;"
            + " with --lock-version, a malformed lock without a prompt")
    boolean force;
    @Option(names = "--via-workflow", paramLabel = "WORKFLOW",
            description = "instead of deleting, dispatch the repository's own unlock workflow with force_unlock=true")
    String viaWorkflow;
    @Option(names = "--ref", defaultValue = "main", description = "with --via-workflow: the branch to run it on (default main)")
    String ref;

    @Override
    protected Result execute() {
        Guard guard = new Guard(baton, io);
        // rule 1, by name and before any read: a state file, a digest or baton's own records are never touched
        LockLocation named = null;
        if (target.startsWith("s3://") || target.startsWith("dynamodb://")) {
            named = LockTargets.parseUri(target);
            String notALock = UnlockRules.notALock(named);
            if (notALock != null) return refused(guard, target, null, notALock);
        }
        Snapshot s = baton.snapshot();
        LockLocation location;
        try {
            location = named != null ? named : locate(s);
        } catch (NoLock e) {
            String unread = dev.baton.render.SourceRender.unreadLockSources(s);
            if (unread != null) {
                // not "no lock": the store did not answer, so nobody knows
                guard.fail("unlock", target, null, guarded.reason, unread);
                return Result.error(Exit.BACKEND, "unlock: " + unread);
            }
            // a name the layout does not declare is a typo (exit 2, did-you-mean), not "already released"
            Result unknown = Declared.checkLockTargets("unlock", baton, s, List.of(target));
            if (unknown != null) {
                guard.refuse("unlock", target, null, guarded.reason, unknown.text());
                return unknown;
            }
            return refused(guard, target, null, e.getMessage());
        }
        Read read = read(guard, location);
        if (read.failure() != null) return read.failure();
        StateLock lock = labelled(read.lock());
        guard.leasing(Team.Target.lock(lock.location())); // the same lease however the lock was named
        Map<String, Object> before = new LinkedHashMap<>();
        before.put("lock", dev.baton.render.LockRender.view(s, lock));
        before.put("version", lock.versionTag());
        String evidence = evidence(s, lock, baton.clock().instant()); // ages as the screen shows them, not as of the last poll

        UnlockRules.Ask ask = new UnlockRules.Ask(id, lockVersion, force, guarded.yes);
        UnlockRules.Decision d = UnlockRules.decide(s, baton.engine().environments(), lock, ask);
        if (!d.allowed()) {
            if (d.exitCode() == Exit.BACKEND) guard.fail("unlock", location.uri(), before, guarded.reason, d.refusal());
            else guard.refuse("unlock", location.uri(), before, guarded.reason, d.refusal());
            // the why is the one error line; the evidence an operator acts on goes to stdout
            String why = "unlock: " + (d.exitCode() == Exit.REFUSED ? "refused: " : "") + d.refusal();
            return new Result(d.exitCode(), evidence, new OutcomeView(d.exitCode() == Exit.BACKEND ? "failed" : "refused", d.refusal()), why);
        }
        if (viaWorkflow != null) return viaWorkflow(guard, s, lock, before, evidence, d);
        ProbeReport probe = baton.probe(location);
        String unsafe = probe.conditionalDeleteProblem();
        if (unsafe != null && !force) {
            return refused(guard, location.uri(), before, unsafe + "; a release could delete a newer lock. Pass --force to release the Terraform way");
        }
        // the warning before the details: a dialog on a short terminal cuts from the end
        String prompt = "Release " + location.uri() + (d.warning() == null ? "" : "\n" + d.warning()) + "\n" + evidence
                + (lock.malformed() ? "\nversion " + lock.versionTag() : "");
        SafeRelease release = new SafeRelease(store(location), probe);
        Guard.Outcome o = guard.run("unlock", location.uri(), before, guarded.reason, prompt, d.confirmWord(), guarded.yes || d.confirmed(),
                () -> recheck(lock, ask),
                () -> {
                    ReleaseResult r = lock.malformed() ? release.releaseExact(lock, force) : release.release(lock, lock.info().id(), force); // --id matched it (in full or by prefix) above
                    return r.outcome() == ReleaseResult.Outcome.RELEASED
                            ? Guard.Outcome.done("released", r.message())
                            : new Guard.Outcome(Exit.REFUSED, r.outcome().name().toLowerCase(), r.message());
                });
        copyAuditBesideLock(store(location), lock, o);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("outcome", o.outcome());
        json.put("message", o.message());
        json.put("lock", dev.baton.render.LockRender.view(s, lock));
        json.put("audit", guard.journal().file().toString());
        String text = (o.exitCode() == Exit.OK ? "" : "unlock: ") + o.message();
        return new Result(o.exitCode(), text, json);
    }

    /** The lock with its environment named, however it was addressed: what it shows and audits is the same for every form. */
    private StateLock labelled(StateLock lock) {
        LockLocation l = lock.location();
        var owner = dev.baton.watch.LockOwnership.environmentOf(l, baton.engine().environments());
        if (owner == null || owner.name().equals(l.environment())) return lock;
        return new StateLock(new LockLocation(l.kind(), l.container(), l.key(), owner.name(), l.workspace()),
                lock.info(), lock.rawBody(), lock.version(), lock.lastModified(), lock.error());
    }

    private LockStore store(LockLocation location) {
        return baton.lockStore(location.kind());
    }

    private record Read(StateLock lock, Result failure) {
    }

    /** The lock as it is now (bounded: a big object is "not a lock" by its size), or the audited reason there is none. */
    private Read read(Guard guard, LockLocation location) {
        Optional<StateLock> now;
        try {
            now = store(location).get(location);
        } catch (RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            String msg = why.contains(location.uri()) ? why : "cannot read " + location.uri() + ": " + why;
            guard.fail("unlock", location.uri(), null, guarded.reason, msg);
            return new Read(null, Result.error(Exit.BACKEND, "unlock: " + msg));
        }
        if (now.isEmpty()) return new Read(null, refused(guard, location.uri(), null, "no lock at " + location.uri() + " (already released?)"));
        return new Read(now.get(), null);
    }

    private Result refused(Guard guard, String target, Object before, String why) {
        guard.refuse("unlock", target, before, guarded.reason, why);
        return new Result(Exit.REFUSED, "unlock: refused: " + why, new OutcomeView("refused", why));
    }

    /**
     * Just before deleting (the operator may have taken minutes to type): GitHub polled again and the lock
     * read again; the same rules on what is true now. null when all is as shown.
     */
    private String recheck(StateLock shown, UnlockRules.Ask ask) {
        Snapshot fresh = baton.refresh();
        Optional<StateLock> now = store(shown.location()).get(shown.location());
        if (now.isEmpty()) return "the lock at " + shown.location().uri() + " is gone already: nothing deleted";
        if (!java.util.Objects.equals(now.get().version(), shown.version())) {
            return "the lock changed since it was read (now " + holder(now.get()) + "): nothing deleted";
        }
        UnlockRules.Decision again = UnlockRules.decide(fresh, baton.engine().environments(), now.get(), ask);
        return again.allowed() ? null : again.refusal() + " (found on the re-check just before deleting; nothing deleted)";
    }

    /**
     * The reference's recovery path: the repository's own workflow runs `terraform force-unlock` with its
     * credentials. The lock id was checked above; the run's own log tells whether it worked.
     */
    private Result viaWorkflow(Guard guard, Snapshot s, StateLock lock, Map<String, Object> before, String evidence, UnlockRules.Decision d) {
        String uri = lock.location().uri();
        String prompt = "Dispatch " + viaWorkflow + "@" + ref + " with force_unlock=true to release " + uri + "\n" + evidence;
        Guard.Outcome o = guard.run("unlock", uri + " via " + viaWorkflow, before, guarded.reason, prompt, d.confirmWord(), guarded.yes || d.confirmed(),
                () -> {
                    var now = baton.lockStore(lock.location().kind()).get(lock.location());
                    if (now.isEmpty()) return "the lock is gone already: nothing to dispatch";
                    if (!java.util.Objects.equals(now.get().version(), lock.version())) {
                        return "the lock changed since it was read (now " + UnlockCommand.holder(now.get()) + "): nothing dispatched";
                    }
                    return null;
                },
                () -> {
                    var r = baton.github().dispatch(viaWorkflow, ref, Map.of("force_unlock", "true"));
                    return Guard.Outcome.done("dispatched", "dispatched " + viaWorkflow + (r.runId() > 0 ? " as run " + r.runId() : "")
                            + " with force_unlock=true; follow it with: baton watch --until done:" + (r.runId() > 0 ? r.runId() : "RUN"));
                });
        copyAuditBesideLock(baton.lockStore(lock.location().kind()), lock, o);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("outcome", o.outcome());
        json.put("message", o.message());
        json.put("lock", dev.baton.render.LockRender.view(s, lock));
        return new Result(o.exitCode(), (o.exitCode() == Exit.OK ? "" : "unlock: ") + o.message(), json);
    }

    static String holder(StateLock l) {
        return l.info() == null ? "a malformed lock" : l.info().who() + " id " + l.info().id();
    }

    /** With audit.bucket_copy, the record also lands beside the lock: KEY.baton-audit/TIME.json (S3 only). */
    private void copyAuditBesideLock(LockStore store, StateLock lock, Guard.Outcome o) {
        Config.Audit audit = baton.config().audit();
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
            List<StateLock> byId = matches.stream().filter(l -> l.info() != null && UnlockRules.idMatches(id, l.info().id())).toList();
            if (byId.size() != 1) throw new IllegalArgumentException("'" + target + "' names " + matches.size()
                    + " locks; give a lock URI: " + matches.stream().map(l -> l.location().uri()).toList());
            return byId.get(0).location();
        }
        return matches.get(0).location();
    }

    /** The lock's details as the screen shows them (render/LockRender.details), indented under unlock's first line. */
    static String evidence(Snapshot s, StateLock lock, java.time.Instant now) {
        return dev.baton.render.LockRender.details(s, lock, now).lines().map(l -> l.isEmpty() ? l : "  " + l).collect(java.util.stream.Collectors.joining("\n"));
    }
}
