package dev.baton.sandbox;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sandbox S3 must enforce the conditional requests Terraform's locks and baton's release rely on. */
class S3SandboxTest {
    private static S3Sandbox sandbox;
    private static S3Client s3;

    @BeforeAll
    static void start() {
        sandbox = S3Sandbox.start();
        sandbox.createBucket("state");
        s3 = sandbox.newClient();
    }

    @AfterAll
    static void stop() {
        if (s3 != null) s3.close();
        if (sandbox != null) sandbox.close();
    }

    @Test
    void listensOnLoopbackWithFixedCredentials() {
        assertThat(sandbox.endpoint().getHost()).isEqualTo("127.0.0.1");
        assertThat(sandbox.port()).isPositive();
        assertThat(sandbox.accessKey()).isEqualTo(S3Sandbox.ACCESS_KEY);
        assertThat(sandbox.region()).isEqualTo("us-east-1");
        sandbox.createBucket("state"); // idempotent
        assertThat(s3.listBuckets().buckets()).anyMatch(b -> b.name().equals("state"));
    }

    @Test
    void conditionalPutLetsExactlyOneCreatorWin() {
        String key = "put/terraform.tfstate.tflock";
        s3.putObject(b -> b.bucket("state").key(key).ifNoneMatch("*").contentType("application/json"),
                RequestBody.fromString("{\"ID\":\"first\"}"));
        assertThatThrownBy(() -> s3.putObject(b -> b.bucket("state").key(key).ifNoneMatch("*"),
                RequestBody.fromString("{\"ID\":\"second\"}")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
        String body = s3.getObjectAsBytes(b -> b.bucket("state").key(key)).asString(StandardCharsets.UTF_8);
        assertThat(body).contains("first");
    }

    @Test
    void conditionalDeleteHonoursIfMatch() {
        String key = "delete/terraform.tfstate.tflock";
        String etag = s3.putObject(b -> b.bucket("state").key(key), RequestBody.fromString("{\"ID\":\"a\"}")).eTag();
        assertThatThrownBy(() -> s3.deleteObject(b -> b.bucket("state").key(key).ifMatch("\"0123456789abcdef0123456789abcdef\"")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
        assertThat(s3.headObject(b -> b.bucket("state").key(key)).eTag()).isEqualTo(etag);

        s3.deleteObject(b -> b.bucket("state").key(key).ifMatch(etag));
        assertThatThrownBy(() -> s3.headObject(b -> b.bucket("state").key(key))).isInstanceOf(NoSuchKeyException.class);
    }

    /** Regression: with aws-chunked uploads, s3proxy broke kept-alive connections and retried PUTs met a false 412. */
    @Test
    void acquireReleaseCyclesNeverMeetAFalsePreconditionFailure() {
        String key = "cycle/terraform.tfstate.tflock";
        for (int i = 0; i < 60; i++) {
            String body = "{\"ID\":\"" + i + "\"}";
            String etag = s3.putObject(b -> b.bucket("state").key(key).ifNoneMatch("*"), RequestBody.fromString(body)).eTag();
            assertThat(s3.getObjectAsBytes(b -> b.bucket("state").key(key)).asUtf8String()).isEqualTo(body);
            s3.deleteObject(b -> b.bucket("state").key(key).ifMatch(etag));
        }
    }

    /**
     * s3proxy alone checks If-Match, then deletes: an overwrite in between was deleted with it. The
     * sandbox must make the conditional delete atomic like S3: a delete conditioned on A's ETag racing
     * an overwrite with B must never leave the key empty.
     */
    @Test
    void conditionalDeleteRacingAnOverwriteNeverDeletesTheNewObject() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            int lost = 0;
            for (int round = 0; round < 150; round++) {
                String key = "overwrite/" + round + ".tflock";
                String etagA = s3.putObject(b -> b.bucket("state").key(key), RequestBody.fromString("{\"ID\":\"A\"}")).eTag();
                java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
                var delete = pool.submit(() -> {
                    go.await();
                    try {
                        s3.deleteObject(b -> b.bucket("state").key(key).ifMatch(etagA));
                    } catch (S3Exception e) {
                        if (e.statusCode() != 412 && e.statusCode() != 409) throw e;
                    }
                    return null;
                });
                var overwrite = pool.submit(() -> {
                    go.await();
                    return s3.putObject(b -> b.bucket("state").key(key), RequestBody.fromString("{\"ID\":\"B\"}"));
                });
                go.countDown();
                delete.get(30, java.util.concurrent.TimeUnit.SECONDS);
                overwrite.get(30, java.util.concurrent.TimeUnit.SECONDS);
                try {
                    s3.headObject(b -> b.bucket("state").key(key));
                } catch (NoSuchKeyException e) {
                    lost++;
                }
            }
            assertThat(lost).as("rounds where the delete conditioned on A's ETag removed B").isZero();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void givenPortIsUsed() throws Exception {
        int port;
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (S3Sandbox other = S3Sandbox.start(port)) {
            assertThat(other.endpoint().toString()).isEqualTo("http://127.0.0.1:" + port);
            other.createBucket("other");
            try (S3Client c = other.newClient()) {
                assertThat(c.listBuckets().buckets()).extracting(b -> b.name()).containsExactly("other");
            }
        }
    }
}
