package dev.baton.lock;

import dev.baton.sandbox.S3Sandbox;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.baton.lock.ProbeReport.Support.HONOURED;
import static dev.baton.lock.ProbeReport.Support.IGNORED;
import static dev.baton.lock.ProbeReport.Support.NOT_IMPLEMENTED;
import static dev.baton.lock.ProbeReport.Support.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The backend probe, and the safe release on stores that mishandle conditions: an HTTP proxy in
 * front of s3proxy strips the headers (silently ignored), answers 501, or denies everything.
 */
class BackendProbeS3Test {
    private static final String BUCKET = "probe-bucket";
    private static S3Sandbox sandbox;
    private static S3LockStore honest;
    /** s3proxy without authentication: the proxy changes signed headers, which would break a signature. */
    private static S3Proxy anonymous;
    private static FaultyS3Proxy faulty;
    private static S3LockStore throughProxy;
    private static S3Client rawThroughProxy;

    @BeforeAll
    static void start() throws Exception {
        sandbox = S3Sandbox.start();
        sandbox.createBucket(BUCKET);
        honest = S3LockStore.create(S3LockStoreTest.settings(sandbox));

        anonymous = S3Proxy.builder().blobStore(new TransientNio2BlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.NONE, "", "").stopTimeout(0).build();
        anonymous.start();
        while (!"STARTED".equals(anonymous.getState())) Thread.sleep(5);
        faulty = new FaultyS3Proxy(URI.create("http://127.0.0.1:" + anonymous.getPort()), FaultyS3Proxy.Mode.PASS);
        AwsSettings viaProxy = AwsSettings.fromEnvironment(Map.of("AWS_ENDPOINT_URL_S3", faulty.endpoint().toString(),
                "AWS_ACCESS_KEY_ID", "any", "AWS_SECRET_ACCESS_KEY", "any", "AWS_REGION", "us-east-1"));
        rawThroughProxy = viaProxy.s3Client();
        rawThroughProxy.createBucket(b -> b.bucket(BUCKET));
        throughProxy = S3LockStore.create(viaProxy);
    }

