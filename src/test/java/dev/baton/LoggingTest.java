package dev.baton;

import dev.baton.testkit.Launcher;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12 section 4, end to end in real processes: baton.log was renamed away at every start (five
 * `baton status` later a crashed screen's log was gone) and written by SimpleLogger, which truncates.
 */
class LoggingTest {
    @TempDir
    Path tmp;

    @Test
    void batonsAtOnceAppendToOneLogAndKeepWhatWasThere() throws Exception {
        Path baton = Launcher.write(tmp, Path.of(System.getProperty("user.dir")));
        Path log = tmp.resolve("state/baton/baton.log");
        Files.createDirectories(log.getParent());
        Files.writeString(log, "2026-01-01T00:00:00.000Z [main] ERROR dev.baton.Main - a crashed screen's last line\n");
        // GitHub answers 401 at once, so each baton logs its failed poll without the transport's retries of a
        // refused connection (~4 s of backoff); S3 stays on a closed port (status reads no lock backend here)
        HttpServer github = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        github.createContext("/", ex -> {
            byte[] b = "{\"message\":\"Bad credentials\"}".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(401, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        github.start();
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        List<Process> batons = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ProcessBuilder pb = new ProcessBuilder(baton.toString(), "status").redirectErrorStream(true)
                    .redirectOutput(tmp.resolve("out" + i).toFile());
            pb.environment().put("XDG_STATE_HOME", tmp.resolve("state").toString());
            pb.environment().put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
            pb.environment().put("XDG_CONFIG_HOME", tmp.resolve("config").toString());
            pb.environment().put("GITHUB_API_URL", "http://127.0.0.1:" + github.getAddress().getPort());
            pb.environment().put("GH_TOKEN", "ghp_logging");
            pb.environment().put("BATON_REPO", "acme/app");
            pb.environment().put("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:" + closed);
            batons.add(pb.start());
        }
        try {
            for (Process p : batons) assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            github.stop(0);
        }
        String text = Files.readString(log);
        assertThat(text).startsWith("2026-01-01T00:00:00.000Z [main] ERROR dev.baton.Main - a crashed screen's last line\n");
        assertThat(text.lines().filter(l -> l.contains("github poll failed")).count()).as(text).isGreaterThanOrEqualTo(2);
        assertThat(text.lines().filter(l -> l.matches(".* (INFO|WARN|ERROR) .*")))
                .as("every line whole, none mixed with another's").allMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT.*"));
        assertThat(log.resolveSibling("baton.log.1")).doesNotExist();
        for (int i = 0; i < 2; i++) assertThat(Files.readString(tmp.resolve("out" + i))).doesNotContain("SLF4J");
    }
}
