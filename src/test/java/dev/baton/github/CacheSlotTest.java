package dev.baton.github;

import dev.baton.sandbox.GitHubServer;
import dev.baton.testkit.GitHubPerTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12 section 4: OkHttp's disk cache is not safe to share between processes (the screen, and `watch`
 * in another pane). Each baton owns a cache folder of its own through a file lock (CacheSlot).
 */
class CacheSlotTest {
    @TempDir
    Path cacheDir;
    @RegisterExtension
    final GitHubPerTest sandbox = new GitHubPerTest(GitHubServer.Options.defaults("ghp_slots"));

    private GitHubClient client() {
        return sandbox.client("ghp_slots", cacheDir);
    }

    private static boolean hasJournal(Path dir) {
        return Files.exists(dir.resolve("journal"));
    }

    @Test
    void twoBatonsAtOnceKeepSeparateCachesThatBothRevalidate() {
        try (GitHubClient screen = client(); GitHubClient watch = client()) {
            for (GitHubClient c : List.of(screen, watch, screen, watch)) c.recentRuns(20);
            assertThat(screen.meter().notModified()).isEqualTo(1);
            assertThat(watch.meter().notModified()).isEqualTo(1);
        }
        assertThat(hasJournal(cacheDir.resolve("0"))).isTrue();
        assertThat(hasJournal(cacheDir.resolve("1"))).as("the second baton's own cache").isTrue();
        assertThat(cacheDir.resolve("journal")).as("no cache shared in the folder itself").doesNotExist();
    }

    @Test
    void aSlotHeldByAnotherProcessIsLeftToIt() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process other = new ProcessBuilder(java, "-cp", cp, Holder.class.getName(), cacheDir.toString()).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo(cacheDir.resolve("0").toString());
            try (GitHubClient mine = client()) {
                mine.recentRuns(20);
            }
            assertThat(hasJournal(cacheDir.resolve("1"))).as("this process took the next slot").isTrue();
            assertThat(hasJournal(cacheDir.resolve("0"))).as("the other process's slot untouched").isFalse();
        } finally {
            other.getOutputStream().close(); // the holder exits, its lock with it
            assertThat(other.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        try (CacheSlot freed = CacheSlot.take(cacheDir).orElseThrow()) {
            assertThat(freed.dir()).as("an exited baton's slot is free again").isEqualTo(cacheDir.resolve("0"));
        }
    }

    @Test
    void withEverySlotTakenABatonRunsUncached() {
        List<GitHubClient> others = new ArrayList<>();
        try {
            for (int i = 0; i < CacheSlot.SLOTS; i++) others.add(client());
            try (GitHubClient late = client()) {
                late.recentRuns(20);
                late.recentRuns(20);
                assertThat(late.meter().notModified()).as("no cache, so no revalidation, but it works").isZero();
            }
        } finally {
            others.forEach(GitHubClient::close);
        }
        try (GitHubClient next = client()) {
            next.recentRuns(20);
            next.recentRuns(20);
            assertThat(next.meter().notModified()).as("closed clients free their slots").isEqualTo(1);
        }
    }

    /** Another baton process: takes a slot, prints its folder, holds it until stdin closes. */
    public static final class Holder {
        public static void main(String[] args) throws Exception {
            try (CacheSlot slot = CacheSlot.take(Path.of(args[0])).orElseThrow()) {
                System.out.println(slot.dir());
                System.out.flush();
                while (System.in.read() >= 0) {
                    // hold the slot
                }
            }
        }
    }
}
