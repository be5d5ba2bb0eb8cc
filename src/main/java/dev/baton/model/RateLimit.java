package dev.baton.model;

import java.time.Instant;

public record RateLimit(int limit, int remaining, int used, Instant reset, String resource) {
    public static final RateLimit UNKNOWN = new RateLimit(-1, -1, -1, null, "core");

    public boolean known() {
        return limit >= 0;
    }
}
