package dev.baton.github;

import dev.baton.model.RepoRef;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import static org.assertj.core.api.Assertions.assertThat;

class ServerClockTest {
    static final Instant LOCAL = Instant.parse("2026-11-26T14:00:00Z");

    static String date(Instant t) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(t.atOffset(ZoneOffset.UTC));
    }

    @Test
    void aServerMinutesAheadMovesTheClockAhead() {
        ServerClock c = new ServerClock(Clock.fixed(LOCAL, ZoneOffset.UTC));
        c.observe(date(LOCAL.plusSeconds(300)));
        assertThat(c.offset()).isEqualTo(Duration.ofMillis(300_500));
        assertThat(c.instant()).isEqualTo(LOCAL.plusMillis(300_500));
        c.observe(date(LOCAL.minusSeconds(120))); // and behind
        assertThat(c.instant()).isEqualTo(LOCAL.minusMillis(119_500));
    }

    @Test
    void theDatesOneSecondResolutionIsNoise() {
        ServerClock c = new ServerClock(Clock.fixed(LOCAL, ZoneOffset.UTC));
        c.observe(date(LOCAL.plusSeconds(1)));
        assertThat(c.offset()).isZero();
        c.observe(date(LOCAL.plusSeconds(60)));
        c.observe(date(LOCAL.plusSeconds(61))); // within noise of the offset already measured: ages do not jitter
        assertThat(c.offset()).isEqualTo(Duration.ofMillis(60_500));
    }

    @Test
    void anUnreadableDateChangesNothing() {
        ServerClock c = new ServerClock(Clock.fixed(LOCAL, ZoneOffset.UTC));
        c.observe(date(LOCAL.plusSeconds(600)));
        c.observe("yesterday-ish");
        c.observe(null);
        assertThat(c.offset()).isEqualTo(Duration.ofMillis(600_500));
    }

    /** The real client reads Date from every network answer, errors included. */
    @Test
    void theClientMeasuresGitHubsClockFromItsAnswers() throws Exception {
        Instant ahead = Instant.now().plus(Duration.ofMinutes(10));
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> answerNotFound(server, ahead), "fake-github");
            t.setDaemon(true);
            t.start();
            GitHubClient gh = new GitHubClient(new GitHubSettings("http://127.0.0.1:" + server.getLocalPort(), "ghp_test",
                    RepoRef.parse("acme/app"), null, Duration.ofSeconds(5)));
            try {
                gh.activeGroupNames();
            } catch (RuntimeException expected) {
                // a 404 everywhere: what matters is the Date it carried
            }
            assertThat(gh.clock().offset()).isBetween(Duration.ofMinutes(9), Duration.ofMinutes(11));
        }
    }

    /** A raw HTTP server (the JDK's dates its answers itself) whose every answer is a 404 dated `date`. */
    private static void answerNotFound(ServerSocket server, Instant date) {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                    // the request head: read and ignored
                }
                byte[] body = "{\"message\":\"Not Found\"}".getBytes(StandardCharsets.UTF_8);
                OutputStream out = s.getOutputStream();
                out.write(("HTTP/1.1 404 Not Found\r\nDate: " + date(date) + "\r\nContent-Type: application/json\r\nContent-Length: "
                        + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
            } catch (java.io.IOException e) {
                return;
            }
        }
    }
}
