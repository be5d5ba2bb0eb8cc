package dev.baton.github;

import dev.baton.model.RepoRef;
import dev.baton.model.Sleeper;
import dev.baton.sandbox.EngineOptions;
import dev.baton.sandbox.GitHubServer;
import dev.baton.sandbox.SimEngine;
import dev.baton.testkit.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A read handed on (a fleet's judging, for the repository's watch) is the next read of the same folder once, while
 * no older than {@link RepoContents#HANDED_ON_FOR}; every other read lists the folder on GitHub (the sandbox's counter).
 */
class RepoContentsHandOnTest {
    private static final String TOKEN = "ghp_HandOnTestToken0123456789abcdefghij";

    @TempDir
    Path cacheDir;
    private SimEngine engine;
    private GitHubServer server;
    private GitHubTransport transport;
    private final ManualClock clock = new ManualClock();

    @BeforeEach
    void start() {
        engine = SimEngine.create(EngineOptions.manual());
        server = new GitHubServer(engine.state(), GitHubServer.Options.defaults(TOKEN)).start();
        GitHubSettings settings = new GitHubSettings(server.baseUrl(), TOKEN, RepoRef.parse(engine.state().repo().fullName()),
                cacheDir, Duration.ofSeconds(5));
        transport = new GitHubTransport(settings, Sleeper.SYSTEM, new RequestScheduler("test", Clock.systemUTC(), Sleeper.SYSTEM));
    }

    @AfterEach
    void stop() {
        transport.close();
        server.close();
        engine.close();
    }

    private long listings() {
        return server.secondary().requestsByPath().getOrDefault("/repos/" + engine.state().repo().fullName() + "/contents/"
                + WorkflowCatalog.FOLDER, 0L);
    }

    @Test
    void aHandedOnReadIsTheNextReadOnceThenTheFolderIsListedAgain() {
        RepoContents contents = new RepoContents(transport, clock);
        Map<String, String> judged = contents.filesHandedOn(WorkflowCatalog.FOLDER, ".yml", ".yaml");
        assertThat(judged).isNotEmpty();
        assertThat(listings()).isEqualTo(1);

        clock.advance(RepoContents.HANDED_ON_FOR); // as old as it may be
        assertThat(contents.files(WorkflowCatalog.FOLDER, ".yml", ".yaml")).containsExactlyEntriesOf(judged);
        assertThat(listings()).isEqualTo(1);

        assertThat(contents.files(WorkflowCatalog.FOLDER, ".yml", ".yaml")).containsExactlyEntriesOf(judged);
        assertThat(listings()).isEqualTo(2); // once only
    }

    @Test
    void anOldHandedOnReadOrAnotherFoldersIsNotUsed() {
        RepoContents contents = new RepoContents(transport, clock);
        contents.filesHandedOn(WorkflowCatalog.FOLDER, ".yml", ".yaml");
        contents.files(WorkflowCatalog.FOLDER, ".yml"); // other suffixes: another read
        assertThat(listings()).isEqualTo(2);

        clock.advance(RepoContents.HANDED_ON_FOR.plusSeconds(1));
        assertThat(contents.files(WorkflowCatalog.FOLDER, ".yml", ".yaml")).isNotEmpty();
        assertThat(listings()).isEqualTo(3);
    }

    @Test
    void withoutAHandOnEveryReadListsTheFolder() {
        RepoContents contents = new RepoContents(transport, clock);
        contents.files(WorkflowCatalog.FOLDER, ".yml", ".yaml");
        contents.files(WorkflowCatalog.FOLDER, ".yml", ".yaml");
        assertThat(listings()).isEqualTo(2);
    }
}
