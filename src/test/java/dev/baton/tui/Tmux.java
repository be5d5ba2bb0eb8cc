package dev.baton.tui;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Drives a program in a real tmux, on a private server socket so it never touches the user's
 * sessions: start, send keys, capture the pane, resize, wait for text. For end-to-end screen tests.
 */
public final class Tmux implements AutoCloseable {
    private final String socket;
    private final String session;

    private Tmux(String socket, String session) {
        this.socket = socket;
        this.session = session;
    }

    public static boolean available() {
        try {
            Process p = new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start();
            return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Starts command (one shell line) in a detached session of the given size, with env added. */
    public static Tmux start(int cols, int rows, Map<String, String> env, String command) throws IOException {
        String socket = "baton-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        Tmux t = new Tmux(socket, "t");
        StringBuilder line = new StringBuilder("env");
        env.forEach((k, v) -> line.append(' ').append(k).append('=').append(shellQuote(v)));
        line.append(' ').append(command);
        // keep the pane after the program ends so its last words (and the restored screen) can be read
        t.tmux("-f", "/dev/null", "new-session", "-d", "-s", "t", "-x", String.valueOf(cols), "-y", String.valueOf(rows),
                line + "; echo \"[exited $?]\"; sleep 600");
        t.tmux("set-option", "-t", "t", "-s", "escape-time", "10");
        return t;
    }

    public static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** tmux key names (Enter, Escape, Tab, C-c, Up) or literal words. */
    public void keys(String... keys) throws IOException {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", session));
        args.addAll(List.of(keys));
        tmux(args.toArray(String[]::new));
    }

    /** Types text literally. */
    public void type(String text) throws IOException {
        tmux("send-keys", "-t", session, "-l", text);
    }

    public String capture() throws IOException {
        return tmux("capture-pane", "-p", "-t", session);
    }

    public void resize(int cols, int rows) throws IOException {
        tmux("resize-window", "-t", session, "-x", String.valueOf(cols), "-y", String.valueOf(rows));
    }

    /** Polls the pane until it shows text; returns the pane, or throws with the last capture. */
    public String waitFor(String text, Duration timeout) throws IOException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        String pane = capture();
        while (!pane.contains(text)) {
            if (System.nanoTime() > end) throw new AssertionError("tmux pane never showed '" + text + "':\n" + pane);
            Thread.sleep(20);
            pane = capture();
        }
        return pane;
    }

    /** Polls until the text is gone. */
    public String waitForGone(String text, Duration timeout) throws IOException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        String pane = capture();
        while (pane.contains(text)) {
            if (System.nanoTime() > end) throw new AssertionError("tmux pane still shows '" + text + "':\n" + pane);
            Thread.sleep(20);
            pane = capture();
        }
        return pane;
    }

    private String tmux(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("tmux " + String.join(" ", args) + " failed: " + out.strip());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void close() {
        try {
            tmux("kill-server");
        } catch (IOException ignored) {
            // already gone
        }
    }

    static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }
}
