package dev.baton.command;

import dev.baton.model.Lease;
import dev.baton.model.LockLocation;
import dev.baton.testkit.Launcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Leases across baton roots and processes sharing one state folder: the OS file lock decides, a holder's lease is
 * read by the others, and a holder that dies (killed, not closed) leaves nothing held behind.
 */
class LeaseFilesTest {
    static final Instant T = Instant.parse("2026-03-10T12:03:04Z");
    @TempDir
    Path state;

    final Team.Target prod = Team.Target.lock(new LockLocation(LockLocation.Kind.S3, "b", "prod/terraform.tfstate.tflock", "prod", null));

    @Test
    void twoRootsOfOneFolderRefuseEachOthersLeaseAndSeeIt() {
        Path dir = state.resolve("leases");
        Team one = new Team(Clock.fixed(T, ZoneOffset.UTC), new LeaseFiles(dir));
        Team two = new Team(Clock.fixed(T, ZoneOffset.UTC), new LeaseFiles(dir));
        try {
            Team.Seat alice = one.join("alice", "ssh");
            Team.Seat bob = two.join("bob", "local");
            assertThat(alice.acquire("unlock", List.of(prod))).isNull();
            Lease held = bob.acquire("unlock", List.of(prod));
            assertThat(held).isNotNull();
            assertThat(dev.baton.render.TeamRender.lease(held)).isEqualTo("alice is unlocking prod since 12:03:04");
            assertThat(new LeaseFiles(dir).others()).as("what another root's screen reads").extracting(Lease::operator, Lease::session)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("alice", -1L));
            Team.Seat alice2 = two.join("alice", "local");
            assertThat(alice2.acquire("unlock", List.of(prod))).as("alice is not blocked by her own lease").isNull();
            alice2.close();
            alice.close(); // her session ends: the file is hers no more
            assertThat(bob.acquire("cancel", List.of(prod))).isNull();
            assertThat(one.join("carol", "ssh").acquire("unlock", List.of(prod))).extracting(Lease::operator).isEqualTo("bob");
        } finally {
            one.close();
            two.close();
        }
    }

    /**
     * The other way round, as under `baton serve`: this JVM holds the lease while its screens' watcher reads the folder
     * (a POSIX lock dies when any descriptor of its file closes in the holder: the watcher must never open a held file).
     */
    @Test
    void aLeaseHeldHereWhileTheScreensWatchRefusesAnotherJvm() throws Exception {
        Path dir = state.resolve("leases");
        Team here = new Team(Clock.fixed(T, ZoneOffset.UTC), new LeaseFiles(dir));
        Team seen = new Team(Clock.fixed(T, ZoneOffset.UTC), new LeaseFiles(dir)); // another root of this JVM, with a screen
        java.util.concurrent.CountDownLatch shown = new java.util.concurrent.CountDownLatch(1);
        try {
            here.subscribe(() -> { });
            seen.subscribe(() -> {
                if (!seen.leases().isEmpty()) shown.countDown();
            });
            Team.Seat bob = here.join("bob", "ssh");
            assertThat(bob.acquire("unlock", List.of(prod))).isNull();
            assertThat(shown.await(30, TimeUnit.SECONDS)).as("the other root's watcher read it").isTrue();
            for (int i = 0; i < 3; i++) {
                Process child = holder(dir);
                try {
                    BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                    assertThat(out.readLine()).isEqualTo("refused: bob is unlocking prod since 12:03:04");
                } finally {
                    child.destroyForcibly();
                    child.waitFor(30, TimeUnit.SECONDS);
                }
            }
        } finally {
            here.close();
            seen.close();
        }
    }

    @Test
    void aLeaseHeldByAnotherJvmRefusesHereAndDiesWithItsProcess() throws Exception {
        Path dir = state.resolve("leases");
        Process child = holder(dir);
        Team here = new Team(Clock.fixed(T, ZoneOffset.UTC), new LeaseFiles(dir));
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("held");
            Team.Seat bob = here.join("bob", "ssh");
            Lease held = bob.acquire("unlock", List.of(prod));
            assertThat(held).as("the other process holds it").isNotNull();
            assertThat(held.operator()).isEqualTo("alice");
            assertThat(dev.baton.render.TeamRender.lease(held)).matches("alice is unlocking prod since \\d\\d:\\d\\d:\\d\\d");
            assertThat(new LeaseFiles(dir).others()).extracting(Lease::operator).containsExactly("alice");

            child.destroyForcibly(); // SIGKILL: no clean-up runs, as in a crash
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(new LeaseFiles(dir).others()).as("its process is gone: nothing held").isEmpty();
            try (var files = Files.list(dir)) {
                assertThat(files.filter(f -> f.toString().endsWith(".lease"))).as("the file stays (never deleted), with the dead holder's words")
                        .singleElement().satisfies(f -> assertThat(Files.readString(f)).contains("alice"));
            }
            assertThat(bob.acquire("unlock", List.of(prod))).as("free: the OS lock died with its process").isNull();
        } finally {
            child.destroyForcibly();
            here.close();
        }
    }

    /** alice's {@link LeaseHolder} in another JVM, started with bin/baton's flags (a C1-only, serial-GC JVM starts faster). */
    private Process holder(Path dir) throws java.io.IOException {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(Launcher.jvmFlags(Path.of(System.getProperty("user.dir"), "bin/baton")));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), LeaseHolder.class.getName(),
                dir.toString(), "alice", "unlock", prod.key(), prod.label()));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }
}
