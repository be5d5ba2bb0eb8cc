package dev.baton.lock;

import com.sun.net.httpserver.HttpExchange;
import dev.baton.testkit.LoopbackProxy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * An HTTP-level man in the middle in front of an S3 server, behaving like S3-compatible stores that
 * mishandle conditional requests: it strips If-None-Match/If-Match (silently ignored), answers 501
 * to conditional deletes, or answers 403 to everything. The backend must accept unsigned requests, since removing
 * a signed header breaks the signature.
 */
final class FaultyS3Proxy extends LoopbackProxy {
    enum Mode { PASS, STRIP_CONDITIONS, NOT_IMPLEMENTED_CONDITIONAL_DELETE, FORBIDDEN }

    private static final Set<String> CONDITIONS = Set.of("if-none-match", "if-match");

    private final URI target;
    private volatile Mode mode;

    FaultyS3Proxy(URI target, Mode mode) throws IOException {
        this.target = target;
        this.mode = mode;
        start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    void mode(Mode newMode) {
        mode = newMode;
    }

    @Override
    protected void handle(HttpExchange ex, byte[] body) throws IOException {
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
        HttpResponse<byte[]> resp = forward(ex, URI.create(target + ex.getRequestURI().toString()), body,
                name -> !(m == Mode.STRIP_CONDITIONS && CONDITIONS.contains(name)));
        if (resp == null) {
            error(ex, 500, "InternalError", "proxy interrupted");
            return;
        }
        answer(ex, resp, resp.body());
    }

    private static void error(HttpExchange ex, int status, String code, String message) throws IOException {
        byte[] xml = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>" + message
                + "</Message><RequestId>proxy</RequestId></Error>").getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/xml");
        send(ex, status, xml);
    }

}
