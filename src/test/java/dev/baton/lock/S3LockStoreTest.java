package dev.baton.lock;

import dev.baton.model.LockInfo;
import dev.baton.model.LockLocation;
import dev.baton.model.StateLock;
import dev.baton.sandbox.S3Sandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;

import java.net.ServerSocket;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The S3 lock store through the real AWS SDK against s3proxy on loopback. */
class S3LockStoreTest {
    static final String BUCKET = "acme-tfstate";
    private static S3Sandbox sandbox;
    private static S3Client raw;
    private static S3LockStore store;

    @BeforeAll
    static void start() {
        sandbox = S3Sandbox.start();
        sandbox.createBucket(BUCKET);
        raw = sandbox.newClient();
        store = S3LockStore.create(settings(sandbox));
    }

    @AfterAll
    static void stop() {
        if (store != null) store.close();
        if (raw != null) raw.close();
        if (sandbox != null) sandbox.close();
    }

    /** The standard environment a user would export for the sandbox. */
    static AwsSettings settings(S3Sandbox s) {
        return AwsSettings.fromEnvironment(Map.of(
                "AWS_ENDPOINT_URL_S3", s.endpoint().toString(),
                "AWS_ACCESS_KEY_ID", s.accessKey(),
                "AWS_SECRET_ACCESS_KEY", s.secretKey(),
                "AWS_REGION", s.region()));
    }

    static LockInfo lock(String stateKey, String operation) {
        return LockInfoCodec.newLock(operation, "", "runner@fv-az123-456", "1.11.4", BUCKET + "/" + stateKey, Instant.now());
    }

    private static void put(String key, String body) {
        raw.putObject(b -> b.bucket(BUCKET).key(key).contentType("application/json"), RequestBody.fromString(body));
    }

    @Test
    void listsAndDecodesLocksUnderAPrefixIncludingWorkspaces() {
        LockInfo prod = lock("list/prod/terraform.tfstate", "OperationTypeApply");
        LockInfo staging = lock("env:/staging/list/prod/terraform.tfstate", "OperationTypePlan");
        put("list/prod/terraform.tfstate.tflock", LockInfoCodec.encode(prod));
        put("list/prod/terraform.tfstate", "{\"version\":4}"); // the state itself: not a lock
        put("env:/staging/list/prod/terraform.tfstate.tflock", LockInfoCodec.encode(staging));

        List<StateLock> top = store.list(new LockScope(BUCKET, "list/", "prod", null));
        assertThat(top).hasSize(1);
        StateLock l = top.get(0);
        assertThat(l.location().uri()).isEqualTo("s3://acme-tfstate/list/prod/terraform.tfstate.tflock");
        assertThat(l.location().environment()).isEqualTo("prod");
        assertThat(l.location().workspace()).isEqualTo("default");
        assertThat(l.info()).isEqualTo(prod);
        assertThat(l.version()).isNotBlank();
        assertThat(l.lastModified()).isNotNull();
        assertThat(l.malformed()).isFalse();

        List<StateLock> ws = store.list(new LockScope(BUCKET, "env:/staging/list/", "staging", null));
        assertThat(ws).singleElement().satisfies(s -> {
            assertThat(s.location().key()).isEqualTo("env:/staging/list/prod/terraform.tfstate.tflock");
            assertThat(s.location().workspace()).isEqualTo("staging");
            assertThat(s.info().id()).isEqualTo(staging.id());
        });
    }

    @Test
    void customWorkspaceKeyPrefixIsRecognised() {
        put("workspaces/qa/custom/terraform.tfstate.tflock", LockInfoCodec.encode(lock("workspaces/qa/custom/terraform.tfstate", "init")));
        assertThat(store.list(new LockScope(BUCKET, "workspaces/", null, "workspaces")))
                .singleElement().satisfies(s -> assertThat(s.location().workspace()).isEqualTo("qa"));
    }

    @Test
    void pagesThroughEveryListing() {
        for (int i = 0; i < 7; i++) {
            put("paged/s" + i + ".tfstate.tflock", LockInfoCodec.encode(lock("paged/s" + i + ".tfstate", "OperationTypeApply")));
            put("paged/s" + i + ".tfstate", "{}");
        }
        try (S3LockStore small = new S3LockStore(settings(sandbox).s3Client(), true, 2)) {
            assertThat(small.list(LockScope.of(BUCKET, "paged/"))).hasSize(7)
                    .allSatisfy(s -> assertThat(s.malformed()).isFalse());
        }
    }

    @Test
    void malformedBodyIsShownAsMalformed() {
        put("malformed/terraform.tfstate.tflock", "{\"ID\": \"trunc");
        assertThat(store.list(LockScope.of(BUCKET, "malformed/"))).singleElement().satisfies(s -> {
            assertThat(s.malformed()).isTrue();
            assertThat(s.error()).startsWith("not JSON");
            assertThat(s.rawBody()).isEqualTo("{\"ID\": \"trunc");
            assertThat(s.version()).isNotBlank();
        });
    }

    @Test
    void getReturnsBodyEtagAndTimeOrEmpty() {
        LockInfo info = lock("get/terraform.tfstate", "OperationTypeApply");
        put("get/terraform.tfstate.tflock", LockInfoCodec.encode(info));
        LockLocation at = new LockLocation(LockLocation.Kind.S3, BUCKET, "get/terraform.tfstate.tflock", null, null);
        StateLock got = store.get(at).orElseThrow();
        assertThat(got.info()).isEqualTo(info);
        assertThat(got.rawBody()).isEqualTo(LockInfoCodec.encode(info));
        assertThat(got.version()).isEqualTo(raw.headObject(b -> b.bucket(BUCKET).key("get/terraform.tfstate.tflock")).eTag());
        assertThat(store.get(new LockLocation(LockLocation.Kind.S3, BUCKET, "get/none.tflock", null, null))).isEmpty();
    }

