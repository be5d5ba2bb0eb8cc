package dev.baton.model;

import java.time.Instant;
import java.util.List;

/**
 * Something an operator should know, with the evidence behind it. subject: group, lock URI, or run;
 * runId: the run it names (LOCK_HELD: the holder), 0 when none.
 */
public record Finding(Kind kind, Severity severity, String subject, String summary, List<String> evidence, Instant seenAt, long runId) {
    public enum Kind { RACE, EVICTED, OUT_OF_ORDER, STALE_LOCK, FOREIGN_LOCK, SPLIT_LOCK, MALFORMED_LOCK,
        /** INFO: the run that most likely holds a lock; subject is the lock URI. */
        LOCK_HELD }

    public Finding {
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }

    public Finding(Kind kind, Severity severity, String subject, String summary, List<String> evidence, Instant seenAt) {
        this(kind, severity, subject, summary, evidence, seenAt, 0);
    }
}
