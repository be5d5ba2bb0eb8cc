package dev.baton;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.lock.Dynalite;
import dev.baton.lock.NeedsDynalite;
import dev.baton.model.RunStatus;
import dev.baton.sandbox.SimRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A state locked in both S3 and a legacy DynamoDB table under different ids: baton says SPLIT and can release either. */
@NeedsDynalite
class SplitLockTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String TABLE = "terraform-locks";

    @TempDir
    Path home;
    LoopbackFixture box;
    Dynalite dynalite;
    DynamoDbClient dynamo;

    @BeforeEach
    void start() throws Exception {
        box = new LoopbackFixture(30, home);
        dynalite = Dynalite.start();
        box.env.put("AWS_ENDPOINT_URL_DYNAMODB", dynalite.endpoint().toString());
        dynamo = DynamoDbClient.builder().endpointOverride(dynalite.endpoint()).region(Region.US_EAST_1)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s"))).build();
        Dynalite.createLockTable(dynamo, TABLE);
        String bucket = box.engine.stateBuckets().iterator().next();
        Files.writeString(home.resolve("config/baton/config.yaml"), """
                refresh: 300ms
                repositories:
                  - repo: %s
                    environments:
                      - name: prod
                        groups: [deploy-production]
                        workflows: [deploy-prod.yml]
                        locks:
                          - s3://%s/prod/terraform.tfstate.tflock
                          - dynamodb://%s/%s/prod/terraform.tfstate
                """.formatted(box.env.get("BATON_REPO"), bucket, TABLE, bucket));
    }

    @AfterEach
    void stop() {
        if (dynamo != null) dynamo.close();
        if (dynalite != null) dynalite.close();
        box.close();
    }

    @Test
    void disagreeingS3AndDynamoLocksAreASplitAndEachCanBeReleased() throws Exception {
        box.engine.crashDuringApply("deploy-prod.yml", Duration.ofSeconds(5));
        SimRun run = box.engine.state().dispatch("deploy-prod.yml", "main", Map.of(), "dependabot[bot]");
        assertThat(box.engine.awaitUntil(() -> box.engine.state().run(run.id()).orElseThrow().status() == RunStatus.COMPLETED,
                Duration.ofSeconds(60))).isTrue();
        String bucket = box.engine.stateBuckets().iterator().next();
        String info = "{\"ID\":\"99999999-0000-0000-0000-000000000000\",\"Operation\":\"OperationTypeApply\",\"Info\":\"\","
                + "\"Who\":\"laptop@ops\",\"Version\":\"1.9.8\",\"Created\":\"2026-11-26T14:00:00.000000000Z\",\"Path\":\"" + bucket + "/prod/terraform.tfstate\"}";
        dynamo.putItem(b -> b.tableName(TABLE).item(Map.of("LockID", AttributeValue.fromS(bucket + "/prod/terraform.tfstate"),
                "Info", AttributeValue.fromS(info))));
        dynamo.putItem(b -> b.tableName(TABLE).item(Map.of("LockID", AttributeValue.fromS(bucket + "/prod/terraform.tfstate-md5"),
                "Digest", AttributeValue.fromS("0123456789abcdef"))));

        JsonNode status = JSON.readTree(box.baton("status", "--json").out());
        assertThat(status.get("locks")).hasSize(2); // the -md5 digest item is not a lock
        assertThat(status.get("locks")).allSatisfy(l -> assertThat(l.get("problems")).extracting(JsonNode::asText).contains("SPLIT")); // STALE too: the crashed run is gone
        assertThat(status.get("findings")).anySatisfy(f -> assertThat(f.get("kind").asText()).isEqualTo("SPLIT_LOCK"));

        String dynamoUri = "dynamodb://" + TABLE + "/" + bucket + "/prod/terraform.tfstate";
        var r = box.baton("unlock", dynamoUri, "--id", "99999999-0000-0000-0000-000000000000", "--yes");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode locks = JSON.readTree(box.baton("locks", "--json").out());
        assertThat(locks).singleElement().satisfies(l -> assertThat(l.get("uri").asText()).startsWith("s3://"));
        assertThat(dynamo.getItem(b -> b.tableName(TABLE).key(Map.of("LockID", AttributeValue.fromS(bucket + "/prod/terraform.tfstate-md5"))))
                .hasItem()).isTrue();
    }
}
