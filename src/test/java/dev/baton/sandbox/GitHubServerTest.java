package dev.baton.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The conventions every endpoint shares, over raw HTTP: auth, ETag/304, rate limit, paging, faults, prefix. */
class GitHubServerTest {
    private static final String TOKEN = "ghp_sandboxtesttoken";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AtomicReference<FaultSettings> faults = new AtomicReference<>(FaultSettings.NONE);
    private final List<Integer> items = IntStream.rangeClosed(1, 75).boxed().toList();
    private GitHubServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private String value = "one";

    @BeforeEach
    void start() {
        server = new GitHubServer(GitHubServer.Options.defaults(TOKEN).withRateLimit(10), faults::get, s -> {
            s.api().get("/thing", req -> ApiResponse.ok(Map.of("value", value, "url", req.apiBase() + "/thing")));
            s.api().get("/items", req -> {
                Paging.Page<Integer> page = Paging.pages(items, req);
                return page.linked(ApiResponse.ok(Map.of("total_count", page.totalCount(), "items", page.items())));
            });
            s.api().get("/groups", req -> {
                Paging.Page<Integer> page = Paging.cursor(items, i -> String.format("%03d", i), req);
                return page.linked(ApiResponse.ok(Map.of("items", page.items())));
            });
            s.api().post("/things", req -> ApiResponse.noContent());
            s.api().get("/fail", req -> {
                throw ApiException.unprocessable("Unexpected inputs provided: [\"x\"]");
            });
            s.blobs().get("/files/{name}", req -> ApiResponse.text("file " + req.param("name")));
        }).start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private HttpResponse<String> get(String pathOrUrl, String... headers) throws IOException, InterruptedException {
        String url = pathOrUrl.startsWith("http") ? pathOrUrl : server.baseUrl() + pathOrUrl;
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> authed(String path, String... more) throws IOException, InterruptedException {
        List<String> h = new ArrayList<>(List.of("Authorization", "Bearer " + TOKEN));
        h.addAll(List.of(more));
        return get(path, h.toArray(String[]::new));
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    private static int remaining(HttpResponse<String> r) {
        return Integer.parseInt(r.headers().firstValue("X-RateLimit-Remaining").orElseThrow());
    }

    @Test
    void refusesMissingAndWrongTokensWithGitHubsErrorBody() throws Exception {
        HttpResponse<String> none = get("/thing");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(json(none).get("message").asText()).isEqualTo("Requires authentication");
        assertThat(json(none).has("documentation_url")).isTrue();

        HttpResponse<String> wrong = get("/thing", "Authorization", "token nope");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(json(wrong).get("message").asText()).isEqualTo("Bad credentials");
        assertThat(wrong.body()).doesNotContain(TOKEN);

        assertThat(get("/thing", "Authorization", "token " + TOKEN).statusCode()).isEqualTo(200);
        assertThat(get("/thing", "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
        assertThat(get("/thing", "Authorization", "Basic " + TOKEN).statusCode()).isEqualTo(401);
    }

    @Test
    void conditionalGetAnswers304WithoutSpendingTheBudget() throws Exception {
        HttpResponse<String> first = authed("/thing");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(etag).startsWith("\"").endsWith("\"");
        assertThat(remaining(first)).isEqualTo(9);

        HttpResponse<String> second = authed("/thing", "If-None-Match", etag);
        assertThat(second.statusCode()).isEqualTo(304);
        assertThat(second.body()).isEmpty();
        assertThat(remaining(second)).isEqualTo(9);
        assertThat(second.headers().firstValue("ETag")).contains(etag);

        assertThat(authed("/thing", "If-None-Match", "W/" + etag).statusCode()).isEqualTo(304);

        value = "two";
        HttpResponse<String> changed = authed("/thing", "If-None-Match", etag);
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.headers().firstValue("ETag").orElseThrow()).isNotEqualTo(etag);
        assertThat(remaining(changed)).isEqualTo(8);
    }

    @Test
    void rateLimitHeadersAndExhaustion() throws Exception {
        HttpResponse<String> r = authed("/thing");
        assertThat(r.headers().firstValue("X-RateLimit-Limit")).contains("10");
        assertThat(r.headers().firstValue("X-RateLimit-Used")).contains("1");
        assertThat(r.headers().firstValue("X-RateLimit-Resource")).contains("core");
        long reset = Long.parseLong(r.headers().firstValue("X-RateLimit-Reset").orElseThrow());
        assertThat(reset).isGreaterThan(System.currentTimeMillis() / 1000);

        for (int i = 0; i < 9; i++) assertThat(authed("/thing").statusCode()).isEqualTo(200);
        HttpResponse<String> over = authed("/thing");
        assertThat(over.statusCode()).isEqualTo(403);
        assertThat(remaining(over)).isZero();
        assertThat(json(over).get("message").asText()).startsWith("API rate limit exceeded");

        // /rate_limit stays free and reports the same numbers
        HttpResponse<String> rl = authed("/rate_limit");
        assertThat(rl.statusCode()).isEqualTo(200);
        JsonNode core = json(rl).at("/resources/core");
        assertThat(core.get("limit").asInt()).isEqualTo(10);
        assertThat(core.get("remaining").asInt()).isZero();
        assertThat(core.get("used").asInt()).isEqualTo(10);
        assertThat(core.get("reset").asLong()).isEqualTo(reset);
    }

    @Test
    void servesTheSameApiUnderTheEnterprisePrefixWithUrlsKeepingIt() throws Exception {
        HttpResponse<String> plain = authed("/thing");
        HttpResponse<String> ghes = authed("/api/v3/thing");
        assertThat(ghes.statusCode()).isEqualTo(200);
        assertThat(json(plain).get("url").asText()).isEqualTo(server.baseUrl() + "/thing");
        assertThat(json(ghes).get("url").asText()).isEqualTo(server.enterpriseUrl() + "/thing");
        assertThat(authed("/api/v3/rate_limit").statusCode()).isEqualTo(200);
        HttpResponse<String> unknown = authed("/nothing/here");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).get("message").asText()).isEqualTo("Not Found");
    }

    @Test
    void pagePaginationAnswersLinkHeaders() throws Exception {
        HttpResponse<String> p1 = authed("/items?per_page=30");
        assertThat(json(p1).get("items")).hasSize(30);
        assertThat(json(p1).get("total_count").asInt()).isEqualTo(75);
        String link = p1.headers().firstValue("Link").orElseThrow();
        assertThat(link).contains("<" + server.baseUrl() + "/items?per_page=30&page=2>; rel=\"next\"")
                .contains("page=3>; rel=\"last\"").doesNotContain("prev");

        HttpResponse<String> p3 = authed("/api/v3/items?per_page=30&page=3");
        assertThat(json(p3).get("items")).hasSize(15);
        assertThat(json(p3).get("items").get(0).asInt()).isEqualTo(61);
        assertThat(p3.headers().firstValue("Link").orElseThrow())
                .contains("<" + server.enterpriseUrl() + "/items?per_page=30&page=2>; rel=\"prev\"")
                .contains("rel=\"first\"").doesNotContain("rel=\"next\"");

        assertThat(json(authed("/items?per_page=500")).get("items")).hasSize(75);
        assertThat(authed("/items").headers().firstValue("Link")).isPresent();
    }

    @Test
    void cursorPaginationWalksEveryItemOnce() throws Exception {
        List<Integer> seen = new ArrayList<>();
        String url = server.baseUrl() + "/groups?per_page=20";
        int pages = 0;
        while (url != null) {
            HttpResponse<String> r = authed(url);
            json(r).get("items").forEach(n -> seen.add(n.asInt()));
            pages++;
            url = r.headers().firstValue("Link").map(GitHubServerTest::next).orElse(null);
        }
        assertThat(pages).isEqualTo(4);
        assertThat(seen).isEqualTo(items);

        HttpResponse<String> bad = authed("/groups?after=bm9wZQ");
        assertThat(bad.statusCode()).isEqualTo(422);
    }

    private static String next(String link) {
        for (String part : link.split(",")) {
            if (part.contains("rel=\"next\"")) return part.substring(part.indexOf('<') + 1, part.indexOf('>'));
        }
        return null;
    }

    @Test
    void faultsReplaceAnswersAndCostNothing() throws Exception {
        faults.set(FaultSettings.NONE.withServerErrors(1, 503));
        HttpResponse<String> down = authed("/thing");
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(remaining(down)).isEqualTo(10);

        faults.set(FaultSettings.NONE.withTooManyRequests(1, 7));
        HttpResponse<String> tooMany = authed("/thing");
        assertThat(tooMany.statusCode()).isEqualTo(429);
        assertThat(tooMany.headers().firstValue("Retry-After")).contains("7");

        faults.set(FaultSettings.NONE.withSecondaryRateLimit(true).withTooManyRequests(0, 3));
        HttpResponse<String> secondary = authed("/thing");
        assertThat(secondary.statusCode()).isEqualTo(403);
        assertThat(secondary.headers().firstValue("Retry-After")).contains("3");
        assertThat(json(secondary).get("message").asText()).startsWith("You have exceeded a secondary rate limit");

        faults.set(FaultSettings.NONE.withMalformedJson(1));
        HttpResponse<String> broken = authed("/thing");
        assertThat(broken.statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> json(broken)).isInstanceOf(IOException.class);

        faults.set(FaultSettings.NONE);
        assertThat(json(authed("/thing")).get("value").asText()).isEqualTo("one");
    }

    @Test
    void endpointErrorsUseGitHubsShape() throws Exception {
        HttpResponse<String> r = authed("/fail");
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(json(r).get("message").asText()).isEqualTo("Unexpected inputs provided: [\"x\"]");
        assertThat(json(r).get("documentation_url").asText()).startsWith("https://docs.github.com/");
        assertThat(r.headers().firstValue("ETag")).isEmpty();
    }

    @Test
    void postsSpendTheBudgetAndAnswerWithoutBody() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/things"))
                .header("Authorization", "token " + TOKEN).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(remaining(r)).isEqualTo(9);
    }

    @Test
    void signedBlobUrlsNeedNoTokenButAValidSignature() throws Exception {
        String url = server.signedUrl("files/a.txt", Duration.ofMinutes(1));
        HttpResponse<String> ok = get(url);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("file a.txt");

        assertThat(get(url.replace("a.txt", "b.txt")).statusCode()).isEqualTo(403);
        assertThat(get(server.signedUrl("files/a.txt", Duration.ofMinutes(-1))).statusCode()).isEqualTo(403);
    }

    @Test
    void stopsCleanlyAndRefusesBadOptions() {
        int port = server.port();
        assertThat(port).isPositive();
        server.stop();
        server.stop();
        assertThatThrownBy(() -> GitHubServer.Options.defaults(" ")).hasMessageContaining("token");
        assertThatThrownBy(() -> GitHubServer.Options.defaults("t").withPort(70000)).hasMessageContaining("port");
    }
}
