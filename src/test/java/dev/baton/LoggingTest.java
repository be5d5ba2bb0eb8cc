package dev.baton;

import dev.baton.testkit.Launcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
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
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort(); // GitHub on a closed port: each baton logs its failed poll
        }
        List<Process> batons = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ProcessBuilder pb = new ProcessBuilder(baton.toString(), "status").redirectErrorStream(true)
                    .redirectOutput(tmp.resolve("out" + i).toFile());
            pb.environment().put("XDG_STATE_HOME", tmp.resolve("state").toString());
            pb.environment().put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
            pb.environment().put("XDG_CONFIG_HOME", tmp.resolve("config").toString());
            pb.environment().put("GITHUB_API_URL", "http://127.0.0.1:" + closed);
            pb.environment().put("GH_TOKEN", "ghp_logging");
            pb.environment().put("BATON_REPO", "acme/app");
            pb.environment().put("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:" + closed);
            batons.add(pb.start());
        }
        for (Process p : batons) assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String text = Files.readString(log);
        assertThat(text).startsWith("2026-01-01T00:00:00.000Z [main] ERROR dev.baton.Main - a crashed screen's last line\n");
        assertThat(text.lines().filter(l -> l.contains("github poll failed")).count()).as(text).isGreaterThanOrEqualTo(2);
        assertThat(text.lines().filter(l -> l.matches(".* (INFO|WARN|ERROR) .*")))
                .as("every line whole, none mixed with another's").allMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT.*"));
        assertThat(log.resolveSibling("baton.log.1")).doesNotExist();
        for (int i = 0; i < 2; i++) assertThat(Files.readString(tmp.resolve("out" + i))).doesNotContain("SLF4J");
    }
}