    @AfterEach
    void honestAgain() {
        faulty.mode(FaultyS3Proxy.Mode.PASS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (throughProxy != null) throughProxy.close();
        if (rawThroughProxy != null) rawThroughProxy.close();
        if (faulty != null) faulty.close();
        if (anonymous != null) anonymous.stop();
        if (honest != null) honest.close();
        if (sandbox != null) sandbox.close();
    }

    private static List<String> keys(S3Client s3, String prefix) {
        return s3.listObjectsV2(b -> b.bucket(BUCKET).prefix(prefix)).contents().stream().map(S3Object::key).toList();
    }

    @Test
    void anHonestStoreIsSafeAndTheScratchKeyIsGone() {
        ProbeReport report = new BackendProbe(honest).probe(new LockScope(BUCKET, "prod/", "prod", null));
        assertThat(report.exclusiveCreate()).as("%s", report.notes()).isEqualTo(HONOURED);
        assertThat(report.conditionalDelete()).as("%s", report.notes()).isEqualTo(HONOURED);
        assertThat(report.safe()).isTrue();
        assertThat(report.notes()).isEmpty();
        assertThat(report.scratch().key()).startsWith("prod/.baton-probe-").endsWith(".tflock");
        try (S3Client s3 = sandbox.newClient()) {
            assertThat(keys(s3, "prod/")).isEmpty();
        }
    }

    @Test
    void theProxyItselfIsTransparent() {
        assertThat(new BackendProbe(throughProxy).probe(LockScope.of(BUCKET, "pass/")).safe()).isTrue();
    }

    @Test
    void aStoreThatIgnoresConditionalHeadersIsDetected() {
        faulty.mode(FaultyS3Proxy.Mode.STRIP_CONDITIONS);
        ProbeReport report = new BackendProbe(throughProxy).probe(LockScope.of(BUCKET, "strip/"));
        assertThat(report.exclusiveCreate()).isEqualTo(IGNORED);
        assertThat(report.conditionalDelete()).isEqualTo(IGNORED);
        assertThat(report.safe()).isFalse();
        assertThat(report.summary()).contains("IGNORED").contains("cannot be trusted");
        assertThat(report.notes()).anyMatch(n -> n.contains("If-None-Match is ignored")).anyMatch(n -> n.contains("If-Match is ignored"));
        assertThat(keys(rawThroughProxy, "strip/")).isEmpty();
    }

    @Test
    void aStoreAnswering501ToConditionalDeletesIsDetected() {
        faulty.mode(FaultyS3Proxy.Mode.NOT_IMPLEMENTED_CONDITIONAL_DELETE);
        ProbeReport report = new BackendProbe(throughProxy).probe(LockScope.of(BUCKET, "501/"));
        assertThat(report.exclusiveCreate()).isEqualTo(HONOURED);
        assertThat(report.conditionalDelete()).isEqualTo(NOT_IMPLEMENTED);
        assertThat(report.conditionalDeleteProblem()).contains("501");
        assertThat(keys(rawThroughProxy, "501/")).as("scratch removed without a condition").isEmpty();
    }

    @Test
    void aStoreThatDeniesEverythingIsUnknownWithAReason() {
        faulty.mode(FaultyS3Proxy.Mode.FORBIDDEN);
        ProbeReport report = new BackendProbe(throughProxy).probe(LockScope.of(BUCKET, "denied/"));
        assertThat(report.exclusiveCreate()).isEqualTo(UNKNOWN);
        assertThat(report.conditionalDelete()).isEqualTo(UNKNOWN);
        assertThat(report.notes()).anyMatch(n -> n.contains("access denied (403 AccessDenied"));
    }

    @Test
    void releaseOnAStoreThatIgnoresIfMatchNeedsForce() {
        ProbeReport probe;
        faulty.mode(FaultyS3Proxy.Mode.STRIP_CONDITIONS);
        probe = new BackendProbe(throughProxy).probe(LockScope.of(BUCKET, "unsafe/"));
        var where = new dev.baton.model.LockLocation(dev.baton.model.LockLocation.Kind.S3, BUCKET, "unsafe/terraform.tfstate.tflock", null, null);
        var info = LockInfoCodec.newLock("OperationTypeApply", "", "ci@runner", "1.11.4", BUCKET + "/unsafe/terraform.tfstate", Instant.now());
        assertThat(throughProxy.createIfAbsent(where, LockInfoCodec.encode(info))).isPresent();

        ReleaseResult refused = new SafeRelease(throughProxy, probe).release(where, info.id(), false);
        assertThat(refused).isInstanceOf(ReleaseResult.UnsafeStore.class);
        assertThat(refused.message()).contains("ignores conditional deletes").contains("nothing was deleted");
        assertThat(throughProxy.get(where)).isPresent();

        ReleaseResult forced = new SafeRelease(throughProxy, probe).release(where, info.id(), true);
        assertThat(forced).isInstanceOfSatisfying(ReleaseResult.Released.class, r -> assertThat(r.conditional()).isFalse());
        assertThat(forced.message()).contains("WITHOUT a condition");
        assertThat(throughProxy.get(where)).isEmpty();
    }

    @Test
    void releaseOnAStoreAnswering501NeedsForceEvenWithoutAProbe() {
        var where = new dev.baton.model.LockLocation(dev.baton.model.LockLocation.Kind.S3, BUCKET, "no-if-match/terraform.tfstate.tflock", null, null);
        var info = LockInfoCodec.newLock("OperationTypeApply", "", "ci@runner", "1.11.4", "x", Instant.now());
        assertThat(throughProxy.createIfAbsent(where, LockInfoCodec.encode(info))).isPresent();
        faulty.mode(FaultyS3Proxy.Mode.NOT_IMPLEMENTED_CONDITIONAL_DELETE);

        ReleaseResult refused = new SafeRelease(throughProxy).release(where, info.id(), false);
        assertThat(refused).isInstanceOf(ReleaseResult.UnsafeStore.class);
        assertThat(refused.message()).contains("501");
        assertThat(throughProxy.get(where)).isPresent();

        ReleaseResult forced = new SafeRelease(throughProxy).release(where, info.id(), true);
        assertThat(forced).isInstanceOfSatisfying(ReleaseResult.Released.class, r -> assertThat(r.conditional()).isFalse());
        assertThat(throughProxy.get(where)).isEmpty();
    }
}
