package dev.baton.serve;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.terminal.ansi.ANSITerminal;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A Lanterna terminal on an SSH channel's streams: UTF-8, its size from the pty request and every
 * window-change (never Lanterna's cursor-position query, which costs a round trip and races the key
 * reader). Sizes are clamped: a client announcing a million columns must not make the screen allocate them.
 */
final class ChannelTerminal extends ANSITerminal {
    static final int MAX_COLUMNS = 1000;
    static final int MAX_ROWS = 500;
    private volatile TerminalSize size;

    ChannelTerminal(InputStream in, OutputStream out, int columns, int rows) {
        super(new CrToNl(in), out, StandardCharsets.UTF_8);
        this.size = clamp(columns, rows);
        getInputDecoder().setTimeoutUnits(1); // 250 ms: an arrow key split across SSH packets is one key, as locally
    }

    static TerminalSize clamp(int columns, int rows) {
        return new TerminalSize(Math.max(1, Math.min(MAX_COLUMNS, columns <= 0 ? 80 : columns)),
                Math.max(1, Math.min(MAX_ROWS, rows <= 0 ? 24 : rows)));
    }

    @Override
    protected TerminalSize findTerminalSize() {
        return size;
    }

    /** Sends what is still buffered (leaving the alternate screen, the cursor shown) before the channel closes. */
    @Override
    public void close() throws java.io.IOException {
        flush();
        super.close();
    }

    /**
     * A client's terminal in raw mode sends CR for Enter; a local tty turns it into NL (ICRNL) before Lanterna reads
     * it, and Lanterna knows only NL as Enter. The channel has no tty, so the translation is done here.
     */
    static final class CrToNl extends java.io.FilterInputStream {
        CrToNl(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws java.io.IOException {
            int b = super.read();
            return b == '\r' ? '\n' : b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws java.io.IOException {
            int n = super.read(b, off, len);
            for (int i = off; i < off + n; i++) if (b[i] == '\r') b[i] = '\n';
            return n;
        }
    }

    /** A window-change: the screen redraws at the new size on its next turn. */
    void resized(int columns, int rows) {
        TerminalSize s = clamp(columns, rows);
        size = s;
        onResized(s);
    }
}
