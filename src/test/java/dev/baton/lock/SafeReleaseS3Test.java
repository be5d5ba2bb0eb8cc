package dev.baton.lock;

import dev.baton.model.LockInfo;
import dev.baton.model.LockLocation;
import dev.baton.model.StateLock;
import dev.baton.sandbox.S3Sandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The safe release against s3proxy: conditional on the ETag read, so a replaced lock is never deleted. */
class SafeReleaseS3Test {
    private static final String BUCKET = "acme-tfstate";
    private static S3Sandbox sandbox;
    private static S3LockStore store;

    @BeforeAll
    static void start() {
        sandbox = S3Sandbox.start();
        sandbox.createBucket(BUCKET);
        store = S3LockStore.create(S3LockStoreTest.settings(sandbox));
    }

    @AfterAll
    static void stop() {
        if (store != null) store.close();
        if (sandbox != null) sandbox.close();
    }

    private static LockLocation at(String key) {
        return new LockLocation(LockLocation.Kind.S3, BUCKET, key, "prod", "default");
    }

    /** Takes the lock the way Terraform does (If-None-Match: *). */
    private static LockInfo acquire(LockStore s, LockLocation where, String who) {
        LockInfo info = LockInfoCodec.newLock("OperationTypeApply", "", who, "1.11.4", BUCKET + "/" + where.key(), Instant.now());
        assertThat(s.createIfAbsent(where, LockInfoCodec.encode(info))).as("acquire %s", where).isPresent();
        return info;
    }

    @Test
    void releasesTheConfirmedLock() {
        LockLocation where = at("ok/terraform.tfstate.tflock");
        LockInfo held = acquire(store, where, "crashed@runner");
        ReleaseResult r = new SafeRelease(store).release(where, held.id(), false);
        assertThat(r).isInstanceOfSatisfying(ReleaseResult.Released.class, rel -> {
            assertThat(rel.conditional()).isTrue();
            assertThat(rel.lock().info()).isEqualTo(held);
        });
        assertThat(r.message()).contains(held.id());
        assertThat(store.get(where)).isEmpty();
    }

    @Test
    void refusesAWrongIdAndKeepsTheLock() {
        LockLocation where = at("wrong/terraform.tfstate.tflock");
        LockInfo held = acquire(store, where, "someone@runner");
        ReleaseResult r = new SafeRelease(store).release(where, "11111111-2222-3333-4444-555555555555", false);
        assertThat(r.outcome()).isEqualTo(ReleaseResult.Outcome.ID_MISMATCH);
        assertThat(r.message()).isEqualTo("lock ID '11111111-2222-3333-4444-555555555555' does not match the existing lock ID '" + held.id() + "'");
        assertThat(store.get(where)).get().satisfies(l -> assertThat(l.info()).isEqualTo(held));
    }

    @Test
    void nothingThereIsGone() {
        assertThat(new SafeRelease(store).release(at("none/terraform.tfstate.tflock"), "x", false).outcome())
                .isEqualTo(ReleaseResult.Outcome.GONE);
    }

    @Test
    void malformedLockNeedsAnExactRelease() {
        LockLocation where = at("bad/terraform.tfstate.tflock");
        assertThat(store.createIfAbsent(where, "garbage")).isPresent();
        SafeRelease release = new SafeRelease(store);
        ReleaseResult r = release.release(where, "", false);
        assertThat(r).isInstanceOf(ReleaseResult.Malformed.class);
        assertThat(r.message()).contains("malformed").contains("not JSON");
        assertThat(store.get(where)).isPresent();

        StateLock shown = store.get(where).orElseThrow();
        assertThat(release.releaseExact(shown, false).outcome()).isEqualTo(ReleaseResult.Outcome.RELEASED);
        assertThat(store.get(where)).isEmpty();
    }

