package dev.baton.lock;

import dev.baton.model.LockLocation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;

/** The lock-store contract ({@link LockStoreContract}) on a DynamoDB lock table, through dynalite. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@NeedsDynalite
class DynamoLockStoreContractTest extends LockStoreContract {
    static final String TABLE = "contract-locks";
    Dynalite dynalite;
    DynamoDbClient raw;
    DynamoLockStore dynamo;
    int n;

    @BeforeAll
    void start() {
        dynalite = Dynalite.start();
        AwsSettings settings = AwsSettings.fromEnvironment(Map.of("AWS_ENDPOINT_URL_DYNAMODB", dynalite.endpoint().toString(),
                "AWS_ACCESS_KEY_ID", "sandbox", "AWS_SECRET_ACCESS_KEY", "sandbox-secret", "AWS_REGION", "us-east-1"));
        raw = settings.dynamoClient();
        Dynalite.createLockTable(raw, TABLE);
        dynamo = DynamoLockStore.create(settings);
    }

    @AfterAll
    void stop() {
        if (dynamo != null) dynamo.close();
        if (raw != null) raw.close();
        if (dynalite != null) dynalite.close();
    }

    @Override
    LockStore store() {
        return dynamo;
    }

    @Override
    LockLocation fresh() {
        return new LockLocation(LockLocation.Kind.DYNAMODB, TABLE, "bucket/c" + (++n) + "/terraform.tfstate", null, null);
    }

    @Override
    void putRaw(LockLocation where, String body) {
        raw.putItem(b -> b.tableName(TABLE).item(Map.of("LockID", AttributeValue.fromS(where.key()), "Info", AttributeValue.fromS(body))));
    }

    @Override
    LockScope scope() {
        return LockScope.of(TABLE, "");
    }
}
