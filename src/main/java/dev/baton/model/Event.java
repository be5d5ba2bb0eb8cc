package dev.baton.model;

import java.time.Instant;

/**
 * A change seen between two snapshots, or an operator's act on the shared timeline (ACTION: a guarded command's
 * result, subject its target; NOTE: a note, subject the operator). runId is 0 for lock, operator and note events.
 * byRunId: the other run the event names, 0 when none; for RUN_EVICTED the run that took the evicted run's place
 * (the detail says it in words).
 */
public record Event(Instant at, Kind kind, String subject, String detail, long runId, long byRunId) {
    public enum Kind {
        RUN_QUEUED, RUN_PENDING, RUN_WAITING, RUN_STARTED, RUN_COMPLETED, RUN_EVICTED,
        LOCK_ACQUIRED, LOCK_RELEASED, LOCK_HOLDER_CHANGED,
        FINDING, SOURCE_ERROR, SOURCE_RECOVERED,
        ACTION, NOTE
    }

    /** An event that names at most one run. */
    public Event(Instant at, Kind kind, String subject, String detail, long runId) {
        this(at, kind, subject, detail, runId, 0);
    }
}
