package dev.baton.command;

import dev.baton.model.StateLock;

import java.util.ArrayList;
import java.util.List;

/**
 * A guarded action a frontend asks for with typed values (a key on a selected lock or run) rather than a
 * command line: {@link Commands#invoke} fills the same command object the parser would and runs it on
 * the same path (read-only refusal, typed confirmation, re-check, audit). {@link #words()} is what a
 * script would type for it: shown to the operator before it runs, never parsed back.
 */
public sealed interface Request {
    /** The command's name. */
    String name();

    /** Why, for the audit record; may be empty. */
    String reason();

    /** The equivalent command line's words (without --reason). */
    List<String> words();

    /** The same request with the operator's reason. */
    Request withReason(String reason);

    /** Releases a lock by its URI, expecting its id when it has one (a malformed lock has none: unlock shows its version). */
    record Unlock(String target, String lockId, String reason) implements Request {
        public static Unlock of(StateLock lock, String reason) {
            String id = lock.info() == null ? null : lock.info().id();
            return new Unlock(lock.location().uri(), id, reason);
        }

        @Override
        public String name() {
            return "unlock";
        }

        @Override
        public Unlock withReason(String why) {
            return new Unlock(target, lockId, why);
        }

        @Override
        public List<String> words() {
            List<String> w = new ArrayList<>(List.of("unlock", target));
            if (lockId != null) w.addAll(List.of("--id", lockId));
            return w;
        }
    }

    /** Cancels a run (never with --force from a key: a running deploy is refused, as from a script without it). */
    record Cancel(long runId, String reason) implements Request {
        @Override
        public String name() {
            return "cancel";
        }

        @Override
        public Cancel withReason(String why) {
            return new Cancel(runId, why);
        }

        @Override
        public List<String> words() {
            return List.of("cancel", String.valueOf(runId));
        }
    }

    /** Approves every deployment the run waits for (no --env, no --reject from a key: those are typed as a command). */
    record Approve(long runId, String reason) implements Request {
        @Override
        public String name() {
            return "approve";
        }

        @Override
        public Approve withReason(String why) {
            return new Approve(runId, why);
        }

        @Override
        public List<String> words() {
            return List.of("approve", String.valueOf(runId));
        }
    }
}
