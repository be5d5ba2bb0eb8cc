package dev.baton.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.workflow.BackendConfig;
import dev.baton.workflow.BackendParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static dev.baton.sandbox.TerraformText.goError;
import static dev.baton.sandbox.TerraformText.unlockError;

/**
 * The S3 calls of Terraform's S3 backend with use_lockfile = true: the lock is a PutObject of the .tflock
 * with If-None-Match: *, a release reads the LockInfo, compares its ID and deletes without a condition.
 * Failures come back as Terraform's texts. Called on the action thread without the engine lock.
 */
final class TerraformS3 {
    private static final Logger LOG = LoggerFactory.getLogger(TerraformS3.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final S3Client s3;

    TerraformS3(S3Client s3) {
        this.s3 = s3;
    }

    /** The buckets the repository's backend-*.hcl files name. */
    static Set<String> stateBuckets(RepoContent content) {
        Set<String> out = new TreeSet<>();
        content.files.forEach((path, text) -> {
            if (!path.endsWith(".hcl")) return;
            try {
                BackendConfig b = BackendParser.parseIfBackend(path, text, null);
                if (b != null && b.bucket() != null) out.add(b.bucket());
            } catch (RuntimeException ex) {
                LOG.warn("sandbox: {} is not a readable backend file: {}", path, ex.getMessage());
            }
        });
        return out;
    }

    /** Creates the buckets (kept when there: a second engine on the same S3). */
    void createBuckets(Set<String> buckets) {
        for (String bucket : buckets) {
            try {
                s3.createBucket(b -> b.bucket(bucket));
            } catch (BucketAlreadyOwnedByYouException | BucketAlreadyExistsException ex) {
                // already there
            }
        }
    }

    /** A lock attempt: ok, or the error text and (when another holds it) the holder's LockInfo. */
    record PutResult(boolean ok, String error, Map<String, String> existing) {
    }

    PutResult putLock(String bucket, String lockKey, String lockJson) {
        try {
            s3.putObject(b -> b.bucket(bucket).key(lockKey).ifNoneMatch("*").contentType("application/json"),
                    RequestBody.fromString(lockJson, StandardCharsets.UTF_8));
            return new PutResult(true, null, null);
        } catch (S3Exception ex) {
            String err = goError("PutObject", ex);
            if (ex.statusCode() == 412 || ex.statusCode() == 409) {
                try {
                    Map<String, String> existing = readLock(bucket, lockKey);
                    if (existing == null) {
                        return new PutResult(false, err + "\nunable to retrieve file from S3 bucket '" + bucket
                                + "' with key '" + lockKey + "': operation error S3: GetObject, https response error StatusCode: 404, RequestID: , HostID: , NoSuchKey: ", null);
                    }
                    return new PutResult(false, err, existing);
                } catch (RuntimeException readErr) {
                    return new PutResult(false, err + "\n" + readErr.getMessage(), null);
                }
            }
            return new PutResult(false, err, null);
        } catch (RuntimeException ex) {
            return new PutResult(false, "operation error S3: PutObject, " + ex.getMessage(), null);
        }
    }

    /** The LockInfo at key as a string map, or null when there is no lock object. */
    /** Every lock object (a *.tflock key) in every bucket, as bucket/key -> LockInfo: what a run left behind. */
    Map<String, Map<String, String>> locks() {
        Map<String, Map<String, String>> out = new java.util.TreeMap<>();
        for (var bucket : s3.listBuckets().buckets()) {
            for (var o : s3.listObjectsV2Paginator(b -> b.bucket(bucket.name())).contents()) {
                if (!o.key().endsWith(".tflock")) continue;
                Map<String, String> info = readLock(bucket.name(), o.key());
                if (info != null) out.put(bucket.name() + "/" + o.key(), info);
            }
        }
        return out;
    }

    Map<String, String> readLock(String bucket, String key) {
        try {
            ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
            Map<?, ?> m = JSON.readValue(bytes.asUtf8String(), Map.class);
            Map<String, String> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
            return out;
        } catch (NoSuchKeyException ex) {
            return null;
        } catch (S3Exception ex) {
            if (ex.statusCode() == 404) return null;
            throw new IllegalStateException(goError("GetObject", ex), ex);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("unexpected end of JSON input", ex);
        }
    }

    /** Terraform's release: GET the lock, compare its ID with ours, DELETE without a condition. Null when released. */
    List<String> release(JobState.HeldLock held) {
        try {
            Map<String, String> found = readLock(held.bucket(), held.lockKey());
            if (found == null) {
                return unlockError("failed to retrieve lock info for lock ID \"" + held.lockId() + "\": lock file not found");
            }
            if (!held.lockId().equals(found.get("ID"))) {
                return unlockError("lock ID '" + held.lockId() + "' does not match the existing lock ID '" + found.get("ID") + "'");
            }
            s3.deleteObject(b -> b.bucket(held.bucket()).key(held.lockKey()));
            return null;
        } catch (RuntimeException ex) {
            return unlockError(ex.getMessage());
        }
    }

    /** force-unlock: deletes whatever lock is there. */
    void delete(String bucket, String key) {
        s3.deleteObject(r -> r.bucket(bucket).key(key));
    }

    /** Writes the state object (apply's result). */
    void putState(String bucket, String key, String json) {
        s3.putObject(b -> b.bucket(bucket).key(key).contentType("application/json"),
                RequestBody.fromString(json, StandardCharsets.UTF_8));
    }
}
