package dev.baton.tui;

import com.googlecode.lanterna.terminal.DefaultTerminalFactory;
import com.googlecode.lanterna.terminal.Terminal;
import com.googlecode.lanterna.terminal.ansi.UnixLikeTerminal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

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
            DefaultTerminalFactory f = new DefaultTerminalFactory(System.out, System.in, StandardCharsets.UTF_8)
                    .setForceTextTerminal(true)
                    .setInputTimeout(1)
                    .setUnixTerminalCtrlCBehaviour(UnixLikeTerminal.CtrlCBehaviour.TRAP)
                    .setMouseCaptureMode(null);
            return f.createTerminal();
        } catch (IOException | RuntimeException e) {
            throw new Unavailable("baton: cannot open the terminal: " + e.getMessage());
        }
    }

    /** The refusals, apart so they can be tested without a terminal. */
    static void refuseWhy(Map<String, String> env, boolean tty) throws Unavailable {
        if (!tty) {
            throw new Unavailable("baton: the full-screen view needs a terminal on stdin and stdout; use 'baton -c CMD', a script, or 'baton shell'");
        }
        String term = env.getOrDefault("TERM", "").trim().toLowerCase(Locale.ROOT);
        if (term.isEmpty() || term.equals("dumb") || term.equals("unknown")) {
            throw new Unavailable("baton: TERM=" + (term.isEmpty() ? "(unset)" : term)
                    + " cannot show the full-screen view; set TERM (e.g. xterm-256color) or use 'baton shell'");
        }
    }

    /** The clipboard for copied log lines: OSC 52 on stdout, wrapped for tmux when $TMUX is set. */
    public static Clipboard clipboard(Map<String, String> env) {
        return Osc52.forEnvironment(System.out, env);
    }
}
