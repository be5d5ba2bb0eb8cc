package dev.baton.sandbox;

import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubAbuseLimitHandler;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.GitHubRateLimitHandler;
import org.kohsuke.github.HttpException;
import org.kohsuke.github.connector.GitHubConnectorResponse;
import org.kohsuke.github.extras.okhttp3.OkHttpGitHubConnector;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * GitHub's limits in the sandbox, through hub4j: the secondary limits (points per minute, requests in
 * flight) answer 403/429 with retry-after once crossed, the primary one 403 with x-ratelimit-remaining 0;
 * the counters say what was asked of which repository and how many answers each limit gave.
 */
class GitHubLimitsTest {
    private static final String TOKEN = "ghp_limitstesttoken";
    private static final String REPO = "acme/sentiment-analyzer";
    private SimEngine engine;
    private GitHubServer server;
    /** "status retry-after" of each secondary-limit answer hub4j met. */
    private final List<String> secondary = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        engine = SimEngine.create();
        server = new GitHubServer(engine.state(), 0, TOKEN).start();
    }

    @AfterEach
    void stop() {
        server.stop();
        engine.close();
    }

    private GitHub hub4j() throws IOException {
        return new GitHubBuilder().withEndpoint(server.baseUrl()).withOAuthToken(TOKEN)
                .withConnector(new OkHttpGitHubConnector(new OkHttpClient()))
                .withAbuseLimitHandler(new GitHubAbuseLimitHandler() {
                    @Override
                    public void onError(GitHubConnectorResponse r) throws IOException {
                        secondary.add(r.statusCode() + " " + r.header("Retry-After"));
                        throw new HttpException("secondary rate limit", r.statusCode(), "", r.request().url().toString());
                    }
                })
                .withRateLimitHandler(GitHubRateLimitHandler.FAIL)
                .build();
    }

    @Test
    void offByDefaultABurstOfReadsIsOnlyCounted() throws IOException {
        GitHub github = hub4j();
        for (int i = 0; i < 20; i++) github.getRepository(REPO);
        SecondaryLimits.Counts c = server.secondary().counts();
        assertThat(secondary).isEmpty();
        assertThat(c.requestsByRepo()).containsEntry(REPO, 20L);
        assertThat(c.points()).isEqualTo(c.requests()).isGreaterThanOrEqualTo(20); // and hub4j's own first call
        assertThat(c.secondaryAnswers()).isZero();
    }

    @Test
    void aBurstOverThePointsPerMinuteGetsRetryAfter() throws IOException {
        server.secondary().limits(new SecondaryLimits.Limits(12, 0, 429, null));
        GitHub github = hub4j();
        // a dispatch costs 5 points, a read 1: 5 + 7 = 12 fit, the next read does not
        github.getRepository(REPO).getWorkflow("deploy-dev.yml").dispatch("main");
        int reads = 0;
        while (secondary.isEmpty() && reads < 50) {
            try {
                github.getRepository(REPO);
            } catch (HttpException e) {
                assertThat(e.getResponseCode()).isEqualTo(429);
            }
            reads++;
        }
        assertThat(secondary).hasSize(1);
        String[] answer = secondary.get(0).split(" ");
        assertThat(answer[0]).isEqualTo("429");
        assertThat(Long.parseLong(answer[1])).isBetween(1L, 60L);
        SecondaryLimits.Counts c = server.secondary().counts();
        assertThat(c.points()).isEqualTo(12);
        assertThat(c.peakPointsPerMinute()).isEqualTo(12);
        assertThat(c.secondaryAnswers()).isEqualTo(1);
        // 403 instead, as GitHub also answers
        server.secondary().limits(new SecondaryLimits.Limits(12, 0, 403, null));
        assertThatThrownBy(() -> github.getRepository(REPO)).isInstanceOf(HttpException.class);
        assertThat(secondary).last().asString().startsWith("403 ");
    }

    @Test
    void moreRequestsInFlightThanAllowedAreRefused() throws Exception {
        server.secondary().limits(new SecondaryLimits.Limits(0, 2, 403, Duration.ofSeconds(3)));
        engine.state().setFaults(FaultSettings.NONE.withLatency(Duration.ofMillis(400)));
        HttpClient http = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<Void>>> all = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            all.add(http.sendAsync(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/repos/" + REPO))
                    .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.discarding()));
        }
        int ok = 0;
        int refused = 0;
        for (CompletableFuture<HttpResponse<Void>> f : all) {
            HttpResponse<Void> r = f.get();
            if (r.statusCode() == 200) ok++;
            if (r.statusCode() == 403) {
                refused++;
                assertThat(r.headers().firstValue("Retry-After")).hasValue("3");
            }
        }
        assertThat(ok + refused).isEqualTo(6);
        assertThat(refused).isPositive();
        assertThat(server.secondary().counts().peakInFlight()).isBetween(1, 2);
        assertThat(server.secondary().counts().secondaryAnswers()).isEqualTo(refused);
    }

    @Test
    void aSpentPrimaryBudgetAnswers403WithNothingRemaining() throws Exception {
        server.budget().limit(3);
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest get = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/repos/" + REPO)).header("Authorization", "Bearer " + TOKEN).build();
        for (int i = 1; i <= 3; i++) {
            HttpResponse<String> r = http.send(get, HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("X-RateLimit-Used")).hasValue(String.valueOf(i));
            assertThat(r.headers().firstValue("X-RateLimit-Remaining")).hasValue(String.valueOf(3 - i));
        }
        HttpResponse<String> spent = http.send(get, HttpResponse.BodyHandlers.ofString());
        assertThat(spent.statusCode()).isEqualTo(403);
        assertThat(spent.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
        assertThat(spent.headers().firstValue("X-RateLimit-Limit")).hasValue("3");
        assertThat(spent.headers().firstValue("X-RateLimit-Reset")).isPresent();
        // hub4j reads it as GitHub's primary limit
        assertThatThrownBy(() -> hub4j().getRepository(REPO)).isInstanceOf(HttpException.class).hasMessageContaining("rate limit");
        assertThat(server.secondary().counts().primaryAnswers()).isGreaterThanOrEqualTo(2);
    }
}
