package dev.baton.model;

import java.time.Instant;

/** Freshness of one source (e.g. "github", "s3://bucket"). errorSince is null while healthy. */
public record SourceHealth(String source, Instant lastOk, String lastError, Instant errorSince) {
    public boolean healthy() {
        return errorSince == null;
    }

    /** The error without the source's name in front (the lock stores often put it there already). */
    public String error() {
        String err = lastError == null ? "failing" : lastError;
        return err.startsWith(source) ? err.substring(source.length()).replaceFirst("^/?:?\\s*", "") : err;
    }

    /** "s3://bucket: cannot connect (...)": the error named by its source once. */
    public String describe() {
        return source + ": " + error();
    }
}
