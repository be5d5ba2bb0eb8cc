package dev.baton;

import dev.baton.command.Commands;
import dev.baton.command.Baton;
import dev.baton.command.BatonOptions;
import dev.baton.command.FrontendIo;
import dev.baton.sandbox.SimRun;
import dev.baton.shell.Shell;
import dev.baton.tui.ConsoleOptions;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10: nothing secret reaches disk. baton runs in-process against the sandbox with a distinctive
 * token and its XDG folders in a temporary home, makes cached and revalidated (304) requests, downloads
 * a log through a redirect, writes the audit and event journals, the command history and its log file;
 * then every byte it wrote is searched for the token, and every file must be 0600 in a 0700 folder.
 */
class SecretsOnDiskTest {
    @TempDir
    Path home;
    LoopbackFixture box;

    @AfterEach
    void stop() {
        if (box != null) box.close();
    }

    @Test
    void nothingBatonWritesHoldsTheTokenAndEveryFileIsOwnerOnly() throws Exception {
        String token = "ghp_BatonLeakCanary" + randomAlnum(22);
        box = new LoopbackFixture(120, home, token, Map.of()); // fast: the watch only waits for the run to end
        Path state = home.resolve("state");
        Path cache = home.resolve("cache");
        // an older baton's cache, written with the token in clear text: it must be gone after a run
        Path legacy = cache.resolve("baton/http");
        Files.createDirectories(legacy);
        Files.writeString(legacy.resolve("0123456789abcdef.0"), "Authorization: Bearer " + token + "\n");

        String previousLog = System.getProperty("org.slf4j.simpleLogger.logFile");
        try {
            Logging.toFile(state.resolve("baton/baton.log"));
        } finally {
            if (previousLog == null) System.clearProperty("org.slf4j.simpleLogger.logFile");
            else System.setProperty("org.slf4j.simpleLogger.logFile", previousLog);
        }

        ok(box.baton("status"));
        ok(box.baton("status")); // every GET again: revalidations answered 304 from the cache
        SimRun run = box.engine.state().dispatch("deploy-dev.yml", "main", Map.of(), "alice");
        ok(box.baton("watch", "--until", "done:" + run.id(), "--timeout", "60s")); // the event journal
        ok(box.baton("logs", String.valueOf(run.id()))); // a redirect to token-less blob storage
        ok(box.baton("run", String.valueOf(run.id())));
        var refused = box.baton("unlock", "dev", "--id", "00000000-0000-0000-0000-000000000000", "--yes", "--reason", "leak test");
        assertThat(refused.code()).as(refused.out() + refused.err()).isNotZero(); // refusals are audited too
        shell("groups\nlocks\nstatus\n"); // the command history

        List<String> leaks = new ArrayList<>();
        List<String> loose = new ArrayList<>();
        List<String> needles = needles(token);
        int files = 0;
        for (Path root : List.of(state, cache)) {
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : (Iterable<Path>) walk::iterator) {
                    String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
                    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                        if (!p.equals(root) && !mode.equals("rwx------")) loose.add(mode + " " + home.relativize(p) + "/");
                        continue;
                    }
                    files++;
                    if (!mode.equals("rw-------")) loose.add(mode + " " + home.relativize(p));
                    String text = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
                    for (String n : needles) if (text.contains(n)) leaks.add(home.relativize(p) + " holds " + n);
                }
            }
        }
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(leaks).as("files holding the token, of %d", files).isEmpty();
        soft.assertThat(loose).as("files not 0600 / folders not 0700").isEmpty();
        soft.assertThat(files).isGreaterThan(10);
        soft.assertThat(Files.exists(legacy)).as("the old cache folder that may hold tokens is deleted").isFalse();
        for (String f : List.of("history", "baton.log")) soft.assertThat(state.resolve("baton").resolve(f)).exists();
        URI api = URI.create(box.github.baseUrl());
        Path journals = state.resolve("baton/repos").resolve(api.getHost() + "_" + api.getPort()).resolve(box.engine.state().repo().fullName().toLowerCase(java.util.Locale.ROOT));
        for (String f : List.of("audit.jsonl", "events.jsonl")) soft.assertThat(journals.resolve(f)).exists();
        Path github = cache.resolve("baton/github");
        List<Path> cached = List.of();
        if (Files.isDirectory(github)) {
            try (Stream<Path> s = Files.walk(github)) { // each baton's own cache folder, github/0 ... (CacheSlot)
                cached = s.filter(p -> p.getFileName().toString().endsWith(".0")).toList();
            }
        }
        soft.assertThat(cached).as("cached responses in " + github).hasSizeGreaterThan(5);
        soft.assertThat(cached).anySatisfy(p -> assertThat(Files.readString(p)).contains("X-Baton-Credential: sha256:"));
        soft.assertAll();
    }

    private void shell(String input) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Baton session = new Baton(box.env, new BatonOptions(null, null, false));
             Terminal t = new DumbTerminal("test", "dumb", new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out, StandardCharsets.UTF_8)) {
            assertThat(new Shell(t, new Commands(session, FrontendIo.script()), ConsoleOptions.historyFile(box.env)).run()).as(out.toString(StandardCharsets.UTF_8)).isZero();
        }
    }

    private static void ok(LoopbackFixture.Outcome r) {
        assertThat(r.code()).as(r.out() + r.err()).isZero();
    }

    /** The token as it could appear on disk: plain, and base64 (standard and URL-safe) at each of the three alignments. */
    static List<String> needles(String token) {
        List<String> out = new ArrayList<>(List.of(token));
        for (int pad = 0; pad < 3; pad++) {
            byte[] bytes = ("x".repeat(pad) + token).getBytes(StandardCharsets.UTF_8);
            for (Base64.Encoder e : List.of(Base64.getEncoder(), Base64.getUrlEncoder())) {
                String b = e.withoutPadding().encodeToString(bytes);
                out.add(b.substring(pad == 0 ? 0 : 4, b.length() - 4)); // drop the quads that mix in the neighbours
            }
        }
        return out;
    }

    private static String randomAlnum(int n) {
        String abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        SecureRandom r = new SecureRandom();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) sb.append(abc.charAt(r.nextInt(abc.length())));
        return sb.toString();
    }
}
