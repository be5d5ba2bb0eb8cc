package dev.baton.tui;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Copies text to the local terminal's clipboard with the OSC 52 escape, which travels through SSH.
 * Inside tmux (TMUX set) it is wrapped in tmux's DCS passthrough so it reaches the outer terminal
 * (tmux 3.3+ needs "set -g allow-passthrough on", or "set -s set-clipboard on" for plain OSC 52).
 */
public final class Osc52 implements Clipboard {
    /** Terminals cap OSC 52 payloads (xterm ~100 kB); stay well under. */
    static final int MAX_BYTES = 74_000;

    private final OutputStream out;
    private final boolean tmux;

    public Osc52(OutputStream out, boolean tmux) {
        this.out = out;
        this.tmux = tmux;
    }

    public static Osc52 forEnvironment(OutputStream out, Map<String, String> env) {
        String t = env.get("TMUX");
        return new Osc52(out, t != null && !t.isEmpty());
    }

    static String sequence(String text, boolean tmux) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_BYTES) bytes = java.util.Arrays.copyOf(bytes, MAX_BYTES);
        String osc = "\u001b]52;c;" + Base64.getEncoder().encodeToString(bytes) + "\u0007";
        return tmux ? "\u001bPtmux;" + osc.replace("\u001b", "\u001b\u001b") + "\u001b\\" : osc;
    }

    @Override
    public boolean copy(String text) {
        try {
            out.write(sequence(text, tmux).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
