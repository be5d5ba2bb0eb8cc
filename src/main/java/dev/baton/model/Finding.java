package dev.baton.model;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Something an operator should know, with the evidence behind it. subject: group, lock URI, or run;
 * runId: the run it names (LOCK_HELD: the holder; EVICTED: the evicted run; OUT_OF_ORDER: the run that
 * deployed the older commit), 0 when none. seenAt: when baton first saw it (kept from poll to poll while
 * the finding stands, see {@link #identity()}). byRunId: the other run it names, 0 when none; for EVICTED the
 * run that took the evicted run's place (data, never read back from the summary's words).
 */
public record Finding(Kind kind, Severity severity, String subject, String summary, List<String> evidence, Instant seenAt, long runId,
                      long byRunId) {
    public enum Kind { RACE, EVICTED, OUT_OF_ORDER, STALE_LOCK, FOREIGN_LOCK, SPLIT_LOCK, MALFORMED_LOCK,
        /** INFO: the run that most likely holds a lock; subject is the lock URI. */
        LOCK_HELD }

    /**
     * The order findings are listed in, everywhere (Events pane and its strip, `status`): the most severe
     * first, then the newest first sighting first; kind and subject only make ties stable.
     */
    public static final Comparator<Finding> ORDER = Comparator
            .comparing((Finding f) -> f.severity() == null ? Severity.INFO : f.severity(), Comparator.reverseOrder())
            .thenComparing(f -> f.seenAt() == null ? Instant.EPOCH : f.seenAt(), Comparator.reverseOrder())
            .thenComparing(f -> f.kind() == null ? "" : f.kind().name())
            .thenComparing(f -> f.subject() == null ? "" : f.subject())
            .thenComparingLong(Finding::runId);

    public Finding {
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }

    public Finding(Kind kind, Severity severity, String subject, String summary, List<String> evidence, Instant seenAt, long runId) {
        this(kind, severity, subject, summary, evidence, seenAt, runId, 0);
    }

    public Finding(Kind kind, Severity severity, String subject, String summary, List<String> evidence, Instant seenAt) {
        this(kind, severity, subject, summary, evidence, seenAt, 0);
    }

    /** What stays the same while a finding stands, from poll to poll: kind, subject and the run it names. */
    public String identity() {
        return kind + "|" + subject + "|" + runId;
    }

    /** The same finding, first seen at another time. */
    public Finding seenAt(Instant firstSeen) {
        return new Finding(kind, severity, subject, summary, evidence, firstSeen, runId, byRunId);
    }
}
