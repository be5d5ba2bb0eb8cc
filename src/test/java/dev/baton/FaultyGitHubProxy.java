package dev.baton;

import com.sun.net.httpserver.HttpExchange;
import dev.baton.testkit.LoopbackProxy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * In front of the sandbox's GitHub server: answers GitHub's 429 (with a Retry-After of 1 s, which the
 * request scheduler holds every request for: a test waits that long, not a minute) to the requests whose path matches, and passes every other one through, its body
 * rewritten if the test asks. The sandbox's own
 * faults hit requests at random; this one picks a request, for a test of one partial failure.
 */
final class FaultyGitHubProxy extends LoopbackProxy {
    private final String target;
    private final Predicate<String> failing;
    private final BiFunction<String, String, String> rewrite;
    final AtomicInteger refused = new AtomicInteger();

    FaultyGitHubProxy(String target, Predicate<String> failing) throws IOException {
        this(target, failing, (path, body) -> body);
    }

    /** rewrite: (path, body) -> the body baton gets instead (e.g. other permissions). */
    FaultyGitHubProxy(String target, Predicate<String> failing, BiFunction<String, String, String> rewrite) throws IOException {
        this.target = target.endsWith("/") ? target.substring(0, target.length() - 1) : target;
        this.failing = failing;
        this.rewrite = rewrite;
        start();
    }

    /** The API root to give baton as GITHUB_API_URL (the target's path kept). */
    String baseUrl() {
        return "http://127.0.0.1:" + port() + URI.create(target).getRawPath();
    }

    @Override
    protected void handle(HttpExchange ex, byte[] body) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        if (failing.test(path)) {
            refused.incrementAndGet();
            byte[] json = "{\"message\":\"API rate limit exceeded\",\"documentation_url\":\"https://docs.github.com/rest\"}"
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.getResponseHeaders().set("Retry-After", "1");
            send(ex, 429, json);
            return;
        }
        HttpResponse<byte[]> resp = forward(ex, URI.create(target).resolve(ex.getRequestURI().toString()), body, name -> true);
        if (resp == null) {
            ex.sendResponseHeaders(502, -1);
            return;
        }
        answer(ex, resp, rewrite.apply(path, new String(resp.body(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
    }
}
