package dev.baton;

import dev.baton.github.GitHubClient;
import dev.baton.github.GitHubSettings;
import dev.baton.model.RepoRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The workflow catalog's refresh through hub4j against the sandbox: a file the folder's listing names with the
 * sha already read is not read again, so a refresh of an unchanged folder is one request, whatever its files.
 */
class FileReadsLoopbackTest {
    @TempDir
    Path home;

    @Test
    void anUnchangedFolderIsOneRequestItsFilesAreNotReadAgain() throws Exception {
        try (LoopbackFixture box = new LoopbackFixture(0.001, home);
             GitHubClient client = new GitHubClient(new GitHubSettings(box.github.baseUrl(), LoopbackFixture.TOKEN,
                     RepoRef.parse(box.engine.state().repo().fullName()), home.resolve("cache"), Duration.ofSeconds(10)),
                     LoopbackFixture.NO_WAIT)) {
            Map<String, String> first = client.files(".github/workflows", ".yml");
            assertThat(first).hasSizeGreaterThan(1);
            long before = client.meter().requests();
            Map<String, String> again = client.files(".github/workflows", ".yml");
            assertThat(again).isEqualTo(first);
            assertThat(client.meter().requests() - before).as("the listing alone, not " + (1 + first.size())).isEqualTo(1);
        }
    }
}
