package dev.baton.testkit;

import dev.baton.sandbox.S3Sandbox;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One s3proxy for a whole test class (its start is the slow part) and one client to it: a static
 * {@code @RegisterExtension} field; each test empties what it uses.
 */
public final class S3PerClass implements BeforeAllCallback, AfterAllCallback {
    private S3Sandbox sandbox;
    private S3Client client;

    public S3Client client() {
        return client;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        sandbox = S3Sandbox.start();
        client = sandbox.newClient();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        client.close();
        sandbox.close();
    }
}
