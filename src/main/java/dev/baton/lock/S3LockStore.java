package dev.baton.lock;

import dev.baton.model.LockLocation;
import dev.baton.model.StateLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Terraform's S3 lock files (use_lockfile = true): "<state key>.tflock" objects. Listing pages
 * through ListObjectsV2 and re-reads a body only when its ETag changed since the last poll.
 */
public final class S3LockStore implements LockStore {
    private static final Logger LOG = LoggerFactory.getLogger(S3LockStore.class);
    static final String SUFFIX = ".tflock";
    /** A Terraform lock body is a few hundred bytes; anything this big is not one. */
    static final long MAX_BODY = 64 * 1024;

    private final S3Client s3;
    private final boolean ownsClient;
    private final int pageSize;
    /** s3://bucket/key -> last lock read, reused while the listed ETag is the same. */
    private final Map<String, StateLock> byEtag = new ConcurrentHashMap<>();

    /** Uses the given client; the caller keeps ownership and closes it. */
    public S3LockStore(S3Client s3) {
        this(s3, false, 1000);
    }

    /** pageSize: keys per ListObjectsV2 page (S3's maximum is 1000); small values test paging. */
    S3LockStore(S3Client s3, boolean ownsClient, int pageSize) {
        this.s3 = s3;
        this.ownsClient = ownsClient;
        this.pageSize = pageSize;
    }

    /** A store with its own client built from the settings; close() closes it. */
    public static S3LockStore create(AwsSettings settings) {
        return new S3LockStore(settings.s3Client(), true, 1000);
    }

    @Override
    public LockLocation.Kind kind() {
        return LockLocation.Kind.S3;
    }

    @Override
    public String name() {
        return "s3";
    }

    @Override
    public List<StateLock> list(LockScope scope) {
        String bucket = scope.container();
        List<StateLock> locks = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        try {
            String token = null;
            do {
                ListObjectsV2Request.Builder req = ListObjectsV2Request.builder().bucket(bucket).maxKeys(pageSize).encodingType(EncodingType.URL);
                // url: a key with a control character would make the XML listing unparsable, and the whole bucket unread
                if (!scope.prefix().isEmpty()) req.prefix(scope.prefix());
                if (token != null) req.continuationToken(token);
                ListObjectsV2Response page = s3.listObjectsV2(req.build());
                for (S3Object object : page.contents()) {
                    String key = object.key();
                    if (!key.endsWith(SUFFIX) || LockStore.isProbeKey(key)) continue;
                    LockLocation location = new LockLocation(LockLocation.Kind.S3, bucket, key,
                            scope.environment(), scope.workspaceOf(key));
                    seen.add(location.uri());
                    read(location, object).ifPresent(locks::add);
                }
                token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
            } while (token != null);
        } catch (RuntimeException e) {
            throw LockStoreException.from(e, "s3://" + bucket + "/" + scope.prefix());
        }
        byEtag.keySet().removeIf(uri -> uri.startsWith("s3://" + bucket + "/" + scope.prefix()) && !seen.contains(uri));
        return locks;
    }

    private Optional<StateLock> read(LockLocation location, S3Object listed) {
        StateLock cached = byEtag.get(location.uri());
        if (cached != null && listed.eTag() != null && listed.eTag().equals(cached.version())) {
            return Optional.of(new StateLock(location, cached.info(), cached.rawBody(), cached.version(),
                    cached.lastModified(), cached.error()));
        }
        if (listed.size() != null && listed.size() > MAX_BODY) {
            return Optional.of(new StateLock(location, null, null, listed.eTag(), listed.lastModified(),
                    "not a lock: " + listed.size() + " bytes"));
        }
        return get(location); // may be gone since the listing
    }

