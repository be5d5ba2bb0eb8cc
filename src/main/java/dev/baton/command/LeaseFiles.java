package dev.baton.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.files.PrivateFiles;
import dev.baton.model.Lease;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Leases shared by every baton process of one state directory (issue 13): two `baton serve`, or a server and a
 * local `baton`, must not both unlock prod. One file per target under stateDir/leases, named by a hash of the
 * target's key; its holder keeps an exclusive OS lock on it (java.nio {@link FileLock}) and writes the lease into it
 * while it acts. The OS lock is the truth for taking a lease: it dies with its process, so a crashed holder never
 * leaves a lease behind. Files are emptied, never deleted (a deleted file could be locked by two processes at once,
 * one on the old inode, one on a new). Other processes' leases are read for the screens without locking (a lock
 * taken to look could make a taker fail): a file with a lease whose process is alive is held.
 */
final class LeaseFiles {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Every lease file this JVM holds, by path: another Baton root of this JVM sees them here (the OS lock is per JVM). */
    private static final Map<Path, Held> HELD = new ConcurrentHashMap<>();
    /**
     * Every open of a lease file in this JVM is made under this monitor. The OS lock is a POSIX record lock: closing
     * ANY descriptor of the file in this process releases it, so a file this process holds is never opened again
     * (a screen's read of the folder skips HELD ones), and a read must not slip in between a take's lock and its entry
     * in HELD (the folder's change report wakes the reader exactly then).
     */
    private static final Object FILES = new Object();

    private record Held(LeaseFiles owner, FileChannel channel, FileLock lock, Lease lease) {
    }

    private final java.util.function.Supplier<Path> where;
    private volatile Path dir;

    LeaseFiles(Path dir) {
        this(() -> dir);
    }

    /** where: asked on first use (a Baton's state folder depends on its configuration, read lazily). */
    LeaseFiles(java.util.function.Supplier<Path> where) {
        this.where = where;
    }

    Path dir() {
        Path d = dir;
        if (d == null) dir = d = where.get().toAbsolutePath().normalize();
        return d;
    }

    /**
     * Takes the target's file for this lease: null when taken (or the folder cannot be written: the lease is then this
     * process's only, as before, and the log says so), else the lease of the other process (or other root) holding it.
     */
    Lease take(Lease lease) {
        synchronized (FILES) {
            return takeFile(lease);
        }
    }

    private Lease takeFile(Lease lease) {
        Path file = file(lease.target());
        Held other = HELD.get(file);
        if (other != null) return other.owner == this ? null : other.lease;
        FileChannel ch = null;
        try {
            PrivateFiles.directory(dir());
            PrivateFiles.file(file);
            ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // another root of this JVM, between its lock and its registration
            }
            if (lock == null) {
                ch.close();
                return holder(file, lease);
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(encode(lease)), 0);
            ch.force(false);
            HELD.put(file, new Held(this, ch, lock, lease));
            return null;
        } catch (IOException | RuntimeException e) {
            LoggerFactory.getLogger(LeaseFiles.class).warn("cannot share the lease on {} with other baton processes ({}): {}",
                    lease.label(), file, e.toString());
            closeQuietly(ch);
            return null;
        }
    }

    /** Gives the target's file back: emptied, then unlocked. A target this process does not hold is left alone. */
    void drop(String target) {
        synchronized (FILES) {
            dropFile(target);
        }
    }

    private void dropFile(String target) {
        Path file = file(target);
        Held h = HELD.get(file);
        if (h == null || h.owner != this) return;
        HELD.remove(file);
        try {
            h.channel.truncate(0);
        } catch (IOException e) {
            LoggerFactory.getLogger(LeaseFiles.class).warn("cannot empty {}: {}", file, e.toString());
        }
        closeQuietly(h.channel); // releases the lock
    }

    /** Gives every file of this owner back (its Baton closes). */
    void dropAll() {
        synchronized (FILES) {
            for (Map.Entry<Path, Held> e : List.copyOf(HELD.entrySet())) if (e.getValue().owner == this) dropFile(e.getValue().lease.target());
        }
    }

    /**
     * The leases held by other processes (and other roots of this JVM), for the screens: read without locking. A file
     * whose process is gone (crashed mid-lease) is not held. Sessions are -1: never a session of this Baton.
     */
    List<Lease> others() {
        synchronized (FILES) {
            return readOthers();
        }
    }

    private List<Lease> readOthers() {
        List<Lease> out = new ArrayList<>();
        Path dir;
        try {
            dir = dir();
        } catch (RuntimeException e) {
            return out; // no state folder to share (no repository configured): nothing to read
        }
        if (!Files.isDirectory(dir)) return out;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.lease")) {
            for (Path f : files) {
                Held h = HELD.get(f);
                if (h != null) {
                    Lease l = h.lease;
                    if (h.owner != this) out.add(new Lease(l.target(), l.label(), l.action(), l.operator(), l.door(), -1, l.since()));
                    continue;
                }
                Lease l = read(f);
                if (l != null) out.add(l);
            }
        } catch (IOException | RuntimeException e) {
            LoggerFactory.getLogger(LeaseFiles.class).debug("cannot list {}: {}", dir, e.toString());
        }
        return out;
    }

    /** The lease of the process that holds the file's OS lock; it writes it just after locking, so an empty file is read again briefly. */
    private Lease holder(Path file, Lease wanted) {
        for (int i = 0; i < 20; i++) { // at most 100 ms, Team.this held: a holder writes right after locking
            Lease l = read(file);
            if (l != null) return l;
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        // held, but its holder wrote nothing we can read (a newer baton's format?): still refused, said as well as we can
        return new Lease(wanted.target(), wanted.label(), wanted.action(), "another baton process", "local", -1, Instant.now());
    }

    /** A file's lease if its process is alive, else null (empty, unreadable, or left by a process that is gone). */
    private static Lease read(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            if (bytes.length == 0) return null;
            JsonNode n = JSON.readTree(bytes);
            long pid = n.path("pid").asLong(-1);
            if (!alive(pid, n.path("started").asText(null))) return null;
            return new Lease(n.path("target").asText(), n.path("label").asText(), n.path("action").asText(), n.path("operator").asText(),
                    n.path("door").asText(), -1, Instant.parse(n.path("since").asText()));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The process is running, and is the one that wrote (its start time, where the OS tells it, so a reused pid is not). */
    private static boolean alive(long pid, String started) {
        if (pid <= 0) return false;
        var p = ProcessHandle.of(pid);
        if (p.isEmpty() || !p.get().isAlive()) return false;
        if (started == null || started.isEmpty()) return true;
        return p.get().info().startInstant().map(s -> s.toString().equals(started)).orElse(true);
    }

    private static byte[] encode(Lease l) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("target", l.target());
        n.put("label", l.label());
        n.put("action", l.action());
        n.put("operator", l.operator());
        n.put("door", l.door());
        n.put("since", l.since().toString());
        ProcessHandle me = ProcessHandle.current();
        n.put("pid", me.pid());
        me.info().startInstant().ifPresent(s -> n.put("started", s.toString()));
        return JSON.writeValueAsString(n).getBytes(StandardCharsets.UTF_8);
    }

    private Path file(String target) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(target.getBytes(StandardCharsets.UTF_8));
            return dir().resolve(HexFormat.of().formatHex(h, 0, 16) + ".lease");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch == null) return;
        try {
            ch.close();
        } catch (IOException ignored) {
            // closing releases the lock either way
        }
    }
}
