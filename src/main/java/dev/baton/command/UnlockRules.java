package dev.baton.command;

import dev.baton.render.TimeRender;
import dev.baton.model.LockLocation;
import dev.baton.model.Run;
import dev.baton.model.Snapshot;
import dev.baton.model.StateLock;
import dev.baton.watch.EnvironmentSpec;
import dev.baton.watch.LockOwnership;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What unlock may touch and when, as one pure decision, so that every way of naming a lock (environment,
 * key, prefix, s3:// or dynamodb:// URI, the screen's key) reaches the same answer for the same lock:
 * <ol>
 * <li>only a lock object: an S3 "*.tflock" key (never a state file, never baton's own probe or audit keys)
 *     or a DynamoDB lock item (never a "-md5" digest); checked by name, before anything is read;</li>
 * <li>not while GitHub is unread: a live run could hold it and nobody can tell (exit 3; --force overrides);</li>
 * <li>not while a run that could own it is in progress: one of its environment's, or any at all when no
 *     rule places the lock in an environment (exit 4; --force overrides);</li>
 * <li>a well-formed lock only by its ID, in full or its first 8 or more characters (as the locks table shows
 *     them; a lock location holds one lock, so the prefix is checked against that one); a malformed one (no ID to check) only by its exact version,
 *     shown to the operator and typed back, or given as --force --lock-version in a script, never --yes alone.</li>
 * </ol>
 */
final class UnlockRules {
    private UnlockRules() {
    }

    /** The shortest --id accepted: the 8 characters the locks table shows. */
    static final int MIN_ID_PREFIX = 8;

    /** Whether --id names this lock id: the id itself, or a prefix of it of at least 8 characters, any case. */
    static boolean idMatches(String given, String id) {
        if (given == null || id == null) return false;
        String g = given.strip();
        return g.length() >= MIN_ID_PREFIX && g.length() <= id.length() && id.regionMatches(true, 0, g, 0, g.length());
    }

    /** What the operator asked for, beyond the lock itself. */
    record Ask(String id, String lockVersion, boolean force, boolean yes) {
    }

    /** Go on (confirm by typing confirmWord, unless confirmed already) or stop with an exit code and why. */
    record Decision(int exitCode, String refusal, String confirmWord, boolean confirmed, String warning) {
        static Decision refuse(int exitCode, String why) {
            return new Decision(exitCode, why, null, false, null);
        }

        boolean allowed() {
            return refusal == null;
        }
    }

    /** Rule 1: why this location is not a lock object unlock may touch, or null when it is one. */
    static String notALock(LockLocation loc) {
        String key = loc.key();
        if (loc.kind() == LockLocation.Kind.S3) {
            if (key.contains(".baton-audit/")) return loc.uri() + " is a baton audit record, not a lock";
            if (dev.baton.lock.LockStore.isProbeKey(key)) return loc.uri() + " is a baton probe record, not a lock";
            if (!key.endsWith(".tflock")) {
                String what = key.endsWith(".tfstate") ? "a Terraform state file" : "not a lock object";
                return loc.uri() + " is " + what + ": unlock only touches *.tflock objects";
            }
            return null;
        }
        if (key.endsWith("-md5")) return loc.uri() + " is the state's digest item, not a lock: unlock only touches lock items";
        return null;
    }

    /** Rules 2 to 4 for a lock just read, against the snapshot's runs and environments. */
    static Decision decide(Snapshot s, List<EnvironmentSpec> environments, StateLock lock, Ask ask) {
        String uri = lock.location().uri();
        String home = LockOwnership.homeOf(lock.location(), environments);
        if (!LockOwnership.under(home, lock.location(), null)) { // not even --force: this repository's runs say nothing about it
            String repo = s.repo() == null ? "this repository" : s.repo().owner() + "/" + s.repo().name();
            return Decision.refuse(Exit.REFUSED, uri + " is not under " + repo + "'s state ("
                    + lock.location().container() + "/" + home + "): another repository's lock, whose runs baton has not checked here;"
                    + " unlock it from that repository (baton --repo OWNER/NAME unlock ...)");
        }
        String githubUnknown = LockOwnership.githubUnknown(s);
        if (githubUnknown != null && !ask.force()) {
            return Decision.refuse(Exit.BACKEND, "cannot tell whether a live run holds " + uri + ": " + githubUnknown
                    + "; pass --force if you know that none does");
        }
        String warning = githubUnknown == null ? null : "WARNING: " + githubUnknown + ": a live run could still hold this lock";
        LockOwnership owners = LockOwnership.of(s, lock, environments);
        List<Run> live = owners.environment() != null ? owners.own() : owners.other();
        if (!live.isEmpty()) {
            String runs = live.stream().map(r -> r.workflowFile() + " #" + r.runNumber() + " (in progress since "
                    + TimeRender.clock(LockOwnership.started(r)) + " UTC)").collect(Collectors.joining(", "));
            String whose = owners.environment() != null ? "a run of " + owners.environment().name() + " that could hold it is in progress: "
                    : "no environment names " + uri + " and a run that could hold it is in progress: ";
            if (!ask.force()) return Decision.refuse(Exit.REFUSED, whose + runs + "; pass --force if you are sure it does not hold the lock");
            warning = (warning == null ? "" : warning + "\n") + "WARNING: " + whose + runs;
        }
        if (lock.malformed()) {
            String tag = lock.versionTag();
            String how = "release it by its version: type " + tag + " when asked, or pass --force --lock-version " + tag;
            if (ask.lockVersion() != null && !ask.lockVersion().strip().equals(tag)) {
                return Decision.refuse(Exit.REFUSED, "version " + ask.lockVersion().strip() + " is not the version of the malformed lock at "
                        + uri + " (now " + tag + ")");
            }
            boolean confirmed = ask.force() && ask.lockVersion() != null;
            if (ask.yes() && !confirmed) {
                return Decision.refuse(Exit.REFUSED, "the lock at " + uri + " is malformed (" + lock.error()
                        + "), so no ID can be checked and --yes alone never releases it; " + how);
            }
            return new Decision(Exit.OK, null, tag, confirmed, warning);
        }
        String given = ask.id() == null ? "" : ask.id().strip();
        if (given.isEmpty()) return Decision.refuse(Exit.USAGE, "give the id of the lock to release: --id " + lock.info().id());
        String current = lock.info().id();
        boolean prefix = current.regionMatches(true, 0, given, 0, given.length()) && given.length() <= current.length();
        if (prefix && given.length() < MIN_ID_PREFIX) {
            return Decision.refuse(Exit.USAGE, "--id " + given + " is too short: give at least " + MIN_ID_PREFIX
                    + " characters of the lock id (the locks table shows them)");
        }
        if (!prefix) {
            return Decision.refuse(Exit.REFUSED, "lock id " + given + " does not match the current lock " + lock.info().id()
                    + " (held by " + lock.info().who() + ")");
        }
        return new Decision(Exit.OK, null, lock.info().shortId(), false, warning);
    }
}
