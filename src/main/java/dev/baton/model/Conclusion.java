package dev.baton.model;

import java.util.Locale;

/** GitHub's conclusion values; NONE while not completed. */
public enum Conclusion {
    NONE, SUCCESS, FAILURE, NEUTRAL, CANCELLED, SKIPPED, TIMED_OUT, ACTION_REQUIRED, STALE, STARTUP_FAILURE, UNKNOWN;

    /** The API string, or null for NONE (GitHub sends null while a run is not completed). */
    public String api() {
        return this == NONE ? null : name().toLowerCase(Locale.ROOT);
    }

    public static Conclusion of(String api) {
        if (api == null || api.isBlank()) return NONE;
        try {
            return valueOf(api.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return UNKNOWN;
        }
    }
}