    @Test
    void aLockReplacedAfterItWasShownIsNotDeleted() {
        LockLocation where = at("shown/terraform.tfstate.tflock");
        LockInfo old = acquire(store, where, "old@runner");
        StateLock shown = store.get(where).orElseThrow();
        // while the operator reads the dialog, the old run finishes and a new one takes the lock
        store.deleteUnconditionally(where);
        LockInfo fresh = acquire(store, where, "new@runner");

        ReleaseResult r = new SafeRelease(store).release(shown, old.id(), false);
        assertThat(r).isInstanceOfSatisfying(ReleaseResult.Changed.class, c -> assertThat(c.current().info()).isEqualTo(fresh));
        assertThat(r.message()).contains("nothing deleted").contains(fresh.id()).contains("new@runner");
        assertThat(store.get(where)).get().satisfies(l -> assertThat(l.info()).isEqualTo(fresh));
    }

    @Test
    void aLockReleasedByItsOwnerMeanwhileLeavesNothingToDelete() {
        LockLocation where = at("meanwhile/terraform.tfstate.tflock");
        LockInfo old = acquire(store, where, "old@runner");
        StateLock shown = store.get(where).orElseThrow();
        store.deleteUnconditionally(where);
        ReleaseResult r = new SafeRelease(store).release(shown, old.id(), false);
        // AWS answers a conditional delete of a missing key with 404 (CHANGED, nobody holds it);
        // s3proxy with 204 (RELEASED): either way nothing else was touched
        assertThat(r).satisfiesAnyOf(
                x -> assertThat(x).isInstanceOfSatisfying(ReleaseResult.Changed.class, c -> assertThat(c.current()).isNull()),
                x -> assertThat(x).isInstanceOf(ReleaseResult.Released.class));
        assertThat(store.get(where)).isEmpty();
    }

    /**
     * The window Terraform leaves open: between baton's read and its delete, the holder releases and a
     * new run acquires. Terraform's release (compare, then delete unconditionally) deletes the new lock;
     * the safe release never does.
     */
    @Test
    void replacementBetweenReadAndDeleteDeterministically() {
        LockLocation where = at("window/terraform.tfstate.tflock");
        HookedStore hooked = new HookedStore(store);
        int naiveWrong = 0;
        int safeWrong = 0;
        for (int i = 0; i < 20; i++) {
            LockInfo a = acquire(store, where, "a@runner");
            LockInfo[] b = new LockInfo[1];
            hooked.afterGet = () -> {
                store.deleteUnconditionally(where);
                b[0] = acquire(store, where, "b@runner");
            };
            // Terraform's release, as a control: the harness must be able to see a wrong deletion
            StateLock read = hooked.get(where).orElseThrow();
            if (read.info().id().equals(a.id())) hooked.deleteUnconditionally(where);
            if (store.get(where).isEmpty()) naiveWrong++;
            store.deleteUnconditionally(where);

            a = acquire(store, where, "a@runner");
            hooked.afterGet = () -> {
                store.deleteUnconditionally(where);
                b[0] = acquire(store, where, "b@runner");
            };
            ReleaseResult r = new SafeRelease(hooked).release(where, a.id(), false);
            assertThat(r.outcome()).isEqualTo(ReleaseResult.Outcome.CHANGED);
            Optional<StateLock> left = store.get(where);
            if (left.isEmpty() || !left.get().info().id().equals(b[0].id())) safeWrong++;
            store.deleteUnconditionally(where);
        }
        assertThat(naiveWrong).as("Terraform's unconditional release deletes the new lock").isEqualTo(20);
        assertThat(safeWrong).as("wrong deletions by the safe release").isZero();
    }

    /**
     * The same race left to the scheduler, 1,000 times: right after baton's read, a concurrent thread
     * releases the lock as its holder would and a new run acquires it (see {@link ReleaseRace}).
     * Four workers race on their own keys at once.
     */
    @Test
    void racedAThousandTimesNeverDeletesANewerLock() throws Exception {
        ReleaseRace.Tally total = ReleaseRace.run(store, 4, 250, (w, i) -> at("race/" + w + "/" + i + "/terraform.tfstate.tflock"));
        assertThat(total.wrongDeletions).as("wrong deletions; outcomes %s", total.outcomes).isZero();
        assertThat(total.races).isEqualTo(1000);
        assertThat(total.outcomes.keySet()).as("outcomes %s", total.outcomes)
                .isSubsetOf(ReleaseResult.Outcome.RELEASED, ReleaseResult.Outcome.CHANGED);
    }
}
