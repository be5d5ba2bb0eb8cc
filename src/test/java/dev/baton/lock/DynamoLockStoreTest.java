package dev.baton.lock;

import dev.baton.model.LockInfo;
import dev.baton.model.LockLocation;
import dev.baton.model.StateLock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.net.ServerSocket;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Terraform's legacy DynamoDB lock table, through the real AWS SDK against dynalite on loopback. */
@NeedsDynalite
class DynamoLockStoreTest {
    private static final String TABLE = "terraform-locks";
    private static Dynalite dynalite;
    private static AwsSettings settings;
    private static DynamoDbClient raw;
    private static DynamoLockStore store;

    @BeforeAll
    static void start() {
        dynalite = Dynalite.start();
        settings = AwsSettings.fromEnvironment(Map.of("AWS_ENDPOINT_URL_DYNAMODB", dynalite.endpoint().toString(),
                "AWS_ACCESS_KEY_ID", "sandbox", "AWS_SECRET_ACCESS_KEY", "sandbox-secret", "AWS_REGION", "us-east-1"));
        raw = settings.dynamoClient();
        Dynalite.createLockTable(raw, TABLE);
        store = DynamoLockStore.create(settings);
    }

    @AfterAll
    static void stop() {
        if (store != null) store.close();
        if (raw != null) raw.close();
        if (dynalite != null) dynalite.close();
    }

    private static LockLocation at(String lockId) {
        return new LockLocation(LockLocation.Kind.DYNAMODB, TABLE, lockId, "prod", null);
    }

    private static void item(String lockId, String attribute, String value) {
        raw.putItem(b -> b.tableName(TABLE).item(Map.of("LockID", AttributeValue.fromS(lockId), attribute, AttributeValue.fromS(value))));
    }

    private static LockInfo acquire(LockLocation where, String who) {
        LockInfo info = LockInfoCodec.newLock("OperationTypeApply", "", who, "1.11.4", where.key(), Instant.now());
        assertThat(store.createIfAbsent(where, LockInfoCodec.encode(info))).as("acquire %s", where).isPresent();
        return info;
    }

    @Test
    void listsLocksSkipsDigestsAndLabelsWorkspaces() {
        LockInfo prod = LockInfoCodec.newLock("OperationTypeApply", "", "ci@runner", "1.11.4", "list-bucket/prod/terraform.tfstate", Instant.now());
        LockInfo staging = LockInfoCodec.newLock("OperationTypePlan", "", "ci@runner", "1.11.4", "list-bucket/env:/staging/prod/terraform.tfstate", Instant.now());
        item("list-bucket/prod/terraform.tfstate", "Info", LockInfoCodec.encode(prod));
        item("list-bucket/prod/terraform.tfstate-md5", "Digest", "9e107d9d372bb6826bd81d3542a419d6");
        item("list-bucket/env:/staging/prod/terraform.tfstate", "Info", LockInfoCodec.encode(staging));
        item("list-bucket/env:/staging/prod/terraform.tfstate-md5", "Digest", "e4d909c290d0fb1ca068ffaddf22cbd0");
        item("other-bucket/x/terraform.tfstate", "Info", LockInfoCodec.encode(prod));

        try (DynamoLockStore paged = new DynamoLockStore(settings.dynamoClient(), true, 1)) {
            var locks = paged.list(new LockScope(TABLE, "list-bucket/", "prod", null));
            assertThat(locks).extracting(l -> l.location().key())
                    .containsExactlyInAnyOrder("list-bucket/prod/terraform.tfstate", "list-bucket/env:/staging/prod/terraform.tfstate");
            assertThat(locks).filteredOn(l -> l.info().id().equals(prod.id())).singleElement().satisfies(l -> {
                assertThat(l.location().uri()).isEqualTo("dynamodb://terraform-locks/list-bucket/prod/terraform.tfstate");
                assertThat(l.location().workspace()).isEqualTo("default");
                assertThat(l.location().environment()).isEqualTo("prod");
                assertThat(l.version()).isEqualTo(LockInfoCodec.encode(prod));
            });
            assertThat(locks).filteredOn(l -> l.info().id().equals(staging.id())).singleElement()
                    .satisfies(l -> assertThat(l.location().workspace()).isEqualTo("staging"));
        }
    }

    @Test
    void malformedItemsAreShownAsMalformed() {
        item("malformed-bucket/a/terraform.tfstate", "Info", "{not json");
        raw.putItem(b -> b.tableName(TABLE).item(Map.of("LockID", AttributeValue.fromS("malformed-bucket/b/terraform.tfstate"))));
        assertThat(store.list(LockScope.of(TABLE, "malformed-bucket/")))
                .hasSize(2).allSatisfy(l -> assertThat(l.malformed()).isTrue())
                .extracting(StateLock::error).anyMatch(e -> e.startsWith("not JSON")).contains("no Info attribute");
    }

    @Test
    void getIsConsistentAndADigestIsNotALock() {
        LockLocation where = at("get-bucket/prod/terraform.tfstate");
        LockInfo info = acquire(where, "ci@runner");
        assertThat(store.get(where)).get().satisfies(l -> assertThat(l.info()).isEqualTo(info));
        item("get-bucket/prod/terraform.tfstate-md5", "Digest", "abc");
        assertThat(store.get(at("get-bucket/prod/terraform.tfstate-md5"))).isEmpty();
        assertThat(store.get(at("get-bucket/none"))).isEmpty();
    }

