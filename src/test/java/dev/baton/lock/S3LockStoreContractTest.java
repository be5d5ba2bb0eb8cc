package dev.baton.lock;

import dev.baton.model.LockLocation;
import dev.baton.sandbox.S3Sandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** The lock-store contract ({@link LockStoreContract}) on S3 lock files, through s3proxy. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3LockStoreContractTest extends LockStoreContract {
    static final String BUCKET = "contract-tfstate";
    S3Sandbox sandbox;
    software.amazon.awssdk.services.s3.S3Client raw;
    S3LockStore s3;
    int n;

    @BeforeAll
    void start() {
        sandbox = S3Sandbox.start();
        sandbox.createBucket(BUCKET);
        raw = sandbox.newClient();
        s3 = S3LockStore.create(S3LockStoreTest.settings(sandbox));
    }

    @AfterAll
    void stop() {
        s3.close();
        raw.close();
        sandbox.close();
    }

    @Override
    LockStore store() {
        return s3;
    }

    @Override
    LockLocation fresh() {
        return new LockLocation(LockLocation.Kind.S3, BUCKET, "c" + (++n) + "/terraform.tfstate.tflock", null, null);
    }

    @Override
    void putRaw(LockLocation where, String body) {
        raw.putObject(b -> b.bucket(BUCKET).key(where.key()), software.amazon.awssdk.core.sync.RequestBody.fromString(body));
    }

    @Override
    LockScope scope() {
        return LockScope.of(BUCKET, "");
    }
}
