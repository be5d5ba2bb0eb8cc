package dev.baton.github;

import dev.baton.files.PrivateFiles;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * One process's own HTTP cache folder. OkHttp's disk cache keeps a journal that only one process may
 * write: two batons sharing one folder (the screen, and `watch` in another pane) corrupt each other's
 * journal and entries. So the cache folder holds {@link #SLOTS} caches, {@code 0/} to {@code 3/}, each
 * owned through an exclusive lock on {@code N.lock} for as long as its client lives: a baton takes the
 * first free one, and a cache stays warm across restarts (a `baton status` after another one still gets
 * 304 revalidations). Each slot is a separate cache rather than a share of one, since OkHttp cannot
 * share. With every slot taken a baton runs uncached (every poll a full request, nothing breaks); the
 * lock goes with the process, so a crashed baton frees its slot.
 */
final class CacheSlot implements AutoCloseable {
    static final int SLOTS = 4;
    /**
     * Slots this JVM holds. Java's file locks are per process: a second tryLock here would throw, and
     * closing any channel of a locked file would drop this process's lock on it; so a held slot is
     * skipped without opening its lock file.
     */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path dir;
    private final Path lockFile;
    private final FileChannel channel;

    private CacheSlot(Path dir, Path lockFile, FileChannel channel) {
        this.dir = dir;
        this.lockFile = lockFile;
        this.channel = channel;
    }

    /** The first free slot under base (created 0700), or empty when every slot is taken. */
    static Optional<CacheSlot> take(Path base) throws IOException {
        PrivateFiles.directory(base);
        dropOldLayout(base);
        for (int i = 0; i < SLOTS; i++) {
            Path lockFile = base.resolve(i + ".lock").toAbsolutePath();
            if (!HELD.add(lockFile)) continue;
            FileChannel channel = null;
            try {
                PrivateFiles.file(lockFile);
                channel = FileChannel.open(lockFile, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
                FileLock lock = channel.tryLock();
                if (lock != null) return Optional.of(new CacheSlot(PrivateFiles.directory(base.resolve(String.valueOf(i))), lockFile, channel));
            } catch (IOException | OverlappingFileLockException e) {
                // not ours to take: try the next
            }
            if (channel != null) channel.close();
            HELD.remove(lockFile);
        }
        return Optional.empty();
    }

    /** Before slots, one cache lived right in base: its journal and entries would never be read again. */
    private static void dropOldLayout(Path base) {
        try (Stream<Path> files = Files.list(base)) {
            for (Path p : files.toList()) {
                String name = p.getFileName().toString();
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && !name.matches("\\d+\\.lock")) Files.deleteIfExists(p);
            }
        } catch (IOException | RuntimeException e) {
            // best effort: the files only take room
        }
    }

    /** This process's cache folder. */
    Path dir() {
        return dir;
    }

    /** Frees the slot for another baton (closing the channel releases its lock). */
    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // the lock goes with the process anyway
        } finally {
            HELD.remove(lockFile);
        }
    }
}
