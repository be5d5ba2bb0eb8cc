package dev.baton.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.terminal.Terminal;
import com.googlecode.lanterna.terminal.ansi.UnixLikeTerminal;
import com.googlecode.lanterna.terminal.ansi.UnixTerminal;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Makes the real terminal for the console, or says in one line why there is none. */
public final class Terminals {
    private Terminals() {
    }

    /** Why the full screen cannot start; the message is one line, fit to print as it is. */
    public static final class Unavailable extends Exception {
        public Unavailable(String message) {
            super(message);
        }
    }

    /**
     * The Lanterna terminal on stdin/stdout: UTF-8 set explicitly (Lanterna would use the JVM default and
     * turn box drawing into '?' under LANG=C), input timeout so an arrow split across SSH packets is not
     * read as Esc, Ctrl-C trapped (the screen asks before quitting), mouse off.
     */
    public static Terminal open(Map<String, String> env) throws Unavailable {
        refuseWhy(env, System.console() != null);
        try {
            SttyTerminal t = new SttyTerminal();
            // 1 unit = 250 ms: an arrow key split across SSH packets is still read as one key
            t.getInputDecoder().setTimeoutUnits(1);
            return t;
        } catch (IOException | RuntimeException e) {
            throw new Unavailable("cannot open the terminal: " + e.getMessage());
        }
    }

    /**
     * Lanterna's Unix terminal with its size read from the tty ("stty size") instead of Lanterna's
     * cursor-position query: that query costs an SSH round trip at start and on every resize (up to
     * 5 s when unanswered), and its answer races with the key reader under load. Mouse stays off.
     * At start one shell saves the tty's settings, reads the size and sets raw mode, where Lanterna
     * would start five stty processes one after the other and the size a sixth (each start from the JVM
     * costs several ms, tens on a busy host, all before the first frame).
     */
    static final class SttyTerminal extends UnixTerminal {
        private String saved;
        private TerminalSize sizeAtStart;
        private boolean raw;

        SttyTerminal() throws IOException {
            super(System.in, System.out, StandardCharsets.UTF_8, UnixLikeTerminal.CtrlCBehaviour.TRAP);
        }

        @Override
        protected void saveTerminalSettings() throws IOException {
            // Lanterna runs this from its constructor, then asks for -icanon, min 1, -echo and intr undef
            String out = exec("sh", "-c", "stty -g; echo /; stty size; stty -icanon min 1 -echo intr undef");
            int slash = out.indexOf('/');
            String settings = slash < 0 ? "" : out.substring(0, slash).trim();
            if (!settings.matches("[0-9A-Fa-f:]+")) throw new IOException("stty -g printed '" + out.trim() + "'");
            saved = settings;
            sizeAtStart = parseSttySize(out.substring(slash + 1));
            raw = true;
        }

        @Override
        protected void restoreTerminalSettings() throws IOException {
            raw = false;
            if (saved != null) exec("stty", saved); // also brings back the operator's own intr key
        }

        @Override
        protected void canonicalMode(boolean enabled) throws IOException {
            if (!(raw && !enabled)) super.canonicalMode(enabled);
        }

        @Override
        protected void keyEchoEnabled(boolean enabled) throws IOException {
            if (!(raw && !enabled)) super.keyEchoEnabled(enabled);
        }

        @Override
        protected void keyStrokeSignalsEnabled(boolean enabled) throws IOException {
            if (raw && !enabled) return;
            if (enabled && saved != null) return; // after a restore of the saved settings: already as it was
            super.keyStrokeSignalsEnabled(enabled);
        }

        @Override
        protected TerminalSize findTerminalSize() throws IOException {
            TerminalSize size = sizeAtStart;
            sizeAtStart = null;
            if (size == null) size = sttySize();
            return size != null ? size : super.findTerminalSize();
        }

        private static TerminalSize sttySize() {
            try {
                Process p = new ProcessBuilder("stty", "size").redirectInput(ProcessBuilder.Redirect.from(new File("/dev/tty")))
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                if (!p.waitFor(2, TimeUnit.SECONDS) || p.exitValue() != 0) return null;
                return parseSttySize(out);
            } catch (IOException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    /** "ROWS COLS" as stty prints it; null when it is anything else. */
    static TerminalSize parseSttySize(String out) {
        String[] parts = out == null ? new String[0] : out.trim().split("\\s+");
        if (parts.length != 2) return null;
        try {
            int rows = Integer.parseInt(parts[0]);
            int cols = Integer.parseInt(parts[1]);
            return rows > 0 && cols > 0 ? new TerminalSize(cols, rows) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The refusals, apart so they can be tested without a terminal. */
    static void refuseWhy(Map<String, String> env, boolean tty) throws Unavailable {
        if (!tty) {
            throw new Unavailable("the full-screen view needs a terminal on stdin and stdout; use 'baton -c CMD', a script, or 'baton shell'");
        }
        String term = env.getOrDefault("TERM", "").trim().toLowerCase(Locale.ROOT);
        if (term.isEmpty() || term.equals("dumb") || term.equals("unknown")) {
            throw new Unavailable("TERM=" + (term.isEmpty() ? "(unset)" : term)
                    + " cannot show the full-screen view; set TERM (e.g. xterm-256color) or use 'baton shell'");
        }
    }

    /** The clipboard for copied log lines: OSC 52 on stdout, wrapped for tmux when $TMUX is set. */
    public static Clipboard clipboard(Map<String, String> env) {
        return Osc52.forEnvironment(System.out, env);
    }
}
