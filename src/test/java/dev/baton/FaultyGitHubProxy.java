package dev.baton;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * In front of the sandbox's GitHub server: answers GitHub's 429 (with a Retry-After of 1 s, which the
 * request scheduler holds every request for: a test waits that long, not a minute) to the requests whose path matches, and passes every other one through, its body
 * rewritten if the test asks. The sandbox's own
 * faults hit requests at random; this one picks a request, for a test of one partial failure.
 */
final class FaultyGitHubProxy implements AutoCloseable {
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade", "transfer-encoding");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
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
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** The API root to give baton as GITHUB_API_URL (the target's path kept). */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + URI.create(target).getRawPath();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            String path = ex.getRequestURI().getRawPath();
            if (failing.test(path)) {
                refused.incrementAndGet();
                byte[] json = "{\"message\":\"API rate limit exceeded\",\"documentation_url\":\"https://docs.github.com/rest\"}"
                        .getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "application/json");
                ex.getResponseHeaders().set("Retry-After", "1");
                ex.sendResponseHeaders(429, json.length);
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(json);
                }
                return;
            }
            URI origin = URI.create(target);
            HttpRequest.Builder req = HttpRequest.newBuilder(origin.resolve(ex.getRequestURI().toString()))
                    .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
                if (RESTRICTED.contains(h.getKey().toLowerCase(Locale.ROOT))) continue;
                for (String v : h.getValue()) req.header(h.getKey(), v);
            }
            HttpResponse<byte[]> resp;
            try {
                resp = client.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ex.sendResponseHeaders(502, -1);
                return;
            }
            resp.headers().map().forEach((name, values) -> {
                String n = name.toLowerCase(Locale.ROOT);
                if (n.equals("content-length") || n.equals("transfer-encoding") || n.equals("connection") || n.startsWith(":")) return;
                ex.getResponseHeaders().put(name, values);
            });
            byte[] out = rewrite.apply(path, new String(resp.body(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            boolean noBody = ex.getRequestMethod().equals("HEAD") || resp.statusCode() == 204 || resp.statusCode() == 304;
            if (noBody || out.length == 0) {
                ex.sendResponseHeaders(resp.statusCode(), -1);
            } else {
                ex.sendResponseHeaders(resp.statusCode(), out.length);
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(out);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
