package dev.baton.model;

import java.util.Locale;

/** GitHub's run/job status values. Only GitHub sets WAITING, PENDING and REQUESTED. */
public enum RunStatus {
    REQUESTED, QUEUED, PENDING, WAITING, IN_PROGRESS, COMPLETED, ACTION_REQUIRED, UNKNOWN;

    public String api() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunStatus of(String api) {
        if (api == null) return UNKNOWN;
        try {
            return valueOf(api.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return UNKNOWN;
        }
    }

    /** Alive: could still run, hold a group or take a lock. */
    public boolean alive() {
        return this != COMPLETED && this != UNKNOWN;
    }
}
