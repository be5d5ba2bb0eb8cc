package dev.baton.lock;

import dev.baton.model.LockLocation;
import dev.baton.model.StateLock;

/** What a safe release did. Only RELEASED deleted anything. */
public sealed interface ReleaseResult {
    enum Outcome { RELEASED, ID_MISMATCH, CHANGED, GONE, MALFORMED, UNSAFE_STORE }

    Outcome outcome();

    LockLocation location();

    /** One line for an operator. */
    String message();

    /**
     * The lock was deleted. conditional: deleted with If-Match / Info = :info; false only when the
     * operator forced a release on a store that does not honour conditions (Terraform's own way).
     */
    record Released(StateLock lock, boolean conditional) implements ReleaseResult {
        public Outcome outcome() { return Outcome.RELEASED; }
        public LockLocation location() { return lock.location(); }
        public String message() {
            return "released " + lock.location() + (lock.info() == null ? "" : " (lock " + lock.info().id() + ")")
                    + (conditional ? "" : " WITHOUT a condition: the store does not honour conditional deletes");
        }
    }

    /** The confirmed id is not the current lock's: nothing deleted. */
    record IdMismatch(String givenId, StateLock current) implements ReleaseResult {
        public Outcome outcome() { return Outcome.ID_MISMATCH; }
        public LockLocation location() { return current.location(); }
        public String message() {
            // Terraform's wording, so operators recognise it
            return "lock ID '" + givenId + "' does not match the existing lock ID '" + current.info().id() + "'";
        }
    }

    /**
     * The lock changed between the read and the delete (412/409, or a different Info): nothing deleted.
     * current: the record now there, or null when it was released meanwhile by someone else.
     */
    record Changed(StateLock before, StateLock current) implements ReleaseResult {
        public Outcome outcome() { return Outcome.CHANGED; }
        public LockLocation location() { return before.location(); }
        public String message() {
            if (current == null) return "the lock at " + before.location() + " was released by someone else meanwhile; nothing deleted";
            String holder = current.info() == null ? "a malformed record" : "lock " + current.info().id()
                    + " (" + current.info().operation() + " by " + current.info().who() + ")";
            return "the lock at " + before.location() + " changed while releasing; nothing deleted; now held by " + holder;
        }
    }

    /** There is no lock there. */
    record Gone(LockLocation location) implements ReleaseResult {
        public Outcome outcome() { return Outcome.GONE; }
        public String message() { return "no lock at " + location; }
    }

    /** The body is not a Terraform lock, so no id can be checked: use SafeRelease.releaseExact. */
    record Malformed(StateLock lock) implements ReleaseResult {
        public Outcome outcome() { return Outcome.MALFORMED; }
        public LockLocation location() { return lock.location(); }
        public String message() { return "the lock at " + lock.location() + " is malformed (" + lock.error() + "); nothing deleted"; }
    }

    /** The store does not honour conditional deletes and the operator did not force: nothing deleted. */
    record UnsafeStore(StateLock lock, String reason) implements ReleaseResult {
        public Outcome outcome() { return Outcome.UNSAFE_STORE; }
        public LockLocation location() { return lock.location(); }
        public String message() { return reason + "; a release could delete a newer lock, so nothing was deleted (force to release anyway)"; }
    }
}
