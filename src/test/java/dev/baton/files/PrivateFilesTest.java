package dev.baton.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class PrivateFilesTest {
    @TempDir
    Path tmp;

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void missingFoldersAndFilesAreCreatedOwnerOnly() throws Exception {
        Path f = PrivateFiles.file(tmp.resolve("a/b/c.log"));
        assertThat(mode(tmp.resolve("a"))).isEqualTo("rwx------");
        assertThat(mode(tmp.resolve("a/b"))).isEqualTo("rwx------");
        assertThat(mode(f)).isEqualTo("rw-------");
        Files.writeString(f, "x");
        assertThat(PrivateFiles.file(f)).hasContent("x"); // a second call keeps the content
    }

    @Test
    void baton_sOwnFoldersAndFilesAreTightened() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("state/baton"));
        Files.setPosixFilePermissions(tmp.resolve("state"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path f = Files.createFile(dir.resolve("events.jsonl"));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        PrivateFiles.directory(dir);
        PrivateFiles.file(f);
        assertThat(mode(dir)).isEqualTo("rwx------");
        assertThat(mode(f)).isEqualTo("rw-------");
        assertThat(mode(tmp.resolve("state"))).as("an existing parent is not baton's to change").isEqualTo("rwxr-xr-x");
    }

    @Test
    void anExistingFolderTheUserChoseIsLeftAlone() throws Exception {
        Path shared = Files.createDirectories(tmp.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-x---"));
        PrivateFiles.file(shared.resolve("audit.jsonl"));
        assertThat(mode(shared)).isEqualTo("rwxr-x---");
        assertThat(mode(shared.resolve("audit.jsonl"))).isEqualTo("rw-------");
    }
}
