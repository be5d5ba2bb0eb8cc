package dev.baton.serve;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The local door's wire format between `baton attach` and `baton serve`: frames of one type byte, a length
 * (4 bytes, at most {@link #MAX}) and the payload. attach sends HELLO ("TERM COLUMNS ROWS", then NAME=value words for
 * NO_COLOR, COLORTERM and BATON_THEME), DATA (keys) and
 * SIZE ("COLUMNS ROWS"); serve sends DATA (the screen) and EXIT (the exit code as text). Instead of HELLO a
 * client may send QUERY: serve answers INFO ("OWNER/REPO SESSIONS") and closes, which is how plain `baton`
 * learns that a server for its repository runs. Anything else, or a longer frame, ends the connection: a
 * garbage client costs one thread and nothing more.
 */
public final class Frames {
    public static final byte HELLO = 'h';
    public static final byte DATA = 'd';
    public static final byte SIZE = 'w';
    public static final byte EXIT = 'x';
    public static final byte QUERY = '?';
    public static final byte INFO = 'i';
    static final int MAX = 64 * 1024;

    public record Frame(byte type, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private Frames() {
    }

    /**
     * Streams on a blocking socket channel that read and write at the same time. Channels.newInputStream and
     * newOutputStream both take the channel's blocking lock, so a read waiting for keys would hold up the screen.
     */
    public static DataInputStream input(java.nio.channels.SocketChannel c) {
        return new DataInputStream(new java.io.BufferedInputStream(new java.io.InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return len == 0 ? 0 : c.read(java.nio.ByteBuffer.wrap(b, off, len));
            }
        }));
    }

    public static DataOutputStream output(java.nio.channels.SocketChannel c) {
        return new DataOutputStream(new java.io.BufferedOutputStream(new java.io.OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(b, off, len);
                while (buffer.hasRemaining()) c.write(buffer);
            }
        }));
    }

    public static void write(DataOutputStream out, byte type, byte[] payload, int off, int len) throws IOException {
        synchronized (out) {
            out.writeByte(type);
            out.writeInt(len);
            out.write(payload, off, len);
            out.flush();
        }
    }

    public static void write(DataOutputStream out, byte type, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        write(out, type, b, 0, b.length);
    }

    /** The next frame; null at the end of the stream. @throws IOException a malformed or oversized frame */
    public static Frame read(DataInputStream in) throws IOException {
        int type = in.read();
        if (type < 0) return null;
        int len = in.readInt();
        if (len < 0 || len > MAX) throw new IOException("frame of " + len + " bytes");
        byte[] payload = new byte[len];
        try {
            in.readFully(payload);
        } catch (EOFException e) {
            return null;
        }
        return new Frame((byte) type, payload);
    }
}
