package dev.baton.command;

import dev.baton.model.Event;
import dev.baton.model.Lease;
import dev.baton.model.Presence;
import dev.baton.render.TeamRender;

import java.util.List;
import java.util.function.Supplier;

/**
 * The one guarded path of every destructive action: (read-only was refused by {@link Commands}) typed
 * confirmation, a re-check just before acting, the action, and an audit record of whatever happened.
 */
final class Guard {
    private final Baton baton;
    private final AuditJournal audit;

    private final FrontendIo io;
    /** What this action leases while it is confirmed and carried out: none unless the command names them. */
    private List<Team.Target> targets = List.of();

    Guard(Baton baton, FrontendIo io) {
        this.baton = baton;
        this.io = io;
        this.audit = new AuditJournal(auditFile(baton), io.operator(), baton.clock());
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

    /**
     * The targets this action holds from its confirmation to its end (issue 13): another operator's mutation of any
     * of them is refused meanwhile, with who holds it and since when.
     */
    Guard leasing(List<Team.Target> leased) {
        String repo = baton.repoConfig() == null ? null : baton.repoConfig().repo();
        this.targets = repo == null ? List.copyOf(leased) : leased.stream().map(t -> t.in(repo, baton.options().fleet())).toList();
        return this;
    }

    Guard leasing(Team.Target leased) {
        return leasing(List.of(leased));
    }

    /** Who acts, in the audit's and the timeline's words: the session's operator, else the OS user. */
    static String actor(FrontendIo io) {
        return io.operator() != null ? io.operator().name() : Team.localName();
    }

    static String door(FrontendIo io) {
        return io.operator() != null ? io.operator().door() : "local";
    }

    /**
     * Every outcome on the record: a line in the audit journal, and an event on the shared timeline, so every screen
     * sees who did what (and who was refused) as it happens.
     */
    static void record(Baton baton, FrontendIo io, AuditJournal journal, String action, String target, Object before, String reason,
                       String outcome, String detail) {
        journal.append(action, target, before, reason, outcome, detail);
        try {
            baton.record(new Event(baton.clock().instant(), Event.Kind.ACTION, target, TeamRender.result(actor(io), action, outcome, detail), 0));
        } catch (RuntimeException e) {
            // the audit has it; a timeline that cannot be written (no repository, a full disk) must not undo the act
            org.slf4j.LoggerFactory.getLogger(Guard.class).warn("cannot put {} {} on the timeline: {}", action, outcome, e.toString());
        }
    }

    private void record(String action, String target, Object before, String reason, String outcome, String detail) {
        record(baton, io, audit, action, target, before, reason, outcome, detail);
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
            record(action, target, before, reason, "refused", refused);
            return Outcome.refused(refused);
        }
        Team.Seat seat = io.seat();
        boolean visiting = seat == null; // a script: a seat for this one action
        if (visiting) seat = baton.team().visit(actor(io), door(io));
        Outcome o;
        try {
            Lease held = seat.acquire(action, targets);
            if (held != null) {
                String msg = TeamRender.lease(held);
                record(action, target, before, reason, "refused", msg);
                return Outcome.refused(msg);
            }
            try {
                o = decide(seat, action, prompt, confirmation, yes, recheck, act);
            } finally {
                seat.release(targets);
            }
        } catch (RuntimeException e) {
            // the action may have half happened (a dispatch that timed out): that too is on the record
            record(action, target, before, reason, "failed", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            AUDITED.add(e);
            throw e;
        } finally {
            if (visiting) seat.close();
        }
        record(action, target, before, reason, o.outcome(), o.message());
        return o;
    }

    /** Records an attempt that could not go on because a backend did not answer (exit 3). */
    Outcome fail(String action, String target, Object before, String reason, String message) {
        record(action, target, before, reason, "failed", message);
        return new Outcome(Exit.BACKEND, "failed", message);
    }

    /** Records a refusal decided before the guard (e.g. a wrong lock id, a running group). */
    Outcome refuse(String action, String target, Object before, String reason, String message) {
        record(action, target, before, reason, "refused", message);
        return Outcome.refused(message);
    }

    private Outcome decide(Team.Seat seat, String action, String prompt, String confirmation, boolean yes, Supplier<String> recheck,
                           Supplier<Outcome> act) {
        if (confirmation != null && !yes) {
            int nl = prompt.indexOf('\n');
            String question = nl < 0 ? prompt : prompt.substring(0, nl);
            String detail = nl < 0 ? "" : prompt.substring(nl + 1);
            seat.activity(Presence.Activity.DIALOG, action + (targets.isEmpty() ? "" : " " + targets.get(0).label()));
            Confirmer.Answer answer;
            try {
                answer = io.confirmer().confirm(question, detail, confirmation);
            } finally {
                seat.activity(Presence.Activity.RUNNING, action);
            }
            switch (answer) {
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
        if (!seat.open()) return Outcome.refused("the session ended during the confirmation: nothing was done");
        String changed = recheck == null ? null : recheck.get();
        if (changed != null) return Outcome.refused(changed);
        return act.get();
    }
}
