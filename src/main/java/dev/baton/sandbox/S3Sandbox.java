package dev.baton.sandbox;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.locks.ReentrantLock;

/**
 * S3 on loopback: s3proxy in-process with an in-memory ("transient") blob store and fixed sandbox
 * credentials. s3proxy >= 4.1 honours If-None-Match on PutObject and If-Match on DeleteObject, but
 * checks the condition and then writes in two steps; S3 does both atomically. The sandbox makes them
 * atomic by serializing writes per key, so Terraform's lock protocol and baton's safe release behave
 * as on AWS even under races.
 */
public final class S3Sandbox implements AutoCloseable {
    public static final String ACCESS_KEY = "baton-sandbox";
    public static final String SECRET_KEY = "baton-sandbox-secret";
    public static final String REGION = "us-east-1";

    static {
        // s3proxy and its relocated Jetty log at INFO; a full-screen app must not see that on the
        // terminal. slf4j-simple reads these per logger when it is created, so set them before
        // S3Proxy (and its static loggers) load. An explicit setting by the user wins.
        quiet("org.gaul");
    }

    private static void quiet(String loggerPrefix) {
        String key = "org.slf4j.simpleLogger.log." + loggerPrefix;
        if (System.getProperty(key) == null) System.setProperty(key, "off");
    }

    private final S3Proxy proxy;
    private final URI endpoint;

    private S3Sandbox(S3Proxy proxy, URI endpoint) {
        this.proxy = proxy;
        this.endpoint = endpoint;
    }

    /** Starts on an ephemeral port. */
    public static S3Sandbox start() {
        return start(0);
    }

    /** Starts on the given port (0 = ephemeral). Fails with IllegalStateException if it cannot. */
    public static S3Sandbox start(int port) {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535, got " + port);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(new TransientNio2BlobStore())
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .stopTimeout(0)
                .build();
        serializeWritesPerKey(proxy);
        try {
            proxy.start();
            // start() returns before Jetty is fully up on some paths; wait for the STARTED state.
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!"STARTED".equals(proxy.getState())) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("s3proxy did not start");
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopQuietly(proxy);
            throw new IllegalStateException("interrupted while starting s3proxy", e);
        } catch (IllegalStateException e) {
            stopQuietly(proxy);
            throw e;
        } catch (Exception e) {
            stopQuietly(proxy);
            throw new IllegalStateException("cannot start s3proxy on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
        return new S3Sandbox(proxy, URI.create("http://127.0.0.1:" + proxy.getPort()));
    }

    /**
     * s3proxy checks a conditional write's precondition (HEAD) and then writes or deletes, so a write
     * by another request in between slips through: two If-None-Match creates could both win, and a
     * delete If-Match could remove a lock created after the check. A servlet filter holding a per-key
     * lock around each PUT/DELETE/POST closes that window. s3proxy offers no hook for it, hence the
     * reflection on its (pinned) 4.1 internals; failing loudly beats a sandbox whose locks lie.
     */
    private static void serializeWritesPerKey(S3Proxy proxy) {
        try {
            Field field = S3Proxy.class.getDeclaredField("server");
            field.setAccessible(true);
            var server = (org.gaul.shaded.org.eclipse.jetty.server.Server) field.get(proxy);
            var context = server.getDescendant(org.gaul.shaded.org.eclipse.jetty.ee10.servlet.ServletContextHandler.class);
            if (context == null) throw new IllegalStateException("no servlet context in s3proxy");
            context.addFilter(new WritesPerKey(), "/*", EnumSet.of(DispatcherType.REQUEST));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot make s3proxy's conditional writes atomic: " + e, e);
        }
    }

    /** Serializes writes to one key (path-style "/bucket/key"); reads are not held up. */
    static final class WritesPerKey implements Filter {
        private final ReentrantLock[] stripes = new ReentrantLock[64];

        WritesPerKey() {
            for (int i = 0; i < stripes.length; i++) stripes[i] = new ReentrantLock();
        }

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
            if (!(request instanceof HttpServletRequest http) || !isWrite(http.getMethod())) {
                chain.doFilter(request, response);
                return;
            }
            ReentrantLock lock = stripes[Math.floorMod(http.getRequestURI().hashCode(), stripes.length)];
            lock.lock();
            try {
                chain.doFilter(request, response);
            } finally {
                lock.unlock();
            }
        }

        private static boolean isWrite(String method) {
            return "PUT".equals(method) || "DELETE".equals(method) || "POST".equals(method);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    public int port() {
        return endpoint.getPort();
    }

    public String accessKey() {
        return ACCESS_KEY;
    }

    public String secretKey() {
        return SECRET_KEY;
    }

    public String region() {
        return REGION;
    }

    /**
     * A new AWS SDK v2 client for this sandbox (path-style, url-connection-client). Caller closes it.
     * Chunked (aws-chunked) uploads are off: over plain http the SDK would sign each chunk, and after
     * such a PUT s3proxy leaves the kept-alive connection unusable, so the next PUT fails mid-body and
     * the SDK's retry of a conditional PUT then meets its own first write (a false 412).
     */
    public S3Client newClient() {
        return S3Client.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(30))
                        .build())
                .endpointOverride(endpoint)
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).chunkedEncodingEnabled(false).build())
                .build();
    }

    /** Creates a bucket (idempotent: an existing bucket of ours is fine). */
    public void createBucket(String name) {
        try (S3Client s3 = newClient()) {
            try {
                s3.createBucket(b -> b.bucket(name));
            } catch (software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException e) {
                // already there
            }
        }
    }

    @Override
    public void close() {
        stopQuietly(proxy);
    }

    private static void stopQuietly(S3Proxy proxy) {
        try {
            proxy.stop();
        } catch (Exception e) {
            // stopping a server that failed to start: nothing left to do
        }
    }
}
