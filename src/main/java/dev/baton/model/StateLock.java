package dev.baton.model;

import java.time.Instant;

/**
 * A lock record found in a store. info is null when the body is malformed; then error says why and
 * rawBody keeps what was read. version is the S3 ETag, or the DynamoDB Info text used as condition.
 */
public record StateLock(LockLocation location, LockInfo info, String rawBody, String version,
                        Instant lastModified, String error) {
    public boolean malformed() {
        return info == null;
    }

    /**
     * When the lock was taken: its Created, else (a malformed body, an unreadable Created) the record's
     * own time. The one instant a lock's age is measured from, wherever the age is shown.
     */
    public Instant takenAt() {
        return info != null && info.createdAt() != null ? info.createdAt() : lastModified;
    }

    /**
     * The version as an operator reads and types it back to release a malformed lock: the S3 ETag without
     * quotes, or for DynamoDB (whose version is the whole Info text) "sha256:" and 12 hex digits of it.
     */
    public String versionTag() {
        if (location.kind() == LockLocation.Kind.S3) return version == null ? "none" : version.replace("\"", "");
        if (version == null) return "no-info";
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(version.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "sha256:" + java.util.HexFormat.of().formatHex(d).substring(0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JVM has SHA-256
        }
    }
}
