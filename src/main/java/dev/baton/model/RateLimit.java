package dev.baton.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * GitHub's primary budget as its answers state it, and limitedUntil: while baton holds its requests to
 * GitHub after a rate-limit answer (403/429 with retry-after or an exhausted budget), until when; else null.
 */
public record RateLimit(int limit, int remaining, int used, Instant reset, String resource,
                        @JsonInclude(JsonInclude.Include.NON_NULL) Instant limitedUntil) {
    public static final RateLimit UNKNOWN = new RateLimit(-1, -1, -1, null, "core");

    public RateLimit(int limit, int remaining, int used, Instant reset, String resource) {
        this(limit, remaining, used, reset, resource, null);
    }

    public boolean known() {
        return limit >= 0;
    }

    public RateLimit limitedUntil(Instant until) {
        return new RateLimit(limit, remaining, used, reset, resource, until);
    }
}
