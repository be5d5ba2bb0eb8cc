package dev.baton.serve;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** A pty's output processing (onlcr) for a command run on a pty: '\n' goes out as "\r\n", or lines would stair-step. */
final class CrlfOutputStream extends FilterOutputStream {
    CrlfOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        if (b == '\n') out.write('\r');
        out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        int start = off;
        for (int i = off; i < off + len; i++) {
            if (b[i] == '\n') {
                out.write(b, start, i - start);
                out.write('\r');
                start = i;
            }
        }
        out.write(b, start, off + len - start);
    }
}