    @Test
    void unchangedLocksAreNotReadAgain() {
        put("cache/a.tfstate.tflock", LockInfoCodec.encode(lock("cache/a.tfstate", "OperationTypeApply")));
        AtomicInteger gets = new AtomicInteger();
        S3Client counting = S3Client.builder()
                .endpointOverride(sandbox.endpoint()).forcePathStyle(true)
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(settings(sandbox).credentials())
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        if (context.request() instanceof GetObjectRequest) gets.incrementAndGet();
                    }
                }))
                .build();
        try (S3LockStore cached = new S3LockStore(counting, true, 1000)) {
            assertThat(cached.list(LockScope.of(BUCKET, "cache/"))).hasSize(1);
            assertThat(cached.list(LockScope.of(BUCKET, "cache/"))).hasSize(1);
            assertThat(gets).hasValue(1);
            LockInfo next = lock("cache/a.tfstate", "OperationTypePlan");
            put("cache/a.tfstate.tflock", LockInfoCodec.encode(next));
            assertThat(cached.list(LockScope.of(BUCKET, "cache/"))).singleElement()
                    .satisfies(s -> assertThat(s.info().id()).isEqualTo(next.id()));
            assertThat(gets).hasValue(2);
        }
    }

    @Test
    void missingBucketIsOneClearError() {
        assertThatThrownBy(() -> store.list(LockScope.of("no-such-bucket", "")))
                .isInstanceOfSatisfying(LockStoreException.class, e -> {
                    assertThat(e.reason()).isEqualTo(LockStoreException.Reason.NOT_FOUND);
                    assertThat(e.getMessage()).startsWith("s3://no-such-bucket/: bucket does not exist").doesNotContain("\n");
                });
    }

    @Test
    void wrongCredentialsAreOneClearError() {
        AwsSettings bad = AwsSettings.fromEnvironment(Map.of("AWS_ENDPOINT_URL", sandbox.endpoint().toString(),
                "AWS_ACCESS_KEY_ID", "nobody", "AWS_SECRET_ACCESS_KEY", "wrong", "AWS_REGION", "us-east-1"));
        try (S3LockStore s = S3LockStore.create(bad)) {
            assertThatThrownBy(() -> s.list(LockScope.of(BUCKET, "")))
                    .isInstanceOfSatisfying(LockStoreException.class, e -> {
                        assertThat(e.reason()).isIn(LockStoreException.Reason.CREDENTIALS, LockStoreException.Reason.ACCESS_DENIED);
                        assertThat(e.getMessage()).contains("403").doesNotContain("\n").doesNotContain("wrong");
                    });
        }
    }

    @Test
    void unreachableEndpointIsOneClearError() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        AwsSettings nowhere = AwsSettings.fromEnvironment(Map.of("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:" + closed,
                "AWS_ACCESS_KEY_ID", "a", "AWS_SECRET_ACCESS_KEY", "b", "AWS_REGION", "us-east-1"));
        try (S3LockStore s = S3LockStore.create(nowhere)) {
            assertThatThrownBy(() -> s.list(LockScope.of(BUCKET, "")))
                    .isInstanceOfSatisfying(LockStoreException.class, e -> {
                        assertThat(e.reason()).isEqualTo(LockStoreException.Reason.UNREACHABLE);
                        assertThat(e.getMessage()).startsWith("s3://acme-tfstate/: cannot connect").doesNotContain("\n");
                    });
        }
    }

    @Test
    void silentServerTimesOutWithOneClearError() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            S3Client impatient = S3Client.builder()
                    .endpointOverride(java.net.URI.create("http://127.0.0.1:" + silent.getLocalPort())).forcePathStyle(true)
                    .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                    .credentialsProvider(settings(sandbox).credentials())
                    .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                    .overrideConfiguration(o -> o.apiCallTimeout(java.time.Duration.ofMillis(300)))
                    .build();
            try (S3LockStore s = new S3LockStore(impatient, true, 1000)) {
                assertThatThrownBy(() -> s.list(LockScope.of(BUCKET, "")))
                        .isInstanceOfSatisfying(LockStoreException.class, e -> {
                            assertThat(e.reason()).isEqualTo(LockStoreException.Reason.TIMEOUT);
                            assertThat(e.getMessage()).isEqualTo("s3://acme-tfstate/: timed out");
                        });
            }
        }
    }

    @Test
    void badEndpointVariableIsAConfigError() {
        assertThatThrownBy(() -> AwsSettings.fromEnvironment(Map.of("AWS_ENDPOINT_URL_S3", "localhost:9000")))
                .isInstanceOfSatisfying(LockStoreException.class, e -> {
                    assertThat(e.reason()).isEqualTo(LockStoreException.Reason.CONFIG);
                    assertThat(e.getMessage()).contains("AWS_ENDPOINT_URL_S3").contains("localhost:9000");
                });
    }

    @Test
    void settingsNeverPrintSecrets() {
        assertThat(settings(sandbox).toString()).doesNotContain(sandbox.secretKey()).contains(sandbox.endpoint().toString());
    }
}
