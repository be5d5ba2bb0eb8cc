package dev.baton.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.baton.model.Job;
import dev.baton.model.RepoRef;
import dev.baton.model.Run;
import dev.baton.model.RunStatus;
import dev.baton.sandbox.EngineOptions;
import dev.baton.sandbox.GitHubServer;
import dev.baton.sandbox.SimEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * baton's GitHub client takes what real GitHub sends beyond what its description promises (issue 15):
 * fields it does not know (ignored), null in every field the description marks nullable, the
 * "status" of error bodies as a string, and bot e-mail addresses such as
 * 49699333+dependabot[bot]@users.noreply.github.com. A proxy in front of the sandbox rewrites each of
 * its answers that way; the client must read runs, jobs and groups from it without an error.
 */
class GitHubClientLeniencyTest {
    private static final String TOKEN = "ghp_LeniencyTestToken0123456789abcdefg";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path cacheDir;
    private SimEngine engine;
    private GitHubServer sandbox;
    private HttpServer proxy;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final Set<String> nulled = new TreeSet<>();

    @BeforeEach
    void start() throws IOException {
        engine = SimEngine.create(EngineOptions.manual());
        sandbox = new GitHubServer(engine.state(), GitHubServer.Options.defaults(TOKEN)).start();
        proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        proxy.createContext("/", this::forward);
        proxy.start();
    }

    @AfterEach
    void stop() {
        proxy.stop(0);
        sandbox.close();
        engine.close();
    }

    @Test
    void readsRunsJobsAndGroupsWithUnknownFieldsNullsAndBotAddresses() {
        engine.dependabotMerge("Bump boto3 from 1.35.0 to 1.35.10");
        engine.state().dispatch("deploy-dev.yml", "main", Map.of(), "sandbox-user");
        engine.advance(Duration.ofSeconds(5));
        GitHubClient client = new GitHubClient(new GitHubSettings("http://127.0.0.1:" + proxy.getAddress().getPort(), TOKEN,
                RepoRef.parse(engine.state().repo().fullName()), cacheDir, Duration.ofSeconds(5)));

        List<Run> runs = client.recentRuns(20);
        assertThat(runs).hasSize(2);
        // "status" and "conclusion" are nullable in the description: read as unknown, not an error
        assertThat(runs).allSatisfy(r -> {
            assertThat(r.id()).isPositive();
            assertThat(r.status()).isEqualTo(RunStatus.UNKNOWN);
            assertThat(r.headBranch()).isNull();
        });
        Run one = client.run(runs.get(0).id());
        assertThat(one.id()).isEqualTo(runs.get(0).id());
        List<Job> jobs = new ArrayList<>();
        for (Run r : runs) jobs.addAll(client.jobs(r.id()));
        assertThat(jobs).isNotEmpty().allSatisfy(j -> assertThat(j.completedAt()).isNull());
        assertThat(client.activeGroupNames()).hasValueSatisfying(names -> assertThat(names).isNotEmpty());
        for (String name : client.activeGroupNames().orElseThrow()) {
            assertThat(client.group(name)).isPresent();
        }
        assertThat(client.dispatchedRuns("deploy-dev.yml", Instant.EPOCH)).hasSize(1);

        // error bodies carry "status" as a string, as GitHub's do
        assertThatThrownBy(() -> client.run(999_999)).isInstanceOf(GitHubException.class).hasMessageContaining("999999");
        assertThat(nulled).contains("workflow-run.status", "workflow-run.conclusion", "workflow-run.head_branch",
                "workflow-run.pull_requests", "job.completed_at", "job.runner_name", "member.run_html_url");
        assertThat(stringStatuses).as("error bodies with \"status\": \"404\"").isPositive();
        assertThat(botAddressesSeen).as("the Dependabot commit's author address went through").isPositive();
    }

    private volatile int botAddressesSeen;
    private volatile int stringStatuses;

    // ---------------------------------------------------------------- the rewriting proxy

    private void forward(HttpExchange ex) throws IOException {
        try (ex) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + ex.getRequestURI()))
                    .method(ex.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(ex.getRequestBody().readAllBytes()));
            for (String h : List.of("Authorization", "Accept", "If-None-Match", "Content-Type")) {
                String v = ex.getRequestHeaders().getFirst(h);
                if (v != null) b.header(h, v);
            }
            HttpResponse<byte[]> r;
            try {
                r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            byte[] body = r.body();
            String type = r.headers().firstValue("Content-Type").orElse("");
            if (type.startsWith("application/json") && body.length > 0) {
                JsonNode n = JSON.readTree(body);
                if (r.statusCode() >= 400) {
                    if (n.path("status").isTextual()) stringStatuses++;
                } else {
                    rewrite(n);
                }
                body = JSON.writeValueAsBytes(n);
            }
            r.headers().map().forEach((k, v) -> {
                if (!k.equalsIgnoreCase("content-length") && !k.equalsIgnoreCase("transfer-encoding")) {
                    ex.getResponseHeaders().put(k, v);
                }
            });
            boolean empty = body.length == 0 || r.statusCode() == 304 || r.statusCode() == 204;
            ex.sendResponseHeaders(r.statusCode(), empty ? -1 : body.length);
            if (!empty) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    /** Adds an unknown field to every object; nulls the nullable fields of runs, jobs and group members. */
    private void rewrite(JsonNode n) {
        if (n instanceof ArrayNode a) {
            a.forEach(this::rewrite);
            return;
        }
        if (!(n instanceof ObjectNode o)) return;
        List<JsonNode> children = new ArrayList<>();
        o.elements().forEachRemaining(children::add);
        children.forEach(this::rewrite);
        if (o.has("workflow_id") && o.has("run_number")) {
            nullAll(o, "workflow-run", "name", "head_branch", "referenced_workflows", "status", "conclusion",
                    "pull_requests", "previous_attempt_url");
            String email = o.path("head_commit").path("author").path("email").asText("");
            if (email.matches("\\d+\\+dependabot\\[bot]@users\\.noreply\\.github\\.com")) botAddressesSeen++;
        } else if (o.has("run_id") && o.has("steps")) {
            nullAll(o, "job", "html_url", "conclusion", "completed_at", "runner_id", "runner_name", "runner_group_id",
                    "runner_group_name", "workflow_name", "head_branch");
        } else if (o.has("run_html_url")) {
            nullAll(o, "member", "run_url", "run_html_url", "job_url", "job_html_url");
        }
        ObjectNode future = o.putObject("field_from_the_future");
        future.putArray("values").add(1).addNull().add("x");
        future.put("enabled", true);
    }

    private void nullAll(ObjectNode o, String kind, String... fields) {
        for (String f : fields) {
            if (o.has(f)) {
                o.putNull(f);
                nulled.add(kind + "." + f);
            }
        }
    }

}
