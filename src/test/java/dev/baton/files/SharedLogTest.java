package dev.baton.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 12 section 4: baton.log is appended and rotated, never truncated, and safe with several batons at once. */
class SharedLogTest {
    @TempDir
    Path tmp;

    private static void line(SharedLog log, String text) throws Exception {
        log.write((text + "\n").getBytes(StandardCharsets.UTF_8));
        log.flush();
    }

    @Test
    void anOpenAppendsToWhatTheLastRunsWrote() throws Exception {
        Path file = tmp.resolve("baton.log");
        Files.writeString(file, "a crashed screen's last words\n");
        try (SharedLog log = SharedLog.open(file, 1 << 20, 5)) {
            line(log, "the next baton status");
        }
        assertThat(Files.readString(file)).isEqualTo("a crashed screen's last words\nthe next baton status\n");
        assertThat(tmp.resolve("baton.log.1")).doesNotExist();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void pastItsLimitItRotatesAndKeepsTheLastGenerations() throws Exception {
        Path file = tmp.resolve("baton.log");
        try (SharedLog log = SharedLog.open(file, 100, 3)) {
            for (int i = 0; i < 40; i++) line(log, String.format("line %02d of a long-running screen", i));
        }
        assertThat(tmp.resolve("baton.log.3")).exists();
        assertThat(tmp.resolve("baton.log.4")).doesNotExist();
        for (String f : List.of("baton.log", "baton.log.1", "baton.log.2", "baton.log.3")) {
            assertThat(Files.size(tmp.resolve(f))).as(f).isLessThanOrEqualTo(100 + "line 00 of a long-running screen\n".length()); // one line past the limit at most
        }
        String newest = Files.readString(tmp.resolve("baton.log.2")) + Files.readString(tmp.resolve("baton.log.1")) + Files.readString(file);
        assertThat(newest).as("the newest lines, in order").contains("line 36 of").endsWith("line 39 of a long-running screen\n");
    }

    /** Two batons (the screen, `watch` in another pane) writing and rotating at once: every line whole, none lost. */
    @Test
    void severalWritersAtOnceLoseNoLineAndMixNone() throws Exception {
        Path file = tmp.resolve("baton.log");
        int writers = 4, lines = 300;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int id = w;
                done.add(pool.submit(() -> {
                    try (SharedLog log = SharedLog.open(file, 4096, 1000)) {
                        for (int i = 0; i < lines; i++) line(log, "writer " + id + " line " + i + " " + "x".repeat(40));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) f.get();
        } finally {
            pool.shutdown();
        }
        Set<String> seen = new HashSet<>();
        int total = 0;
        try (var files = Files.list(tmp)) {
            for (Path p : files.filter(p -> !p.toString().endsWith(".lock")).toList()) {
                for (String l : Files.readAllLines(p)) {
                    assertThat(l).matches("writer \\d line \\d+ x{40}");
                    seen.add(l);
                    total++;
                }
            }
        }
        assertThat(total).isEqualTo(writers * lines);
        assertThat(seen).hasSize(writers * lines);
        assertThat(tmp.resolve("baton.log.2")).exists(); // it did rotate while they wrote
    }
}
