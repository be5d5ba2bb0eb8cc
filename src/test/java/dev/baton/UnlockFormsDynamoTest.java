package dev.baton;

import dev.baton.UnlockFormsTest.State;
import dev.baton.lock.Dynalite;
import dev.baton.lock.NeedsDynalite;
import dev.baton.lock.LockInfoCodec;
import dev.baton.model.LockInfo;
import dev.baton.model.LockLocation;
import dev.baton.model.StateLock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same table as {@link UnlockFormsTest} for a legacy DynamoDB lock table (dynalite): the lock of a
 * configured environment named by its environment, its LockID, a LockID prefix, its dynamodb:// URI and
 * the screen's command, in every state, reaches one decision.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@NeedsDynalite
class UnlockFormsDynamoTest {
    static final String TABLE = "tf-locks";

    LoopbackFixture box;
    Dynalite dynalite;
    DynamoDbClient dynamo;
    String bucket;

    enum Form { ENVIRONMENT, LOCK_ID, PREFIX, URI, SCREEN }

    @BeforeAll
    void start() throws Exception {
        Path home = Files.createTempDirectory("baton-unlock-dynamo");
        box = new LoopbackFixture(30, home, Map.of("apply", Duration.ofMinutes(30)));
        box.sleeper = LoopbackFixture.NO_WAIT; // GitHub's 5xx retries need not wait here
        dynalite = Dynalite.start();
        box.env.put("AWS_ENDPOINT_URL_DYNAMODB", dynalite.endpoint().toString());
        dynamo = DynamoDbClient.builder().endpointOverride(URI.create(dynalite.endpoint().toString()))
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(box.s3.accessKey(), box.s3.secretKey())))
                .build();
        Dynalite.createLockTable(dynamo, TABLE);
        bucket = box.engine.stateBuckets().iterator().next();
        // dev deploys with deploy-dev.yml in its group; ops has no run at all
        Files.writeString(home.resolve("config/baton/config.yaml"), """
                refresh: 300ms
                repositories:
                  - repo: %s
                    environments:
                      - name: dev
                        groups: [terraform-deploy-dev]
                        workflows: [deploy-dev.yml]
                        locks: [dynamodb://%s/%s/dev/terraform.tfstate]
                      - name: ops
                        locks: [dynamodb://%s/%s/ops/terraform.tfstate]
                """.formatted(box.env.get("BATON_REPO"), TABLE, bucket, TABLE, bucket));
        box.engine.state().dispatch("deploy-dev.yml", "main", Map.of(), "alice");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (box.engine.state().runs(dev.baton.sandbox.RunQuery.ALL).stream().noneMatch(r -> "in_progress".equals(r.status().api()))) {
            assertThat(System.nanoTime()).as("dev's deploy did not start within 60 s").isLessThan(deadline);
            Thread.sleep(200);
        }
        assertThat(box.baton("status").code()).isZero(); // the layout is remembered for the GitHub outage
    }

    @AfterAll
    void stop() {
        if (dynamo != null) dynamo.close();
        if (dynalite != null) dynalite.close();
        box.close();
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (State s : State.values()) for (Form f : Form.values()) out.add(Arguments.of(s, f));
        return out.stream();
    }

    @ParameterizedTest(name = "{0} DynamoDB lock named by {1}")
    @MethodSource("cases")
    void everyFormReachesTheSameDecision(State state, Form form) {
        String env = state == State.LIVE ? "dev" : "ops";
        String lockId = bucket + "/" + env + "/terraform.tfstate";
        StateLock lock = put(lockId, state);
        String command = switch (form) {
            case ENVIRONMENT -> "unlock " + env;
            case LOCK_ID -> "unlock " + lockId;
            case PREFIX -> "unlock " + bucket + "/" + env + "/";
            case URI, SCREEN -> "unlock dynamodb://" + TABLE + "/" + lockId;
        };
        try {
            if (form == Form.SCREEN) UnlockFormsTest.decideOnScreen(box, state, lock, () -> item(lockId) != null);
            else UnlockFormsTest.decide(box, state, command, false, lock, () -> item(lockId) != null);
        } finally {
            dynamo.deleteItem(b -> b.tableName(TABLE).key(Map.of("LockID", AttributeValue.fromS(lockId))));
        }
    }

    private StateLock put(String lockId, State state) {
        Instant now = box.engine.now(); // the sandbox runs ahead of the wall clock
        Instant created = state == State.STALE ? now.minus(Duration.ofHours(5)) : now;
        LockInfo info = LockInfoCodec.newLock("OperationTypeApply", "", "runner@gone", "1.11.4", lockId, created);
        String body = state == State.MALFORMED ? LockInfoCodec.encode(info) + " trailing" : LockInfoCodec.encode(info);
        dynamo.putItem(b -> b.tableName(TABLE).item(Map.of("LockID", AttributeValue.fromS(lockId), "Info", AttributeValue.fromS(body))));
        LockInfoCodec.Decoded d = LockInfoCodec.decode(body);
        return new StateLock(new LockLocation(LockLocation.Kind.DYNAMODB, TABLE, lockId, null, null), d.info(), body, body, created, d.error());
    }

    private Map<String, AttributeValue> item(String lockId) {
        var r = dynamo.getItem(b -> b.tableName(TABLE).consistentRead(true).key(Map.of("LockID", AttributeValue.fromS(lockId))));
        return r.hasItem() && !r.item().isEmpty() ? r.item() : null;
    }
}
