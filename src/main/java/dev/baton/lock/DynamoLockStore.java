package dev.baton.lock;

import dev.baton.model.LockLocation;
import dev.baton.model.StateLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Terraform's legacy DynamoDB lock table: items {LockID = "<bucket>/<state key>", Info = LockInfo JSON}.
 * The table also holds "<bucket>/<key>-md5" items with a Digest attribute: the state's checksum,
 * not a lock, so they are never listed and never deleted. Reads are strongly consistent; the
 * version of a lock is its Info text, which conditions the delete (as OpenTofu does).
 */
public final class DynamoLockStore implements LockStore {
    private static final Logger LOG = LoggerFactory.getLogger(DynamoLockStore.class);
    static final String LOCK_ID = "LockID";
    static final String INFO = "Info";
    static final String DIGEST = "Digest";
    static final String DIGEST_SUFFIX = "-md5";

    private final DynamoDbClient dynamo;
    private final boolean ownsClient;
    private final Integer pageSize;

    /** Uses the given client; the caller keeps ownership and closes it. */
    public DynamoLockStore(DynamoDbClient dynamo) {
        this(dynamo, false, null);
    }

    /** pageSize: items per Scan page (null: DynamoDB's 1 MB pages); small values test paging. */
    DynamoLockStore(DynamoDbClient dynamo, boolean ownsClient, Integer pageSize) {
        this.dynamo = dynamo;
        this.ownsClient = ownsClient;
        this.pageSize = pageSize;
    }

    /** A store with its own client built from the settings; close() closes it. */
    public static DynamoLockStore create(AwsSettings settings) {
        return new DynamoLockStore(settings.dynamoClient(), true, null);
    }

    @Override
    public LockLocation.Kind kind() {
        return LockLocation.Kind.DYNAMODB;
    }

    @Override
    public String name() {
        return "dynamodb";
    }

    /** scope.prefix filters on LockID ("<bucket>/..."); the table is small, so it is scanned. */
    @Override
    public List<StateLock> list(LockScope scope) {
        String table = scope.container();
        List<StateLock> locks = new ArrayList<>();
        try {
            Map<String, AttributeValue> start = null;
            do {
                ScanRequest.Builder req = ScanRequest.builder().tableName(table).consistentRead(true).limit(pageSize);
                if (start != null) req.exclusiveStartKey(start);
                ScanResponse page = dynamo.scan(req.build());
                for (Map<String, AttributeValue> item : page.items()) {
                    String lockId = string(item, LOCK_ID);
                    if (lockId == null || !lockId.startsWith(scope.prefix()) || isDigest(item) || LockStore.isProbeKey(lockId)) continue;
                    LockLocation location = new LockLocation(LockLocation.Kind.DYNAMODB, table, lockId,
                            scope.environment(), scope.workspaceOf(stateKeyOf(lockId)));
                    locks.add(toStateLock(location, item));
                }
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null);
        } catch (RuntimeException e) {
            throw LockStoreException.from(e, "dynamodb://" + table);
        }
        return locks;
    }

    @Override
    public Optional<StateLock> get(LockLocation location) {
        requireDynamo(location);
        try {
            Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(location.container())
                    .key(key(location)).consistentRead(true)).item();
            if (item == null || item.isEmpty() || isDigest(item)) return Optional.empty();
            return Optional.of(toStateLock(location, item));
        } catch (RuntimeException e) {
            throw LockStoreException.from(e, location.uri());
        }
    }

    @Override
    public Optional<String> createIfAbsent(LockLocation location, String body) {
        requireDynamo(location);
        Map<String, AttributeValue> item = new HashMap<>(key(location));
        item.put(INFO, AttributeValue.fromS(body));
        try {
            dynamo.putItem(b -> b.tableName(location.container()).item(item)
                    .conditionExpression("attribute_not_exists(" + LOCK_ID + ")"));
            return Optional.of(body);
        } catch (ConditionalCheckFailedException | TransactionConflictException e) {
            // the SDK may have retried our own successful first attempt: an identical Info is ours
            return get(location).filter(l -> body.equals(l.rawBody())).map(StateLock::version);
        } catch (RuntimeException e) {
            throw LockStoreException.from(e, location.uri());
        }
    }

    /** version: the Info text read; null means "an item without Info" (never a digest item). */
    @Override
    public DeleteOutcome deleteIfUnchanged(LockLocation location, String version) {
        requireDynamo(location);
        DeleteItemRequest.Builder req = DeleteItemRequest.builder().tableName(location.container()).key(key(location));
        if (version == null) {
            req.conditionExpression("attribute_exists(#id) AND attribute_not_exists(#info) AND attribute_not_exists(#digest)")
                    .expressionAttributeNames(Map.of("#id", LOCK_ID, "#info", INFO, "#digest", DIGEST));
        } else {
            req.conditionExpression("#info = :info")
                    .expressionAttributeNames(Map.of("#info", INFO))
                    .expressionAttributeValues(Map.of(":info", AttributeValue.fromS(version)));
        }
        try {
            dynamo.deleteItem(req.build());
            LOG.info("deleted {} conditioned on its Info", location);
            return DeleteOutcome.DELETED;
        } catch (ConditionalCheckFailedException | TransactionConflictException e) {
            // the condition cannot tell "changed" from "gone": look
            return get(location).isPresent() ? DeleteOutcome.CHANGED : DeleteOutcome.GONE;
        } catch (RuntimeException e) {
            throw LockStoreException.from(e, location.uri());
        }
    }

    @Override
    public void deleteUnconditionally(LockLocation location) {
        requireDynamo(location);
        try {
            // even a blind delete must not take the state's digest with it
            dynamo.deleteItem(b -> b.tableName(location.container()).key(key(location))
                    .conditionExpression("attribute_not_exists(#digest)")
                    .expressionAttributeNames(Map.of("#digest", DIGEST)));
            LOG.warn("deleted {} without checking its Info", location);
        } catch (ConditionalCheckFailedException e) {
            throw new LockStoreException(LockStoreException.Reason.SERVICE, location.uri(), "refused: this is a state digest item, not a lock");
        } catch (RuntimeException e) {
            throw LockStoreException.from(e, location.uri());
        }
    }

    static boolean isDigest(Map<String, AttributeValue> item) {
        String lockId = string(item, LOCK_ID);
        return !item.containsKey(INFO) && (item.containsKey(DIGEST) || (lockId != null && lockId.endsWith(DIGEST_SUFFIX)));
    }

    private static StateLock toStateLock(LockLocation location, Map<String, AttributeValue> item) {
        String info = string(item, INFO);
        if (info == null) {
            return new StateLock(location, null, null, null, null,
                    item.containsKey(INFO) ? "Info is not a string" : "no Info attribute");
        }
        LockInfoCodec.Decoded decoded = LockInfoCodec.decode(info);
        return new StateLock(location, decoded.info(), info, info, null, decoded.error());
    }

    /** "<bucket>/env:/ws/key" -> "env:/ws/key". */
    private static String stateKeyOf(String lockId) {
        int slash = lockId.indexOf('/');
        return slash < 0 ? lockId : lockId.substring(slash + 1);
    }

    private static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    private static Map<String, AttributeValue> key(LockLocation location) {
        return Map.of(LOCK_ID, AttributeValue.fromS(location.key()));
    }

    private static void requireDynamo(LockLocation location) {
        if (location.kind() != LockLocation.Kind.DYNAMODB) throw new IllegalArgumentException("not a DynamoDB lock: " + location);
    }

    @Override
    public void close() {
        if (ownsClient) dynamo.close();
    }
}
