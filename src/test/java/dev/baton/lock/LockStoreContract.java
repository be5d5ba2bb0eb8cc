package dev.baton.lock;

import dev.baton.model.LockInfo;
import dev.baton.model.LockLocation;
import dev.baton.model.StateLock;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one contract every {@link LockStore} keeps, run against both real stores (S3 through s3proxy, DynamoDB
 * through dynalite) with the real AWS SDK: what the watch, unlock and the probe rely on, said once.
 */
abstract class LockStoreContract {
    abstract LockStore store();

    /** A fresh lock location no other case uses. */
    abstract LockLocation fresh();

    /** Writes a body (not necessarily a lock) at a location without any condition. */
    abstract void putRaw(LockLocation where, String body);

    abstract LockScope scope();

    private LockInfo info(LockLocation where) {
        return LockInfoCodec.newLock("OperationTypeApply", "", "runner@contract", "1.11.4", where.key(), Instant.now());
    }

    @Test
    void anExclusiveCreateWinsOnceAndGetReturnsItsVersion() {
        LockLocation where = fresh();
        String body = LockInfoCodec.encode(info(where));
        Optional<String> first = store().createIfAbsent(where, body);
        assertThat(first).isPresent();
        assertThat(store().createIfAbsent(where, LockInfoCodec.encode(info(where)))).as("taken already").isEmpty();
        StateLock read = store().get(where).orElseThrow();
        assertThat(read.rawBody()).isEqualTo(body);
        assertThat(read.version()).isEqualTo(first.get());
        assertThat(read.malformed()).isFalse();
    }

    @Test
    void aConditionalDeleteTakesOnlyTheVersionRead() {
        LockLocation where = fresh();
        String v1 = store().createIfAbsent(where, LockInfoCodec.encode(info(where))).orElseThrow();
        StateLock shown = store().get(where).orElseThrow();
        // someone else replaces the lock after we read it
        store().deleteIfUnchanged(where, v1);
        store().createIfAbsent(where, LockInfoCodec.encode(info(where))).orElseThrow();
        assertThat(store().deleteIfUnchanged(where, shown.version())).isEqualTo(LockStore.DeleteOutcome.CHANGED);
        StateLock now = store().get(where).orElseThrow();
        assertThat(now.info().id()).as("the newer lock survives").isNotEqualTo(shown.info().id());
        assertThat(store().deleteIfUnchanged(where, now.version())).isEqualTo(LockStore.DeleteOutcome.DELETED);
        assertThat(store().get(where)).isEmpty();
        // S3's DeleteObject is idempotent (s3proxy answers a second If-Match delete with 204): gone or deleted, nothing is there
        assertThat(store().deleteIfUnchanged(where, now.version())).isIn(LockStore.DeleteOutcome.GONE, LockStore.DeleteOutcome.DELETED);
        assertThat(store().get(where)).isEmpty();
    }

    @Test
    void listingShowsLocksAndMalformedRecordsAlike() {
        LockLocation good = fresh();
        LockLocation bad = fresh();
        LockInfo held = info(good);
        store().createIfAbsent(good, LockInfoCodec.encode(held)).orElseThrow();
        putRaw(bad, "{\"ID\": 5}");
        var listed = store().list(scope());
        assertThat(listed).filteredOn(l -> l.location().key().equals(good.key())).singleElement()
                .satisfies(l -> assertThat(l.info().id()).isEqualTo(held.id()));
        assertThat(listed).filteredOn(l -> l.location().key().equals(bad.key())).singleElement()
                .satisfies(l -> assertThat(l.error()).isEqualTo("ID is not a string (number)"));
    }

    @Test
    void theSafeReleaseChecksTheIdThenDeletesTheExactRecord() {
        LockLocation where = fresh();
        LockInfo held = info(where);
        store().createIfAbsent(where, LockInfoCodec.encode(held)).orElseThrow();
        SafeRelease release = new SafeRelease(store());
        assertThat(release.release(where, UUID.randomUUID().toString(), false).outcome()).isEqualTo(ReleaseResult.Outcome.ID_MISMATCH);
        assertThat(store().get(where)).isPresent();
        assertThat(release.release(where, held.id(), false).outcome()).isEqualTo(ReleaseResult.Outcome.RELEASED);
        assertThat(store().get(where)).isEmpty();
    }

}
