package dev.baton.github;

import com.sun.net.httpserver.HttpServer;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class TransientRetryTest {
    HttpServer server;
    final AtomicInteger hits = new AtomicInteger();

    /** A server that fails the first `failures` requests with `status`, then answers 200. */
    String serve(int failures, int status, String retryAfter) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            int n = hits.incrementAndGet();
            int code = n <= failures ? status : 200;
            if (retryAfter != null && code != 200) ex.getResponseHeaders().add("Retry-After", retryAfter);
            ex.sendResponseHeaders(code, -1);
            ex.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/x";
    }

    @AfterEach
    void stop() {
        if (server != null) server.stop(0);
    }

    /** The waits the retry asked for, taken at once: the backoff is checked without spending it. */
    final List<Duration> waits = new CopyOnWriteArrayList<>();
    final OkHttpClient client = new OkHttpClient.Builder().addInterceptor(new TransientRetry(waits::add)).build();

    int get(String url) throws Exception {
        try (Response r = client.newCall(new Request.Builder().url(url).build()).execute()) {
            return r.code();
        }
    }

    @Test
    void twoServerErrorsAreRiddenThrough() throws Exception {
        assertThat(get(serve(2, 502, null))).isEqualTo(200);
        assertThat(hits).hasValue(3);
        assertThat(waits).containsExactly(Duration.ofMillis(250), Duration.ofSeconds(1));
    }

    @Test
    void aPersistentErrorIsReturnedAfterThreeTries() throws Exception {
        assertThat(get(serve(10, 503, null))).isEqualTo(503);
        assertThat(hits).hasValue(3);
        assertThat(waits).containsExactly(Duration.ofMillis(250), Duration.ofSeconds(1));
    }

    @Test
    void aLongRetryAfterIsLeftToTheCaller() throws Exception {
        assertThat(get(serve(1, 429, "60"))).isEqualTo(429);
        assertThat(hits).hasValue(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void aShortRetryAfterIsTheSchedulersNotRetriedHere() throws Exception {
        assertThat(get(serve(1, 429, "2"))).isEqualTo(429);
        assertThat(hits).hasValue(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void aRefusedConnectionIsNotRetriedHere() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nothing listens there now
        }
        String url = "http://127.0.0.1:" + port + "/x";
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> get(url)).isInstanceOf(java.net.ConnectException.class);
        assertThat(waits).as("no backoff: hub4j retries the connection itself").isEmpty();
    }

    @Test
    void writesAreNeverRetried() throws Exception {
        String url = serve(1, 502, null);
        try (Response r = client.newCall(new Request.Builder().url(url).post(RequestBody.create(new byte[0])).build()).execute()) {
            assertThat(r.code()).isEqualTo(502);
        }
        assertThat(hits).hasValue(1);
    }
}
