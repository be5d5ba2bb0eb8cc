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
        for (int i = 0; i < 100; i++) {
            String body = "{\"ID\":\"" + i + "\"}";
            String etag = s3.putObject(b -> b.bucket("state").key(key).ifNoneMatch("*"), RequestBody.fromString(body)).eTag();
            assertThat(s3.getObjectAsBytes(b -> b.bucket("state").key(key)).asUtf8String()).isEqualTo(body);
            s3.deleteObject(b -> b.bucket("state").key(key).ifMatch(etag));
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
