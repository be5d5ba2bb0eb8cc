package dev.baton.testkit;

import dev.baton.github.GitHubClient;
import dev.baton.github.GitHubSettings;
import dev.baton.model.RepoRef;
import dev.baton.sandbox.GitHubServer;
import dev.baton.sandbox.SimEngine;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A fresh sandbox engine and its GitHub server on loopback for each test (a {@code @RegisterExtension} field), and
 * baton's GitHub clients to it: real hub4j and OkHttp over HTTP.
 */
public final class GitHubPerTest implements BeforeEachCallback, AfterEachCallback {
    private final GitHubServer.Options options;
    private SimEngine engine;
    private GitHubServer server;

    public GitHubPerTest(GitHubServer.Options options) {
        this.options = options;
    }

    public SimEngine engine() {
        return engine;
    }

    public GitHubServer server() {
        return server;
    }

    /** A client of the sandbox's default repository with this token, its disk cache in cacheDir. */
    public GitHubClient client(String token, Path cacheDir) {
        return new GitHubClient(new GitHubSettings(server.baseUrl(), token, RepoRef.parse(engine.state().repo().fullName()), cacheDir,
                Duration.ofSeconds(5)));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        engine = SimEngine.create();
        server = new GitHubServer(engine.state(), options).start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        server.close();
        engine.close();
    }
}
