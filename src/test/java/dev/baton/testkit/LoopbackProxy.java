package dev.baton.testkit;

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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * An HTTP man in the middle on loopback, in front of a sandbox's server: a subclass answers some requests itself
 * (a fault) and passes the others on with {@link #forward} and {@link #answer}. One pass-through for every
 * faulty proxy, so a fix to how requests and answers are copied reaches all of them.
 */
public abstract class LoopbackProxy implements AutoCloseable {
    /** Headers java.net.http refuses to set or computes itself. */
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade", "transfer-encoding");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    protected LoopbackProxy() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.createContext("/", ex -> {
            try (ex) {
                byte[] body;
                try (InputStream in = ex.getRequestBody()) {
                    body = in.readAllBytes();
                }
                handle(ex, body);
            }
        });
        server.setExecutor(executor);
    }

    /** Takes requests from now on: a subclass's constructor calls it last, once its own fields are set. */
    protected final void start() {
        server.start();
    }

    protected final int port() {
        return server.getAddress().getPort();
    }

    /** Answers one request, whose body is read already. */
    protected abstract void handle(HttpExchange ex, byte[] body) throws IOException;

    /**
     * The request sent on to this address with its method, body and the headers keep accepts (by lower-case name);
     * the answer, or null when interrupted (the interrupt kept).
     */
    protected final HttpResponse<byte[]> forward(HttpExchange ex, URI to, byte[] body, Predicate<String> keep) throws IOException {
        HttpRequest.Builder req = HttpRequest.newBuilder(to)
                .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (RESTRICTED.contains(name) || !keep.test(name)) continue;
            for (String v : h.getValue()) req.header(h.getKey(), v);
        }
        try {
            return client.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The upstream's answer passed back: its status and headers, with this body. */
    protected static void answer(HttpExchange ex, HttpResponse<byte[]> resp, byte[] out) throws IOException {
        resp.headers().map().forEach((name, values) -> {
            String n = name.toLowerCase(Locale.ROOT);
            if (n.equals("content-length") || n.equals("transfer-encoding") || n.equals("connection") || n.startsWith(":")) return;
            ex.getResponseHeaders().put(name, values);
        });
        boolean noBody = ex.getRequestMethod().equals("HEAD") || resp.statusCode() == 204 || resp.statusCode() == 304;
        if (noBody) {
            // HEAD answers keep the object's Content-Length
            resp.headers().firstValue("content-length").ifPresent(v -> ex.getResponseHeaders().set("Content-Length", v));
            ex.sendResponseHeaders(resp.statusCode(), -1);
        } else {
            send(ex, resp.statusCode(), out);
        }
    }

    /** An answer of the proxy's own: this status and body (its Content-Type set by the caller). */
    protected static void send(HttpExchange ex, int status, byte[] out) throws IOException {
        ex.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
        if (out.length == 0) return;
        try (OutputStream os = ex.getResponseBody()) {
            os.write(out);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
