package dev.baton.command;

import java.util.function.Supplier;

/**
 * The one guarded path of every destructive action: (read-only was refused by {@link Commands}) typed
 * confirmation, a re-check just before acting, the action, and an audit record of whatever happened.
 */
final class Guard {
    private final Baton baton;
    private final AuditJournal audit;

    private final FrontendIo io;

    Guard(Baton baton, FrontendIo io) {
        this.baton = baton;
        this.io = io;
        this.audit = new AuditJournal(auditFile(baton), io.operator());
    }

    /**
     * Whether this frontend may change anything at all, decided in one place for every path (a command line,
     * a key, a script): null when it may, else why not - baton is read-only, or the session's operator is a
     * viewer. {@link Commands} refuses with it before a mutating command runs, and {@link #run} again.
     */
    static String refusal(Baton baton, FrontendIo io) {
        if (baton.readOnly()) return "baton is read-only";
        Operator o = io.operator();
        if (o != null && !o.mayMutate()) return o.name() + " has the role " + o.role().word() + ", which may not change anything";
        return null;
    }

    /**
     * The configured audit.file; else the repository's own journal (stateDir/repos/HOST/OWNER/NAME/audit.jsonl);
     * with no repository (an attempt that failed for want of one) stateDir/audit.jsonl, which also holds the
     * records of versions before per-repository journals. Against the sandbox the configured file is not used:
     * a demo never writes into the real journal.
     */
    static java.nio.file.Path auditFile(Baton baton) {
        Config.Audit a = baton.config().audit();
        if (a != null && a.file() != null && !baton.sandbox()) return java.nio.file.Path.of(a.file());
        try {
            return baton.repoStateDir().resolve("audit.jsonl");
        } catch (Config.ConfigException | IllegalArgumentException e) { // no repository, or not OWNER/NAME: the attempt is still on the record
            return unscopedAuditFile(baton);
        }
    }

    /** The audit journal of attempts without a repository, and of versions before per-repository journals. */
    static java.nio.file.Path unscopedAuditFile(Baton baton) {
        return baton.stateDir().resolve("audit.jsonl");
    }

    /** Failures already on the record (weakly held): Commands records the others, so none is written twice. */
    private static final java.util.Set<Throwable> AUDITED = java.util.Collections.synchronizedSet(
            java.util.Collections.newSetFromMap(new java.util.WeakHashMap<>()));

    static boolean audited(Throwable t) {
        return AUDITED.contains(t);
    }

    AuditJournal journal() {
        return audit;
    }

    /** What an action did; refused outcomes carry the exit code 4. */
    record Outcome(int exitCode, String outcome, String message) {
        static Outcome done(String outcome, String message) {
            return new Outcome(Exit.OK, outcome, message);
        }

        static Outcome refused(String message) {
            return new Outcome(Exit.REFUSED, "refused", message);
        }
    }

    /**
     * @param prompt       what the operator is shown before typing (evidence, warnings)
     * @param confirmation the text they must type; null when the action needs none
     * @param yes          --yes was given
     * @param recheck      null when all is still as shown, else why to stop
     * @param act          the action itself
     */
    Outcome run(String action, String target, Object before, String reason, String prompt, String confirmation, boolean yes,
                Supplier<String> recheck, Supplier<Outcome> act) {
        String refused = refusal(baton, io);
        if (refused != null) {
            audit.append(action, target, before, reason, "refused", refused);
            return Outcome.refused(refused);
        }
        Outcome o;
        try {
            o = decide(prompt, confirmation, yes, recheck, act);
        } catch (RuntimeException e) {
            // the action may have half happened (a dispatch that timed out): that too is on the record
            audit.append(action, target, before, reason, "failed", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            AUDITED.add(e);
            throw e;
        }
        audit.append(action, target, before, reason, o.outcome(), o.message());
        return o;
    }

    /** Records an attempt that could not go on because a backend did not answer (exit 3). */
    Outcome fail(String action, String target, Object before, String reason, String message) {
        audit.append(action, target, before, reason, "failed", message);
        return new Outcome(Exit.BACKEND, "failed", message);
    }

    /** Records a refusal decided before the guard (e.g. a wrong lock id, a running group). */
    Outcome refuse(String action, String target, Object before, String reason, String message) {
        audit.append(action, target, before, reason, "refused", message);
        return Outcome.refused(message);
    }

    private Outcome decide(String prompt, String confirmation, boolean yes, Supplier<String> recheck, Supplier<Outcome> act) {
        if (confirmation != null && !yes) {
            int nl = prompt.indexOf('\n');
            String question = nl < 0 ? prompt : prompt.substring(0, nl);
            String detail = nl < 0 ? "" : prompt.substring(nl + 1);
            switch (io.confirmer().confirm(question, detail, confirmation)) {
                case UNAVAILABLE -> {
                    return Outcome.refused("no terminal to confirm on: pass --yes to confirm non-interactively");
                }
                case DECLINED -> {
                    return Outcome.refused("not confirmed: nothing was done");
                }
                case CONFIRMED -> {
                }
            }
        }
        String changed = recheck == null ? null : recheck.get();
        if (changed != null) return Outcome.refused(changed);
        return act.get();
    }
}
