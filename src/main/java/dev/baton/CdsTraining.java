package dev.baton;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import dev.baton.command.Commands;
import dev.baton.command.Baton;
import dev.baton.command.BatonOptions;
import dev.baton.command.FrontendIo;
import dev.baton.model.LockLocation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * `baton --cds-training`: the run bin/baton makes once per jar and JVM, in the background, under
 * -XX:ArchiveClassesAtExit, so that later starts map baton's classes from a class-data-sharing archive
 * instead of loading them from the jar (docs/performance.md). It walks the paths of a screen start -
 * session, command registry, the screen on a virtual terminal with the command bar and help, the
 * GitHub and S3 clients (against a closed port, so nothing leaves the machine) - and touches none of
 * the user's files: every directory is a temporary one.
 */
final class CdsTraining {
    private CdsTraining() {
    }

    static int run() throws IOException, InterruptedException {
        Path tmp = Files.createTempDirectory("baton-cds");
        try {
            Map<String, String> env = Map.ofEntries(
                    Map.entry("BATON_REPO", "training/baton"),
                    Map.entry("GITHUB_API_URL", "http://127.0.0.1:9"),
                    Map.entry("GH_TOKEN", "training"),
                    Map.entry("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9"),
                    Map.entry("AWS_REGION", "us-east-1"),
                    Map.entry("AWS_ACCESS_KEY_ID", "training"),
                    Map.entry("AWS_SECRET_ACCESS_KEY", "training"),
                    Map.entry("TERM", "xterm-256color"),
                    Map.entry("LANG", "C.UTF-8"),
                    Map.entry("HOME", tmp.toString()),
                    Map.entry("XDG_CONFIG_HOME", tmp.resolve("config").toString()),
                    Map.entry("XDG_STATE_HOME", tmp.resolve("state").toString()),
                    Map.entry("XDG_CACHE_HOME", tmp.resolve("cache").toString()));
            Logging.toFile(tmp.resolve("state/baton.log"));
            // the real terminal's classes, which a virtual terminal does not load
            for (String c : new String[]{"dev.baton.tui.Terminals$SttyTerminal", "com.googlecode.lanterna.terminal.ansi.UnixTerminal",
                    "com.googlecode.lanterna.input.InputDecoder"}) {
                try {
                    Class.forName(c);
                } catch (ClassNotFoundException | LinkageError ignored) {
                    // a class renamed: the archive is only a little smaller
                }
            }
            try (Baton baton = new Baton(env, new BatonOptions(null, null, true))) {
                Commands commands = new Commands(baton, new FrontendIo(false, true));
                DefaultVirtualTerminal vt = new DefaultVirtualTerminal(new TerminalSize(160, 48));
                Runnable keys = () -> {
                    Thread t = new Thread(() -> type(vt, baton), "baton-cds-keys");
                    t.setDaemon(true);
                    t.start();
                };
                Frontends.run(vt, commands, null, false, 1, keys);
            }
            return 0;
        } finally {
            try (Stream<Path> files = Files.walk(tmp)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** What an operator does in the first seconds: the command bar with completion, help, a lock store, then q. */
    private static void type(DefaultVirtualTerminal vt, Baton baton) {
        try {
            try {
                baton.lockStore(LockLocation.Kind.S3); // the AWS SDK's client, built as for the first lock poll
            } catch (RuntimeException ignored) {
                // no S3 here: the classes are loaded all the same
            }
            Thread.sleep(1500); // the failed first poll, the command bar's reader built after the first frame
            for (char c : ":gro".toCharArray()) vt.addInput(new KeyStroke(c, false, false));
            vt.addInput(new KeyStroke(KeyType.Tab));
            vt.addInput(new KeyStroke(KeyType.Escape));
            vt.addInput(new KeyStroke('?', false, false));
            Thread.sleep(300);
            vt.addInput(new KeyStroke(KeyType.Escape));
            vt.addInput(new KeyStroke('q', false, false));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
