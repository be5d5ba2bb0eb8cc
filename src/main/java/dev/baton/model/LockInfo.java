package dev.baton.model;

import java.time.Instant;

/**
 * Terraform's LockInfo, as written into an S3 .tflock file or a DynamoDB item's Info attribute.
 * created keeps Terraform's text; createdAt is its parse (null when unparsable).
 */
public record LockInfo(String id, String operation, String info, String who, String version,
                       String created, Instant createdAt, String path) {
    public String shortId() {
        return id == null ? "" : id.substring(0, Math.min(8, id.length()));
    }
}
