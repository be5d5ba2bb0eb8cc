package dev.baton.github;

import org.junit.jupiter.api.Test;
import org.kohsuke.github.connector.GitHubConnector;
import org.kohsuke.github.connector.GitHubConnectorRequest;
import org.kohsuke.github.connector.GitHubConnectorResponse;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The connector in front of OkHttp, with a fake behind it (the port to the wire): holds, retries, refusals. */
class ScheduledConnectorTest {
    final dev.baton.testkit.ManualClock clock = new dev.baton.testkit.ManualClock();
    final RequestScheduler scheduler = new RequestScheduler("api.test", clock, clock::advance);
    /** The answers the wire gives, in order; each reports to the scheduler as the network interceptor does. */
    final Deque<Integer> answers = new ArrayDeque<>();
    int sent;

    final GitHubConnector wire = request -> {
        sent++;
        int code = answers.isEmpty() ? 200 : answers.removeFirst();
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (code == 429) headers.put("Retry-After", List.of("20"));
        scheduler.observe(code, name -> headers.containsKey(name) ? headers.get(name).get(0) : null, null);
        return new GitHubConnectorResponse.ByteArrayResponse(request, code, headers) {
            @Override
            protected InputStream rawBodyStream() {
                return new ByteArrayInputStream("{}".getBytes());
            }
        };
    };
    final ScheduledConnector connector = new ScheduledConnector(wire, scheduler);

    GitHubConnectorRequest request(String method) throws Exception {
        return RawRequest.of(method, new URL("http://127.0.0.1/repos/o/r/actions/runs"), null, method.equals("GET") ? null : new byte[0]);
    }

    @Test
    void theOperatorsGetIsSentAgainOnceTheHoldIsOver() throws Exception {
        answers.add(429);
        Instant t0 = clock.instant();
        try (GitHubConnectorResponse r = connector.send(request("GET"))) {
            assertThat(r.statusCode()).isEqualTo(200);
        }
        assertThat(sent).isEqualTo(2);
        assertThat(Duration.between(t0, clock.instant())).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void aPollGetsTheLimitAnswerAndTheNextPollIsRefusedWithTheTime() throws Exception {
        answers.add(429);
        Instant t0 = clock.instant();
        RequestScheduler.polling(() -> {
            try (GitHubConnectorResponse r = connector.send(request("GET"))) {
                assertThat(r.statusCode()).isEqualTo(429);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            assertThatThrownBy(() -> connector.send(request("GET"))).isInstanceOfSatisfying(ScheduledConnector.RateLimitedException.class,
                    e -> assertThat(e.until).isEqualTo(t0.plusSeconds(20)));
            return null;
        });
        assertThat(sent).as("the refused poll never reached the wire").isEqualTo(1);
        assertThat(clock.instant()).as("no poll waited").isEqualTo(t0);
        GitHubException e = GitHubErrors.limited("list runs", new java.io.IOException(new ScheduledConnector.RateLimitedException(t0.plusSeconds(20), 20)));
        assertThat(e.getMessage()).isEqualTo("list runs: rate limited until 14:00:20 UTC");
        assertThat(e.rateLimited()).isTrue();
    }

    @Test
    void aChangeIsNeverSentTwice() throws Exception {
        answers.add(429);
        try (GitHubConnectorResponse r = connector.send(request("POST"))) {
            assertThat(r.statusCode()).isEqualTo(429);
        }
        assertThat(sent).isEqualTo(1);
    }
}
