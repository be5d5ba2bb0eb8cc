package dev.baton.lock;

import dev.baton.model.LockLocation;
import dev.baton.model.StateLock;

import java.util.List;
import java.util.Optional;

/**
 * A place Terraform keeps state locks: S3 lock files or a DynamoDB lock table. Reads return model
 * records (a malformed body is a StateLock with info == null, never an exception); the conditional
 * writes exist for the safe release and the backend probe. Every failure is a LockStoreException.
 * Implementations are thread-safe.
 */
public interface LockStore extends AutoCloseable {

    LockLocation.Kind kind();

    /** All locks under the scope, every page. DynamoDB's "-md5" digest items are not locks and never appear. */
    List<StateLock> list(LockScope scope);

    /** The lock at a location with its version (S3 ETag, DynamoDB Info text), or empty when there is none. */
    Optional<StateLock> get(LockLocation location);

    /**
     * Creates the record only if absent (S3 If-None-Match: *, DynamoDB attribute_not_exists).
     * Returns the new version, or empty when a record already exists. A store that does not implement
     * the condition fails with reason NOT_IMPLEMENTED; one that ignores it silently overwrites.
     */
    Optional<String> createIfAbsent(LockLocation location, String body);

    /**
     * Deletes the record only if its version is still the given one (S3 If-Match, DynamoDB Info = :info).
     * A null version for DynamoDB means "the item has no Info attribute".
     */
    DeleteOutcome deleteIfUnchanged(LockLocation location, String version);

    /**
     * Terraform's own unconditional delete. Only for a store that does not honour conditional deletes,
     * after the operator forced it (SafeRelease), and for the probe's scratch records. Never deletes a
     * DynamoDB "-md5" digest item.
     */
    void deleteUnconditionally(LockLocation location);

    /** Label used in messages and health, e.g. "s3" or "dynamodb". */
    String name();

    @Override
    void close();

    enum DeleteOutcome {
        DELETED,
        /** Precondition failed (412) or conflict (409): someone changed the record. Nothing was deleted. */
        CHANGED,
        /** There was nothing to delete. */
        GONE
    }

    /** Marks the probe's scratch keys; list() never returns them. */
    String PROBE_MARKER = ".baton-probe-";

    static boolean isProbeKey(String key) {
        return key != null && key.contains(PROBE_MARKER);
    }
}