    @Override
    public Optional<StateLock> get(LockLocation location) {
        requireS3(location);
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(location.container()).key(location.key()))) {
            GetObjectResponse meta = in.response();
            Long size = meta.contentLength();
            StateLock lock;
            if (size != null && size > MAX_BODY) {
                in.abort(); // never read a state file or an upload into memory: only the size is needed to refuse it
                lock = new StateLock(location, null, null, meta.eTag(), meta.lastModified(), "not a lock: " + size + " bytes");
            } else {
                byte[] bytes = in.readNBytes((int) MAX_BODY + 1);
                lock = bytes.length > MAX_BODY
                        ? new StateLock(location, null, null, meta.eTag(), meta.lastModified(), "not a lock: more than " + MAX_BODY + " bytes")
                        : toStateLock(location, bytes, meta.eTag(), meta.lastModified());
            }
            byEtag.put(location.uri(), lock);
            return Optional.of(lock);
        } catch (NoSuchKeyException e) {
            byEtag.remove(location.uri());
            return Optional.empty();
        } catch (IOException e) {
            throw LockStoreException.from(new java.io.UncheckedIOException(e), location.uri());
        } catch (RuntimeException e) {
            throw LockStoreException.from(e, location.uri());
        }
    }

    /** Bytes as Terraform would read them: UTF-8 or not a lock (Go's json.Unmarshal refuses the rest too). */
    static StateLock toStateLock(LockLocation location, byte[] bytes, String etag, Instant lastModified) {
        String notText = LockInfoCodec.notUtf8(bytes);
        String text = new String(bytes, StandardCharsets.UTF_8); // lenient copy, only for showing what is there
        if (notText != null) return new StateLock(location, null, text, etag, lastModified, notText);
        return toStateLock(location, text, etag, lastModified);
    }

    static StateLock toStateLock(LockLocation location, String body, String etag, Instant lastModified) {
        LockInfoCodec.Decoded decoded = LockInfoCodec.decode(body);
        return new StateLock(location, decoded.info(), body, etag, lastModified, decoded.error());
    }

    @Override
    public Optional<String> createIfAbsent(LockLocation location, String body) {
        requireS3(location);
        try {
            String etag = s3.putObject(b -> b.bucket(location.container()).key(location.key())
                            .ifNoneMatch("*").contentType("application/json"),
                    RequestBody.fromString(body, StandardCharsets.UTF_8)).eTag();
            return Optional.of(etag);
        } catch (S3Exception e) {
            if (e.statusCode() == 412 || e.statusCode() == 409) return ownRetriedWrite(location, body);
            throw LockStoreException.from(e, location.uri());
        } catch (RuntimeException e) {
            throw LockStoreException.from(e, location.uri());
        }
    }

    /**
     * A refused create may be the SDK's retry of our own first attempt, which succeeded although its
     * answer was lost. Lock bodies carry a UUID and a nanosecond time, so an identical body is ours.
     */
    private Optional<String> ownRetriedWrite(LockLocation location, String body) {
        return get(location).filter(l -> body.equals(l.rawBody())).map(StateLock::version);
    }

    @Override
    public DeleteOutcome deleteIfUnchanged(LockLocation location, String version) {
        requireS3(location);
        if (version == null || version.isBlank()) throw new IllegalArgumentException("an ETag is required for a conditional delete");
        try {
            s3.deleteObject(b -> b.bucket(location.container()).key(location.key()).ifMatch(version));
            byEtag.remove(location.uri());
            LOG.info("deleted {} if-match {}", location, version);
            return DeleteOutcome.DELETED;
        } catch (S3Exception e) {
            if (e.statusCode() == 412 || e.statusCode() == 409) return DeleteOutcome.CHANGED;
            if (e.statusCode() == 404 && !isNoSuchBucket(e)) return DeleteOutcome.GONE;
            throw LockStoreException.from(e, location.uri());
        } catch (RuntimeException e) {
            throw LockStoreException.from(e, location.uri());
        }
    }

    @Override
    public void deleteUnconditionally(LockLocation location) {
        requireS3(location);
        try {
            s3.deleteObject(b -> b.bucket(location.container()).key(location.key()));
            byEtag.remove(location.uri());
            LOG.warn("deleted {} without a condition", location);
        } catch (RuntimeException e) {
            throw LockStoreException.from(e, location.uri());
        }
    }

    private static boolean isNoSuchBucket(S3Exception e) {
        return e.awsErrorDetails() != null && "NoSuchBucket".equals(e.awsErrorDetails().errorCode());
    }

    private static void requireS3(LockLocation location) {
        if (location.kind() != LockLocation.Kind.S3) throw new IllegalArgumentException("not an S3 lock: " + location);
    }

    @Override
    public void close() {
        if (ownsClient) s3.close();
    }
}
