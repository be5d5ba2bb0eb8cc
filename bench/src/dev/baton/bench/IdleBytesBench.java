package dev.baton.bench;

import dev.baton.testkit.Tmux;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Bytes written to the terminal in one idle minute (the sandbox's idle scenario, 160x48, tmux pipe-pane):
 * the screen, against `watch -n 5 baton status` showing the same groups and locks, both started on the
 * same standalone `baton sandbox`, measured over the same minute after both settled.
 */
public final class IdleBytesBench {
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        Path dir = Files.createTempDirectory("baton-bench-idle");
        Path screenOut = dir.resolve("screen.bytes"), watchOut = dir.resolve("watch.bytes");
        long screen, watch;
        try (Tmux term = Term.tmux(); Term.Sandbox sandbox = new Term.Sandbox("idle", 1, dir.resolve("sandbox.log"))) {
            Map<String, String> env = Term.home(dir);
            env.putAll(sandbox.exports);
            Tmux.Pane screenPane = term.start("screen", 160, 48, env, Term.batonCommand());
            Tmux.Pane watchPane = term.start("watch", 160, 48, env, "watch -n 5 " + Term.batonCommand("status"));
            screenPane.waitUntil(FirstFrameBench.DATA, "showed the sandbox's data", Duration.ofSeconds(60));
            watchPane.waitUntil(p -> p.contains("deploy-preprod"), "showed baton status under watch", Duration.ofSeconds(60));
            Thread.sleep(15_000); // past the start: the first polls, the class archive's training, the age clock's first seconds
            Files.createFile(screenOut);
            Files.createFile(watchOut);
            screenPane.pipe(screenOut);
            watchPane.pipe(watchOut);
            Thread.sleep(seconds * 1000L);
            screenPane.pipe(null);
            watchPane.pipe(null);
            Thread.sleep(200);
            screen = Files.size(screenOut);
            watch = Files.size(watchOut);
        }
        double perMin = 60.0 / seconds;
        System.out.printf("idle scenario, %d s at 160x48, bytes per minute written to the terminal%n", seconds);
        System.out.printf("watch -n 5 baton status   %8.0f%n", watch * perMin);
        System.out.printf("baton screen              %8.0f  %.1f%% of watch  target < 5%%: %s%n", screen * perMin,
                watch == 0 ? Double.NaN : 100.0 * screen / watch, screen < 0.05 * watch ? "met" : "MISSED");
        System.out.println("raw output kept in " + dir);
    }
}
