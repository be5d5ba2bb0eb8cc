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
}
