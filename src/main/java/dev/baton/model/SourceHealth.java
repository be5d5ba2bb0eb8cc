package dev.baton.model;

import java.time.Instant;

/** Freshness of one source (e.g. "github", "s3://bucket"). errorSince is null while healthy. */
public record SourceHealth(String source, Instant lastOk, String lastError, Instant errorSince) {
    public boolean healthy() {
        return errorSince == null;
    }
}
