package dev.baton.lock;

import dev.baton.model.LockLocation;
import dev.baton.model.StateLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Releases a state lock without Terraform's race. Terraform reads the lock, compares the ID and
 * then deletes unconditionally, so a lock taken by another run in between is deleted too. Here the
 * delete is conditioned on the exact version read (S3 If-Match: ETag, DynamoDB Info = :info):
 * if anything changed in between, the store refuses, nothing is deleted and the new holder is
 * reported. Failures to reach the store are LockStoreExceptions.
 */
public final class SafeRelease {
    private static final Logger LOG = LoggerFactory.getLogger(SafeRelease.class);

    private final LockStore store;
    private final ProbeReport probe;

    /** Trusts the store to honour conditional deletes (AWS does). */
    public SafeRelease(LockStore store) {
        this(store, null);
    }

    /** probe: what BackendProbe found for this store; a store that ignores conditions needs force. */
    public SafeRelease(LockStore store, ProbeReport probe) {
        this.store = store;
        this.probe = probe;
    }

    /** Reads the lock now, then releases it if its ID is the confirmed one. */
    public ReleaseResult release(LockLocation location, String confirmedId, boolean force) {
        Optional<StateLock> current = store.get(location);
        if (current.isEmpty()) return new ReleaseResult.Gone(location);
        return release(current.get(), confirmedId, force);
    }

    /**
     * Releases exactly the lock the operator was shown, if its ID is the confirmed one and it has not
     * changed since it was read. force allows Terraform's unconditional delete, and only on a store
     * that does not honour conditional deletes.
     */
    public ReleaseResult release(StateLock shown, String confirmedId, boolean force) {
        if (shown.malformed()) return new ReleaseResult.Malformed(shown);
        String given = confirmedId == null ? "" : confirmedId.trim();
        if (!given.equals(shown.info().id())) return new ReleaseResult.IdMismatch(given, shown);
        return delete(shown, force);
    }

    /**
     * Releases the record exactly as shown, without an ID (e.g. a malformed body): it is deleted only
     * if its version is still the one read.
     */
    public ReleaseResult releaseExact(StateLock shown, boolean force) {
        return delete(shown, force);
    }

    private ReleaseResult delete(StateLock shown, boolean force) {
        LockLocation location = shown.location();
        String problem = probe == null ? null : probe.conditionalDeleteProblem();
        if (problem != null && !force) return new ReleaseResult.UnsafeStore(shown, problem);
        LockStore.DeleteOutcome outcome;
        try {
            // even when forced on a doubtful store, a conditional delete is never less safe than a blind one
            outcome = store.deleteIfUnchanged(location, shown.version());
        } catch (LockStoreException e) {
            if (e.reason() != LockStoreException.Reason.NOT_IMPLEMENTED) throw e;
            String reason = store.name() + " store does not implement conditional deletes (501)";
            return force ? blind(shown) : new ReleaseResult.UnsafeStore(shown, reason);
        }
        return switch (outcome) {
            case DELETED -> {
                LOG.info("released {} (version {})", location, shown.version());
                yield new ReleaseResult.Released(shown, problem == null);
            }
            case GONE -> new ReleaseResult.Changed(shown, null);
            case CHANGED -> {
                StateLock now = store.get(location).orElse(null);
                LOG.info("release of {} refused by the store: the lock changed", location);
                yield new ReleaseResult.Changed(shown, now);
            }
        };
    }

    /** Terraform's way, only when forced on an untrustworthy store: re-check, then delete without a condition. */
    private ReleaseResult blind(StateLock shown) {
        Optional<StateLock> now = store.get(shown.location());
        if (now.isEmpty()) return new ReleaseResult.Changed(shown, null);
        if (!sameRecord(shown, now.get())) return new ReleaseResult.Changed(shown, now.get());
        store.deleteUnconditionally(shown.location());
        LOG.warn("released {} without a condition (forced)", shown.location());
        return new ReleaseResult.Released(shown, false);
    }

    private static boolean sameRecord(StateLock a, StateLock b) {
        return a.rawBody() != null ? a.rawBody().equals(b.rawBody()) && java.util.Objects.equals(a.version(), b.version())
                : java.util.Objects.equals(a.version(), b.version());
    }
}
