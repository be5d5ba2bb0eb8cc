package dev.baton.lock;

import dev.baton.model.StateLock;
import dev.baton.sandbox.S3Sandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import dev.baton.model.LockLocation;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class UndecodableLocksTest {
    static final String BUCKET = "odd-tfstate";
    static S3Sandbox sandbox;
    static S3Client raw;
    static S3LockStore store;

    @BeforeAll
    static void start() {
        sandbox = S3Sandbox.start();
        sandbox.createBucket(BUCKET);
        raw = sandbox.newClient();
        store = S3LockStore.create(S3LockStoreTest.settings(sandbox));
    }

    @AfterAll
    static void stop() {
        store.close();
        raw.close();
        sandbox.close();
    }

    static void put(String key, byte[] body) {
        raw.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(body));
    }

    /**
     * Issue 10 item 10: one object that is not UTF-8 JSON, or a key with a control character, made the whole
     * bucket "no locks read" (the XML listing did not parse; the SDK's strict decoder threw). Each is a
     * MALFORMED lock of its own and the good lock beside them stays visible and releasable.
     */
    @Test
    void oneUndecodableObjectNeverHidesTheRestOfTheBucket() throws Exception {
        String good = LockInfoCodec.encode(LockInfoCodec.newLock("OperationTypeApply", "", "runner@x", "1.11.4", BUCKET + "/good/terraform.tfstate", Instant.now()));
        put("good/terraform.tfstate.tflock", good.getBytes(StandardCharsets.UTF_8));
        put("utf16/terraform.tfstate.tflock", good.getBytes(StandardCharsets.UTF_16));
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
            z.write(good.getBytes(StandardCharsets.UTF_8));
        }
        put("gzip/terraform.tfstate.tflock", gz.toByteArray());
        put("badutf8/terraform.tfstate.tflock", new byte[]{'{', '"', 'I', 'D', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});
        put("bom/terraform.tfstate.tflock", ("\uFEFF" + good).getBytes(StandardCharsets.UTF_8));
        put("esc\u001b[2J/terraform.tfstate.tflock", good.getBytes(StandardCharsets.UTF_8));

        Map<String, StateLock> byKey = new TreeMap<>();
        for (StateLock l : store.list(LockScope.of(BUCKET, ""))) byKey.put(l.location().key(), l);

        assertThat(byKey).containsOnlyKeys("good/terraform.tfstate.tflock", "utf16/terraform.tfstate.tflock", "gzip/terraform.tfstate.tflock",
                "badutf8/terraform.tfstate.tflock", "bom/terraform.tfstate.tflock", "esc\u001b[2J/terraform.tfstate.tflock");
        assertThat(byKey.get("good/terraform.tfstate.tflock").malformed()).isFalse();
        assertThat(byKey.get("esc\u001b[2J/terraform.tfstate.tflock").malformed()).as("an odd key, a good body").isFalse();
        assertThat(byKey.get("utf16/terraform.tfstate.tflock").error()).contains("UTF-16");
        assertThat(byKey.get("gzip/terraform.tfstate.tflock").error()).contains("gzip");
        assertThat(byKey.get("badutf8/terraform.tfstate.tflock").error()).contains("UTF-8");
        assertThat(byKey.get("bom/terraform.tfstate.tflock").malformed()).as("Terraform's own JSON reader refuses a BOM").isTrue();

        StateLock goodLock = byKey.get("good/terraform.tfstate.tflock");
        ReleaseResult released = new SafeRelease(store).release(goodLock, goodLock.info().id(), false);
        assertThat(released.outcome()).isEqualTo(ReleaseResult.Outcome.RELEASED);
    }

    /** Issue 10 item 11: unlock read a 150 MB object whole (OutOfMemoryError); the size alone says it is no lock. */
    @Test
    void aBigObjectIsRefusedByItsSizeWithoutReadingIt() {
        put("big/terraform.tfstate.tflock", new byte[(int) S3LockStore.MAX_BODY * 4]);
        LockLocation big = new LockLocation(LockLocation.Kind.S3, BUCKET, "big/terraform.tfstate.tflock", null, null);
        StateLock lock = store.get(big).orElseThrow();
        assertThat(lock.malformed()).isTrue();
        assertThat(lock.error()).isEqualTo("not a lock: " + S3LockStore.MAX_BODY * 4 + " bytes");
        assertThat(lock.rawBody()).isNull();
        assertThat(lock.version()).isNotBlank();
    }
}
