package dev.baton.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A private tmux server (its own socket, never the user's tmux) and the panes of its sessions: type into
 * them, capture them (text, or with colours), resize, wait for what a person would wait to see. The one
 * terminal driver of the screen tests and the screen benchmarks (bench/run compiles testkit with them).
 */
public final class Tmux implements AutoCloseable {
    /** The prompt of {@link #shell}. */
    public static final String PROMPT = "e2e$ ";
    private final String socket;

    /** A server named after its user (tests, bench), started by the first session. */
    public Tmux(String user) {
        this.socket = "baton-" + user + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    }

    /** True when tmux runs here. */
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

    /**
     * Starts a session running the shell command line with env added to the server's environment. The
     * command is exec'd, so the pane's pid is the program's own (bin/baton execs java, too).
     */
    public Pane start(String session, int cols, int rows, Map<String, String> env, String command) throws IOException {
        StringBuilder line = new StringBuilder("exec env");
        env.forEach((k, v) -> line.append(' ').append(k).append('=').append(quote(v)));
        line.append(' ').append(command);
        return open(session, cols, rows, List.of(line.toString()));
    }

    /** Starts bash (no rc files, prompt {@link #PROMPT}) with exactly this environment, and waits for its prompt. */
    public Pane shell(String session, int cols, int rows, Map<String, String> env) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("env", "-i"));
        env.forEach((k, v) -> argv.add(k + "=" + v));
        argv.add("PS1=" + PROMPT);
        argv.addAll(List.of("bash", "--norc", "--noprofile", "-i"));
        Pane p = open(session, cols, rows, argv);
        p.waitFor(PROMPT.strip(), Duration.ofSeconds(10)); // capture-pane drops trailing blanks
        return p;
    }

    private Pane open(String session, int cols, int rows, List<String> argv) throws IOException {
        List<String> args = new ArrayList<>(List.of("-f", "/dev/null", "new-session", "-d", "-s", session,
                "-x", String.valueOf(cols), "-y", String.valueOf(rows)));
        args.addAll(argv);
        tmux(args.toArray(String[]::new));
        // Esc reaches the program in 10 ms instead of tmux's default 500 ms (docs/guide.md says the same to users)
        tmux("set-option", "-s", "escape-time", "10");
        return new Pane(session);
    }

    public static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
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

    /** Ends the server and every program in it. */
    @Override
    public void close() {
        try {
            tmux("kill-server");
        } catch (IOException ignored) {
            // already gone
        }
    }

    /** One session's pane. */
    public final class Pane {
        private final String session;

        private Pane(String session) {
            this.session = session;
        }

        /** Types text literally (no key names). */
        public void type(String text) throws IOException {
            tmux("send-keys", "-t", session, "-l", text);
        }

        /** tmux key names: Enter, Escape, Tab, C-c, Up... */
        public void keys(String... keys) throws IOException {
            List<String> args = new ArrayList<>(List.of("send-keys", "-t", session));
            args.addAll(List.of(keys));
            tmux(args.toArray(String[]::new));
        }

        /** Types a line and presses Enter. */
        public void line(String text) throws IOException {
            type(text);
            keys("Enter");
        }

        /**
         * Esc, then a person's pause: a key within 250 ms after Esc is read as Alt+key (the screen waits that
         * long so that an arrow key split across SSH packets is not taken for Esc; docs/guide.md).
         */
        public void escape() throws IOException, InterruptedException {
            keys("Escape");
            Thread.sleep(400);
        }

        /**
         * Esc, then what it does shown: the screen acts on Esc only after 250 ms without another key, so once its
         * effect is on the pane the next key is read on its own (no pause to guess). Returns that pane.
         */
        public String escapeUntil(Predicate<String> done, String what, Duration timeout) throws IOException, InterruptedException {
            keys("Escape");
            return waitUntil(done, what, timeout);
        }

        public String capture() throws IOException {
            return tmux("capture-pane", "-p", "-t", session);
        }

        /** The pane with its SGR colour sequences, as tmux keeps them. */
        public String captureColours() throws IOException {
            return tmux("capture-pane", "-p", "-e", "-t", session);
        }

        public void resize(int cols, int rows) throws IOException {
            tmux("resize-window", "-t", session, "-x", String.valueOf(cols), "-y", String.valueOf(rows));
        }

        public String waitFor(String text, Duration timeout) throws IOException, InterruptedException {
            return waitUntil(p -> p.contains(text), "shows '" + text + "'", timeout);
        }

        public String waitForGone(String text, Duration timeout) throws IOException, InterruptedException {
            return waitUntil(p -> !p.contains(text), "no longer shows '" + text + "'", timeout);
        }

        /**
         * Polls the pane until the condition holds; fails with the last capture. A capture can catch a frame
         * half written, so wait for everything a step needs, never for one marker and then assert the rest.
         */
        public String waitUntil(Predicate<String> condition, String what, Duration timeout) throws IOException, InterruptedException {
            return poll(false, condition, what, timeout);
        }

        /** {@link #waitUntil} on the capture with colours. */
        public String waitUntilColours(Predicate<String> condition, String what, Duration timeout) throws IOException, InterruptedException {
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

        /** For timing: the nanoTime at which a capture first satisfied the condition (polled every 5 ms), or -1 after the timeout. */
        public long firstSeen(Predicate<String> condition, Duration timeout) throws InterruptedException {
            long end = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < end) {
                String pane;
                try {
                    pane = capture();
                } catch (IOException e) {
                    pane = ""; // the session is still starting
                }
                if (condition.test(pane)) return System.nanoTime();
                Thread.sleep(5);
            }
            return -1;
        }

        /** The pid of the pane's process. */
        public long pid() throws IOException {
            return Long.parseLong(tmux("display-message", "-p", "-t", session, "#{pane_pid}").strip());
        }

        /** Appends everything the pane's program writes to the terminal to file (tmux pipe-pane); null stops. */
        public void pipe(Path file) throws IOException {
            if (file == null) tmux("pipe-pane", "-t", session);
            else tmux("pipe-pane", "-t", session, "cat >> " + quote(file.toString()));
        }

        public void kill() {
            try {
                tmux("kill-session", "-t", session);
            } catch (IOException ignored) {
                // gone already
            }
        }
    }
}
