package dev.baton.lock;

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
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;

/**
 * An HTTP-level man in the middle in front of an S3 server, behaving like S3-compatible stores that
 * mishandle conditional requests: it strips If-None-Match/If-Match (silently ignored), answers 501
 * to conditional deletes, or answers 403 to everything. The backend must accept unsigned requests, since removing
 * a signed header breaks the signature.
 */
final class FaultyS3Proxy implements AutoCloseable {
    enum Mode { PASS, STRIP_CONDITIONS, NOT_IMPLEMENTED_CONDITIONAL_DELETE, FORBIDDEN }

    private static final Set<String> CONDITIONS = Set.of("if-none-match", "if-match");
    /** Headers java.net.http refuses to set or computes itself. */
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade", "transfer-encoding");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI target;
    private volatile Mode mode;

    FaultyS3Proxy(URI target, Mode mode) throws IOException {
        this.target = target;
        this.mode = mode;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void mode(Mode newMode) {
        mode = newMode;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            boolean conditional = ex.getRequestHeaders().keySet().stream().anyMatch(h -> CONDITIONS.contains(h.toLowerCase(Locale.ROOT)));
            Mode m = mode;
            if (m == Mode.FORBIDDEN) {
                error(ex, 403, "AccessDenied", "Access Denied");
                return;
            }
            if (m == Mode.NOT_IMPLEMENTED_CONDITIONAL_DELETE && conditional && ex.getRequestMethod().equals("DELETE")) {
                error(ex, 501, "NotImplemented", "A header you provided implies functionality that is not implemented");
                return;
            }
            HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(target + ex.getRequestURI().toString()))
                    .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
                String name = h.getKey().toLowerCase(Locale.ROOT);
                if (RESTRICTED.contains(name)) continue;
                if (m == Mode.STRIP_CONDITIONS && CONDITIONS.contains(name)) continue;
                for (String v : h.getValue()) req.header(h.getKey(), v);
            }
            HttpResponse<byte[]> resp;
            try {
                resp = client.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                error(ex, 500, "InternalError", "proxy interrupted");
                return;
            }
            resp.headers().map().forEach((name, values) -> {
                String n = name.toLowerCase(Locale.ROOT);
                if (n.equals("content-length") || n.equals("transfer-encoding") || n.equals("connection") || n.startsWith(":")) return;
                ex.getResponseHeaders().put(name, values);
            });
            byte[] out = resp.body();
            boolean noBody = ex.getRequestMethod().equals("HEAD") || resp.statusCode() == 204 || resp.statusCode() == 304;
            if (noBody) {
                // HEAD answers keep the object's Content-Length
                resp.headers().firstValue("content-length").ifPresent(v -> ex.getResponseHeaders().set("Content-Length", v));
                ex.sendResponseHeaders(resp.statusCode(), -1);
            } else {
                ex.sendResponseHeaders(resp.statusCode(), out.length == 0 ? -1 : out.length);
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(out);
                }
            }
        }
    }

    private static void error(HttpExchange ex, int status, String code, String message) throws IOException {
        byte[] xml = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>" + message
                + "</Message><RequestId>proxy</RequestId></Error>").getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/xml");
        ex.sendResponseHeaders(status, xml.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(xml);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
