package dev.baton.sandbox;

import okhttp3.Cache;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kohsuke.github.GHFileNotFoundException;
import org.kohsuke.github.GHRateLimit;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.HttpException;
import org.kohsuke.github.extras.okhttp3.OkHttpGitHubConnector;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sandbox API as the real hub4j client over OkHttp with a disk cache sees it. */
class GitHubApiHub4jTest {
    private static final String TOKEN = "ghp_hub4jtesttoken";

    @TempDir
    Path cacheDir;
    private SimEngine engine;
    private GitHubServer server;
    private GitHub github;
    private Cache cache;
    private int clients;

    @BeforeEach
    void start() throws IOException {
        engine = SimEngine.create();
        server = new GitHubServer(engine.state(), 0, TOKEN).start();
        github = client(server.baseUrl(), TOKEN);
    }

    @AfterEach
    void stop() {
        server.stop();
        engine.close();
    }

    private GitHub client(String endpoint, String token) throws IOException {
        cache = new Cache(cacheDir.resolve("cache" + clients++).toFile(), 10L << 20);
        OkHttpClient ok = new OkHttpClient.Builder().cache(cache).build();
        return new GitHubBuilder().withEndpoint(endpoint).withOAuthToken(token)
                .withConnector(new OkHttpGitHubConnector(ok)).build();
    }

    private String repoName() {
        return engine.state().repo().fullName();
    }

    @Test
    void readsTheRepository() throws IOException {
        GHRepository repo = github.getRepository(repoName());
        assertThat(repo.getFullName()).isEqualTo(repoName());
        assertThat(repo.getDefaultBranch()).isEqualTo(engine.state().repo().defaultBranch());
        assertThat(repo.getHtmlUrl().toString()).startsWith(server.baseUrl() + "/");
        assertThat(repo.getOwnerName()).isEqualTo(engine.state().repo().owner());
        assertThat(repo.getId()).isEqualTo(engine.state().repo().id());
    }

    @Test
    void unchangedPollsComeBack304AndCostNothing() throws IOException {
        int before = github.getRateLimit().getCore().getRemaining();
        for (int i = 0; i < 3; i++) github.getRepository(repoName());
        int after = github.getRateLimit().getCore().getRemaining();
        assertThat(before - after).as("only the first of three identical polls costs").isEqualTo(1);
        assertThat(cache.hitCount()).as("revalidated from the disk cache").isGreaterThanOrEqualTo(2);

        GHRateLimit.Record core = github.getRateLimit().getCore();
        assertThat(core.getLimit()).isEqualTo(5000);
        assertThat(core.getResetEpochSeconds()).isGreaterThan(System.currentTimeMillis() / 1000);
    }

    @Test
    void wrongTokenIs401AndUnknownRepoIs404() throws IOException {
        GitHub wrong = client(server.baseUrl(), "nope");
        assertThatThrownBy(() -> wrong.getRepository(repoName()))
                .isInstanceOfSatisfying(HttpException.class, e -> assertThat(e.getResponseCode()).isEqualTo(401));
        assertThatThrownBy(() -> github.getRepository("someone/else")).isInstanceOf(GHFileNotFoundException.class);
    }

    @Test
    void enterpriseLayoutWorksThroughHub4j() throws IOException {
        GitHub ghes = client(server.enterpriseUrl(), TOKEN);
        GHRepository repo = ghes.getRepository(repoName());
        assertThat(repo.getUrl().toString()).startsWith(server.enterpriseUrl() + "/repos/");
    }
}