    @Test
    void safeReleaseDeletesTheConfirmedLockAndNeverTheDigest() {
        LockLocation where = at("release-bucket/prod/terraform.tfstate");
        LockInfo info = acquire(where, "crashed@runner");
        item("release-bucket/prod/terraform.tfstate-md5", "Digest", "abc");

        assertThat(new SafeRelease(store).release(where, "wrong-id", false).outcome()).isEqualTo(ReleaseResult.Outcome.ID_MISMATCH);
        assertThat(store.get(where)).isPresent();

        ReleaseResult r = new SafeRelease(store).release(where, info.id(), false);
        assertThat(r).isInstanceOfSatisfying(ReleaseResult.Released.class, rel -> assertThat(rel.conditional()).isTrue());
        assertThat(store.get(where)).isEmpty();
        assertThat(raw.getItem(b -> b.tableName(TABLE).key(Map.of("LockID", AttributeValue.fromS("release-bucket/prod/terraform.tfstate-md5")))).item())
                .containsEntry("Digest", AttributeValue.fromS("abc"));

        LockLocation digest = at("release-bucket/prod/terraform.tfstate-md5");
        assertThat(new SafeRelease(store).release(digest, "abc", true).outcome()).isEqualTo(ReleaseResult.Outcome.GONE);
        assertThatThrownBy(() -> store.deleteUnconditionally(digest)).isInstanceOf(LockStoreException.class).hasMessageContaining("digest");
        assertThat(store.deleteIfUnchanged(digest, null)).isEqualTo(LockStore.DeleteOutcome.GONE); // no lock there; the digest stays
        assertThat(raw.getItem(b -> b.tableName(TABLE).key(Map.of("LockID", AttributeValue.fromS("release-bucket/prod/terraform.tfstate-md5")))).item())
                .isNotEmpty();
    }

    @Test
    void aLockReplacedAfterItWasShownIsNotDeleted() {
        LockLocation where = at("shown-bucket/prod/terraform.tfstate");
        LockInfo old = acquire(where, "old@runner");
        StateLock shown = store.get(where).orElseThrow();
        store.deleteUnconditionally(where);
        LockInfo fresh = acquire(where, "new@runner");
        ReleaseResult r = new SafeRelease(store).release(shown, old.id(), false);
        assertThat(r).isInstanceOfSatisfying(ReleaseResult.Changed.class, c -> assertThat(c.current().info()).isEqualTo(fresh));
        assertThat(store.get(where)).get().satisfies(l -> assertThat(l.info()).isEqualTo(fresh));

        store.deleteUnconditionally(where);
        ReleaseResult gone = new SafeRelease(store).release(shown, old.id(), false);
        assertThat(gone).isInstanceOfSatisfying(ReleaseResult.Changed.class, c -> assertThat(c.current()).isNull());
    }

    /** 200 races (see {@link ReleaseRace}), four workers at once: dynalite answers them in parallel. */
    @Test
    void racedReleasesNeverDeleteANewerLock() throws Exception {
        ReleaseRace.Tally total = ReleaseRace.run(store, 4, 50, (w, i) -> at("race-bucket/" + w + "/" + i + "/terraform.tfstate"));
        assertThat(total.wrongDeletions).as("wrong deletions; outcomes %s", total.outcomes).isZero();
        assertThat(total.races).isEqualTo(200);
    }

    @Test
    void theProbeFindsDynamoSafeAndCleansUp() {
        ProbeReport report = new BackendProbe(store).probe(LockScope.of(TABLE, "probe-bucket/"));
        assertThat(report.safe()).as("%s", report.notes()).isTrue();
        assertThat(report.scratch().uri()).startsWith("dynamodb://terraform-locks/probe-bucket/.baton-probe-");
        assertThat(raw.scan(b -> b.tableName(TABLE)).items()).noneMatch(i -> i.get("LockID").s().contains(".baton-probe-"));
    }

    @Test
    void missingTableAndUnreachableEndpointAreOneClearLine() throws Exception {
        assertThatThrownBy(() -> store.list(LockScope.of("no-such-table", "")))
                .isInstanceOfSatisfying(LockStoreException.class, e -> {
                    assertThat(e.reason()).isEqualTo(LockStoreException.Reason.NOT_FOUND);
                    assertThat(e.getMessage()).startsWith("dynamodb://no-such-table: table does not exist").doesNotContain("\n");
                });
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        AwsSettings nowhere = AwsSettings.fromEnvironment(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:" + closed,
                "AWS_ACCESS_KEY_ID", "a", "AWS_SECRET_ACCESS_KEY", "b", "AWS_REGION", "us-east-1"));
        try (DynamoLockStore s = DynamoLockStore.create(nowhere)) {
            assertThatThrownBy(() -> s.get(at("x/y")))
                    .isInstanceOfSatisfying(LockStoreException.class, e -> {
                        assertThat(e.reason()).isEqualTo(LockStoreException.Reason.UNREACHABLE);
                        assertThat(e.getMessage()).startsWith("dynamodb://terraform-locks/x/y: cannot connect");
                    });
        }
    }
}
