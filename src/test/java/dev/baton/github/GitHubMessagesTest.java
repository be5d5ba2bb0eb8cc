package dev.baton.github;

import com.sun.net.httpserver.HttpServer;
import dev.baton.model.RepoRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Issue 12 section 1: messages say what happened in the operator's words. The real client against a
 * loopback server that answers as GitHub does when it throttles, or with a body that is not JSON.
 */
class GitHubMessagesTest {
    @TempDir
    Path tmp;
    HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) server.stop(0);
    }

    private GitHubClient answering(int status, String body, String... headers) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
        server.createContext("/", ex -> {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            for (int i = 0; i + 1 < headers.length; i += 2) ex.getResponseHeaders().add(headers[i], headers[i + 1]);
            ex.sendResponseHeaders(status, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
        // the scheduler holds GitHub for the minute a secondary limit asks, then sends the read once more: on a manual
        // clock its sleeper moves, so that minute is measured, not spent
        dev.baton.testkit.ManualClock clock = new dev.baton.testkit.ManualClock();
        return new GitHubClient(new GitHubSettings("http://127.0.0.1:" + server.getAddress().getPort(), "t",
                RepoRef.parse("acme/deploy"), tmp.resolve("cache"), Duration.ofSeconds(5)), d -> { }, new RequestScheduler("test", clock, clock::advance));
    }

    @Test
    void aSecondaryRateLimitIsNotAMissingPermission() throws Exception {
        GitHubClient c = answering(403, "{\"message\":\"You have exceeded a secondary rate limit. Please wait a few minutes before you try again.\"}");
        GitHubException e = catchThrowableOfType(GitHubException.class, () -> c.recentRuns(5));
        assertThat(e.getMessage()).contains("secondary rate limit").contains("slow down").doesNotContain("lacks a permission");
        assertThat(e.retryAfterSeconds()).isGreaterThanOrEqualTo(60);
    }

    @Test
    void aSecondaryLimitSaysTheWaitGitHubAskedFor() throws Exception {
        GitHubClient c = answering(429, "{\"message\":\"You have exceeded a secondary rate limit.\"}", "Retry-After", "30");
        GitHubException e = catchThrowableOfType(GitHubException.class, () -> c.recentRuns(5));
        assertThat(e.getMessage()).as("the scheduler holds for 30 s: the words say the same").contains("(retry after 30 s)");
    }

    @Test
    void aSecondaryRateLimitThroughHub4jIsNotAMissingPermissionEither() throws Exception {
        // with Retry-After, hub4j's abuse-limit handler replaces GitHub's body with its own "Abuse limit reached"
        GitHubClient c = answering(403, "{\"message\":\"You have exceeded a secondary rate limit. Please wait a few minutes before you try again.\"}", "Retry-After", "7");
        GitHubException e = catchThrowableOfType(GitHubException.class, () -> c.files(".github/workflows", ".yml"));
        assertThat(e.getMessage()).contains("secondary rate limit").doesNotContain("lacks a permission");
        assertThat(e.rateLimited()).isTrue();
        assertThat(e.authProblem()).isFalse();
    }

    @Test
    void aBodyThatIsNotJsonIsSaidSo() throws Exception {
        GitHubClient c = answering(200, "<html>proxy login</html>");
        // the raw calls (runs) and the ones through hub4j (the workflow files) say it the same way
        for (org.assertj.core.api.ThrowableAssert.ThrowingCallable call : java.util.List.<org.assertj.core.api.ThrowableAssert.ThrowingCallable>of(
                () -> c.recentRuns(5), () -> c.files(".github/workflows", ".yml"))) {
            GitHubException e = catchThrowableOfType(GitHubException.class, call);
            assertThat(e.getMessage()).contains("malformed JSON from GitHub").doesNotContain("message: 'null'").doesNotContain("HTTP response code");
        }
    }
}
