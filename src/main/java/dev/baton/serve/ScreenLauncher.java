package dev.baton.serve;

import com.googlecode.lanterna.terminal.Terminal;
import dev.baton.command.Commands;

import java.util.Map;

/**
 * Runs the full screen on a session's terminal, as the local screen runs (the entry point wires it: the
 * screen's start-up lives there). env: the session's own (TERM, NO_COLOR, COLORTERM), for colours and glyphs.
 */
@FunctionalInterface
public interface ScreenLauncher {
    /** Blocks until the operator quits or the terminal goes away; returns the exit code. */
    int run(Terminal terminal, Commands commands, Map<String, String> env);
}
