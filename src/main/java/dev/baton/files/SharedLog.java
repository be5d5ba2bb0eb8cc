package dev.baton.files;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * A log file several processes append to at once (the screen, `watch` in another pane, scripts): opened
 * for append, never truncated, each {@link #flush} one write(2) of whole lines, which O_APPEND places at
 * the end as one piece, so lines of different processes never mix. Over {@code limit} bytes it is rotated
 * (file -> file.1 -> ... -> file.KEEP, the oldest dropped) by whichever process notices first, under a
 * lock file beside it; every other process sees that the path now names a new file and reopens it. A
 * line written to the old file at that moment lands in file.1, never nowhere.
 */
public final class SharedLog extends OutputStream {
    /** One JVM's rotations: a FileLock is per process, so threads and instances of one JVM take turns here first. */
    private static final Object ROTATION = new Object();

    private final Path file;
    private final long limit;
    private final int keep;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream(512);
    private FileChannel channel;
    private Object openedKey;

    private SharedLog(Path file, long limit, int keep) {
        this.file = file;
        this.limit = limit;
        this.keep = keep;
    }

    /** Opens file (0600, folders 0700) for appending; rotates it first if it is already over limit. */
    public static SharedLog open(Path file, long limit, int keep) throws IOException {
        if (limit <= 0 || keep < 1) throw new IllegalArgumentException("limit and keep must be positive");
        SharedLog log = new SharedLog(file, limit, keep);
        synchronized (log) {
            log.rotateIfFull();
            log.reopen();
        }
        return log;
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void write(int b) {
        pending.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        pending.write(b, off, len);
    }

    /** Appends what was written since the last flush in one write; then rotates if the file grew past the limit. */
    @Override
    public synchronized void flush() throws IOException {
        if (pending.size() == 0) return;
        if (channel == null) throw new IOException(file + " is closed");
        if (!current()) reopen(); // another process rotated it
        ByteBuffer buf = ByteBuffer.wrap(pending.toByteArray());
        pending.reset();
        while (buf.hasRemaining()) channel.write(buf);
        if (channel.size() > limit) {
            rotateIfFull();
            reopen();
        }
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            flush();
        } finally {
            if (channel != null) channel.close();
            channel = null;
        }
    }

    /** Still the file the path names (not rotated away, not deleted)? */
    private boolean current() {
        try {
            Object key = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            return key == null || Objects.equals(key, openedKey);
        } catch (IOException e) {
            return false;
        }
    }

    private void reopen() throws IOException {
        if (channel != null) channel.close();
        PrivateFiles.file(file);
        channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS);
        openedKey = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }

    /** Rotates under the lock file, after checking again: another process may have rotated it a moment ago. */
    private void rotateIfFull() throws IOException {
        synchronized (ROTATION) {
            Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
            PrivateFiles.file(lockFile);
            try (FileChannel lockChannel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
                 FileLock ignored = lockChannel.lock()) {
                long size;
                try {
                    size = Files.size(file);
                } catch (NoSuchFileException e) {
                    return;
                }
                if (size <= limit) return;
                for (int i = keep - 1; i >= 1; i--) {
                    Path older = generation(i);
                    if (Files.exists(older, LinkOption.NOFOLLOW_LINKS)) Files.move(older, generation(i + 1), StandardCopyOption.REPLACE_EXISTING);
                }
                Files.move(file, generation(1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private Path generation(int i) {
        return file.resolveSibling(file.getFileName() + "." + i);
    }
}
