package dev.baton.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Owner-only files and folders: every file baton writes (HTTP cache, journals, history, log) is made
 * here, 0600 in a 0700 folder, so nobody else on a shared bastion can read it. New ones are created with
 * those permissions (no window in which they are readable); existing ones are tightened. On a file
 * system without POSIX permissions the calls just create what is missing.
 */
public final class PrivateFiles {
    static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private PrivateFiles() {
    }

    /**
     * A folder of baton's own (e.g. $XDG_STATE_HOME/baton): missing folders on the way are created 0700,
     * and the folder itself is tightened to 0700 if it already existed looser.
     */
    public static Path directory(Path dir) throws IOException {
        createDirectories(dir);
        tighten(dir, DIRECTORY);
        return dir;
    }

    /**
     * Missing folders up to and including dir are created 0700; existing ones are left as they are (for a
     * folder the user chose, such as the parent of a configured audit file).
     */
    public static Path createDirectories(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath();
        if (Files.isDirectory(abs)) return dir;
        Path parent = abs.getParent();
        if (parent != null) createDirectories(parent);
        try {
            Files.createDirectory(abs, attribute(abs, DIRECTORY));
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(abs)) throw e; // another process was first: fine; a file in the way: not
        }
        return dir;
    }

    /**
     * A file only its owner may read: created 0600 (its missing folders 0700) if absent, tightened to 0600
     * if present. Write to it afterwards with any open options that do not replace it (APPEND, or
     * TRUNCATE_EXISTING), which keep the permissions.
     */
    public static Path file(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) createDirectories(parent);
        try {
            Files.createFile(file, attribute(file, FILE));
        } catch (FileAlreadyExistsException e) {
            tighten(file, FILE);
        }
        return file;
    }

    /** Appends text (UTF-8) to an owner-only file, creating it and its folders as {@link #file} does. */
    public static void append(Path file, CharSequence text) throws IOException {
        file(file);
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /**
     * Replaces an owner-only file's content at once (a temporary 0600 file beside it, then an atomic move): a
     * reader sees the old content or the new, never half of it.
     */
    public static void replace(Path file, CharSequence text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        file(tmp);
        Files.writeString(tmp, text, StandardCharsets.UTF_8, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Removes every group and other permission of path (not following a symbolic link). */
    public static void tighten(Path path) throws IOException {
        tighten(path, Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) ? DIRECTORY : FILE);
    }

    private static void tighten(Path path, Set<PosixFilePermission> wanted) throws IOException {
        if (!posix(path) || Files.isSymbolicLink(path)) return;
        Set<PosixFilePermission> now = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
        if (!wanted.containsAll(now)) {
            Set<PosixFilePermission> kept = java.util.EnumSet.noneOf(PosixFilePermission.class);
            kept.addAll(now);
            kept.retainAll(wanted);
            Files.setPosixFilePermissions(path, kept);
        }
    }

    private static FileAttribute<?>[] attribute(Path path, Set<PosixFilePermission> permissions) {
        return posix(path) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)} : new FileAttribute<?>[0];
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
