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

    /**
     * A failing lock source as one line for every frontend: "s3://b unread since 14:03:01, shown as of
     * 14:02:55: cannot connect (...)" - first what it means for the locks shown, then why. time formats an instant.
     */
    public String unread(java.util.function.Function<Instant, String> time) {
        return source + " unread since " + time.apply(errorSince) + (lastOk == null ? "" : ", shown as of " + time.apply(lastOk)) + ": " + error();
    }

    /** "s3://bucket: cannot connect (...)": the error named by its source once. */
    public String describe() {
        return source + ": " + error();
    }
}
