package dev.baton.lock;

import dev.baton.model.LockInfo;
import dev.baton.model.LockLocation;
import dev.baton.model.StateLock;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static dev.baton.lock.ProbeReport.Support;

/**
 * Checks, on a scratch key beside the real locks, that a store really enforces what Terraform's lock
 * and baton's safe release depend on: of two exclusive creates exactly one wins, and a delete
 * conditioned on a wrong version fails. Some S3-compatible stores accept the headers and ignore
 * them; only trying tells. The scratch record is always removed. Never throws LockStoreException:
 * a failure becomes UNKNOWN with a note.
 */
public final class BackendProbe {
    private final LockStore store;

    public BackendProbe(LockStore store) {
        this.store = store;
    }

    /** Probes under scope.prefix of scope.container (the bucket or table). */
    public ProbeReport probe(LockScope scope) {
        String id = UUID.randomUUID().toString();
        String key = scope.prefix() + LockStore.PROBE_MARKER + id + (store.kind() == LockLocation.Kind.S3 ? S3LockStore.SUFFIX : "");
        LockLocation scratch = new LockLocation(store.kind(), scope.container(), key, scope.environment(), null);
        List<String> notes = new ArrayList<>();

        Support create = Support.UNKNOWN;
        Support delete = Support.UNKNOWN;
        String version = null; // of the record now in the store
        try {
            Optional<String> first = store.createIfAbsent(scratch, body("first", scratch));
            if (first.isEmpty()) {
                notes.add("the first exclusive create on a fresh key was refused");
            } else {
                version = first.get();
                Optional<String> second = store.createIfAbsent(scratch, body("second", scratch));
                if (second.isEmpty()) {
                    create = Support.HONOURED;
                } else {
                    create = Support.IGNORED;
                    version = second.get();
                    notes.add("a second exclusive create on the same key also succeeded: If-None-Match is ignored, two runs could hold one lock");
                }
            }
        } catch (LockStoreException e) {
            if (e.reason() == LockStoreException.Reason.NOT_IMPLEMENTED) {
                create = Support.NOT_IMPLEMENTED;
                notes.add("exclusive create answered 501: " + e.getMessage());
            } else {
                notes.add("exclusive create failed: " + e.getMessage());
            }
        }

        if (version != null) {
            try {
                switch (store.deleteIfUnchanged(scratch, wrongVersion())) {
                    case CHANGED -> delete = Support.HONOURED;
                    case DELETED -> {
                        delete = Support.IGNORED;
                        version = null;
                        notes.add("a delete conditioned on a wrong version succeeded: If-Match is ignored, a release could delete a newer lock");
                    }
                    case GONE -> notes.add("the scratch record vanished before the conditional delete");
                }
            } catch (LockStoreException e) {
                if (e.reason() == LockStoreException.Reason.NOT_IMPLEMENTED) {
                    delete = Support.NOT_IMPLEMENTED;
                    notes.add("conditional delete answered 501: " + e.getMessage());
                } else {
                    notes.add("conditional delete failed: " + e.getMessage());
                }
            }
        } else {
            notes.add("conditional delete not tried: no scratch record could be created");
        }

        if (!cleanUp(scratch, version, delete, notes)) delete = Support.UNKNOWN;
        return new ProbeReport(scratch, create, delete, notes);
    }

    /**
     * Removes the scratch record: conditionally with its right version (which must work, else safe
     * releases would always fail: returns false), then blindly whatever is left.
     */
    private boolean cleanUp(LockLocation scratch, String version, Support delete, List<String> notes) {
        boolean rightVersionWorks = true;
        try {
            if (version != null && delete == Support.HONOURED
                    && store.deleteIfUnchanged(scratch, version) == LockStore.DeleteOutcome.CHANGED) {
                rightVersionWorks = false;
                notes.add("a delete conditioned on the right version was refused too: releases would always fail");
            }
            Optional<StateLock> left = store.get(scratch);
            if (left.isPresent()) store.deleteUnconditionally(scratch);
        } catch (LockStoreException e) {
            notes.add("could not remove the scratch record " + scratch + ": " + e.getMessage());
        }
        return rightVersionWorks;
    }

    private String wrongVersion() {
        // a well-formed ETag (or Info text) that no record has
        return store.kind() == LockLocation.Kind.S3 ? "\"" + "0".repeat(32) + "\"" : "{\"ID\":\"baton-probe-wrong-version\"}";
    }

    private static String body(String which, LockLocation scratch) {
        LockInfo info = LockInfoCodec.newLock("baton-probe", "baton backend probe (" + which + "), safe to delete",
                "baton", "", scratch.container() + "/" + scratch.key(), Instant.now());
        return LockInfoCodec.encode(info);
    }
}
