package dev.baton.github;

import dev.baton.files.PrivateFiles;
import okhttp3.internal.io.FileSystem;
import okio.Sink;
import okio.Source;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;

/**
 * OkHttp's cache files, created owner-only (0600, PrivateFiles) instead of with the umask's 0644.
 * OkHttp 4 takes a file system only through its internal FileSystem interface, the way its own tests
 * do; an OkHttp upgrade that drops it fails the build here rather than silently loosening the files.
 */
final class PrivateCacheFiles implements FileSystem {
    private final FileSystem system = FileSystem.SYSTEM;

    @Override
    public Source source(File file) throws FileNotFoundException {
        return system.source(file);
    }

    @Override
    public Sink sink(File file) throws FileNotFoundException {
        create(file);
        return system.sink(file); // truncates the 0600 file, keeps its permissions
    }

    @Override
    public Sink appendingSink(File file) throws FileNotFoundException {
        create(file);
        return system.appendingSink(file);
    }

    @Override
    public void delete(File file) throws IOException {
        system.delete(file);
    }

    @Override
    public boolean exists(File file) {
        return system.exists(file);
    }

    @Override
    public long size(File file) {
        return system.size(file);
    }

    @Override
    public void rename(File from, File to) throws IOException {
        system.rename(from, to);
    }

    @Override
    public void deleteContents(File directory) throws IOException {
        system.deleteContents(directory);
    }

    private static void create(File file) throws FileNotFoundException {
        try {
            PrivateFiles.file(file.toPath());
        } catch (IOException e) {
            FileNotFoundException f = new FileNotFoundException(file + ": " + e.getMessage());
            f.initCause(e);
            throw f;
        }
    }
}
