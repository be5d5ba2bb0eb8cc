package dev.baton.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * An interactive shell in a detached tmux session on a private server socket (never the user's
 * tmux): type into it, capture the pane (text, or with its colours), resize the window, wait for
 * what a person would wait to see.
 */
final class TmuxPane implements AutoCloseable {
    static final String PROMPT = "e2e$ ";
    private final String socket = "baton-e2e-" + ProcessHandle.current().pid() + "-" + System.nanoTime();

    /** True when tmux runs here; false means skip, unless CI is set: there a missing tmux is a failure. */
    static boolean available() {
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

    /** Starts bash (no rc files, prompt {@link #PROMPT}) in a cols x rows window with exactly this environment. */
    static TmuxPane shell(int cols, int rows, Map<String, String> env) throws IOException, InterruptedException {
        TmuxPane p = new TmuxPane();
        List<String> cmd = new ArrayList<>(List.of("-f", "/dev/null", "new-session", "-d", "-s", "e2e", "-x", String.valueOf(cols),
                "-y", String.valueOf(rows), "env", "-i"));
        env.forEach((k, v) -> cmd.add(k + "=" + v));
        cmd.add("PS1=" + PROMPT);
        cmd.addAll(List.of("bash", "--norc", "--noprofile", "-i"));
        p.tmux(cmd.toArray(String[]::new));
        try {
            // Esc reaches the program in 10 ms instead of tmux's default 500 ms (docs/guide.md says the same to users)
            p.tmux("set-option", "-s", "escape-time", "10");
            p.waitFor(PROMPT.strip(), Duration.ofSeconds(10)); // capture-pane drops trailing blanks
            return p;
        } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
            p.close(); // a failed start must not leave a tmux server behind
            throw e;
        }
    }

    /** Types text literally (no key names). */
    void type(String text) throws IOException {
        tmux("send-keys", "-t", "e2e", "-l", text);
    }

    /** tmux key names: Enter, Escape, Tab, C-c, Up... */
    void keys(String... keys) throws IOException {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", "e2e"));
        args.addAll(List.of(keys));
        tmux(args.toArray(String[]::new));
    }

    /**
     * Esc, then a person's pause: a key within 250 ms after Esc is read as Alt+key (the screen waits that
     * long so that an arrow key split across SSH packets is not taken for Esc; docs/guide.md).
     */
    void escape() throws IOException, InterruptedException {
        keys("Escape");
        Thread.sleep(400);
    }

    /** Types a line and presses Enter. */
    void line(String text) throws IOException {
        type(text);
        keys("Enter");
    }

    String capture() throws IOException {
        return tmux("capture-pane", "-p", "-t", "e2e");
    }

    /** The pane with its SGR colour sequences, as tmux keeps them. */
    String captureColours() throws IOException {
        return tmux("capture-pane", "-p", "-e", "-t", "e2e");
    }

    void resize(int cols, int rows) throws IOException {
        tmux("resize-window", "-t", "e2e", "-x", String.valueOf(cols), "-y", String.valueOf(rows));
    }

    String waitFor(String text, Duration timeout) throws IOException, InterruptedException {
        return waitUntil(p -> p.contains(text), "shows '" + text + "'", timeout);
    }

    String waitForGone(String text, Duration timeout) throws IOException, InterruptedException {
        return waitUntil(p -> !p.contains(text), "no longer shows '" + text + "'", timeout);
    }

    /**
     * Polls the pane until the condition holds; fails with the last capture. A capture can catch a frame
     * half written, so wait for everything a step needs, never for one marker and then assert the rest.
     */
    String waitUntil(Predicate<String> condition, String what, Duration timeout) throws IOException, InterruptedException {
        return poll(false, condition, what, timeout);
    }

    /** {@link #waitUntil} on the capture with colours. */
    String waitUntilColours(Predicate<String> condition, String what, Duration timeout) throws IOException, InterruptedException {
        return poll(true, condition, what, timeout);
    }

    private String poll(boolean colours, Predicate<String> condition, String what, Duration timeout) throws IOException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        String pane = colours ? captureColours() : capture();
        while (!condition.test(pane)) {
            if (System.nanoTime() > end) throw new AssertionError("after " + timeout.toSeconds() + " s the pane never " + what + ":\n" + pane);
            Thread.sleep(25);
            pane = colours ? captureColours() : capture();
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
}
