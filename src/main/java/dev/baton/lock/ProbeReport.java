package dev.baton.lock;

import dev.baton.model.LockLocation;

import java.util.List;

/**
 * What BackendProbe found: whether the store enforces exclusive creates (If-None-Match: *, the
 * lock's acquire) and conditional deletes (If-Match, baton's safe release). notes explain each verdict.
 */
public record ProbeReport(LockLocation scratch, Support exclusiveCreate, Support conditionalDelete, List<String> notes) {
    public enum Support {
        HONOURED,
        /** The header/condition was accepted and silently ignored: the lock protects nothing. */
        IGNORED,
        /** The store answered 501. */
        NOT_IMPLEMENTED,
        /** Could not tell (an error, e.g. no write permission); see notes. */
        UNKNOWN
    }

    public ProbeReport {
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    public boolean safe() {
        return exclusiveCreate == Support.HONOURED && conditionalDelete == Support.HONOURED;
    }

    /** Why a conditional delete cannot be trusted, or null when it can. */
    public String conditionalDeleteProblem() {
        return switch (conditionalDelete) {
            case HONOURED -> null;
            case IGNORED -> scratch.kind().name().toLowerCase(java.util.Locale.ROOT) + " store ignores conditional deletes (If-Match)";
            case NOT_IMPLEMENTED -> scratch.kind().name().toLowerCase(java.util.Locale.ROOT) + " store does not implement conditional deletes (501)";
            case UNKNOWN -> "conditional deletes could not be verified on this store";
        };
    }

    /** One line, e.g. "s3://b/x: exclusive create HONOURED, conditional delete IGNORED". */
    public String summary() {
        return scratch.container() + ": exclusive create " + exclusiveCreate + ", conditional delete " + conditionalDelete
                + (safe() ? "" : " - locking or safe release cannot be trusted here");
    }
}
