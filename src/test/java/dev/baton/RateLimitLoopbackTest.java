package dev.baton;

import dev.baton.github.GitHubClient;
import dev.baton.github.GitHubException;
import dev.baton.github.GitHubSettings;
import dev.baton.github.RequestScheduler;
import dev.baton.model.RepoRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The request scheduler through hub4j and OkHttp against the sandbox's GitHub server: unchanged answers are
 * free 304 revalidations, and a 429 with retry-after holds the host (the scheduler on a manual clock, whose
 * sleeper moves it: the wait is measured, not spent).
 */
class RateLimitLoopbackTest {
    @TempDir
    Path home;
    LoopbackFixture box;
    FaultyGitHubProxy proxy;
    final AtomicBoolean refuseRuns = new AtomicBoolean();
    final dev.baton.testkit.ManualClock clock = new dev.baton.testkit.ManualClock(Instant.now());
    GitHubClient client;
    RequestScheduler scheduler;

    @BeforeEach
    void start() throws Exception {
        box = new LoopbackFixture(0.001, home); // the sandbox's runs stand still: an answer changes only if baton changes it
        proxy = new FaultyGitHubProxy(box.github.baseUrl(), path -> path.endsWith("/actions/runs") && refuseRuns.getAndSet(false));
        box.engine.state().dispatch("deploy-dev.yml", "main", java.util.Map.of(), "alice"); // a run to read
        scheduler = new RequestScheduler("sandbox", clock, clock::advance);
        GitHubSettings settings = new GitHubSettings(proxy.baseUrl(), LoopbackFixture.TOKEN,
                RepoRef.parse(box.engine.state().repo().fullName()), home.resolve("cache"), Duration.ofSeconds(10));
        client = new GitHubClient(settings, LoopbackFixture.NO_WAIT, scheduler);
    }

    @AfterEach
    void stop() {
        if (client != null) client.close();
        proxy.close();
        box.close();
    }

    @Test
    void anUnchangedAnswerIsAFree304() {
        long run = firstRunId();
        client.jobs(run); // through hub4j too
        int remaining = client.rateLimit().remaining();
        long counted = scheduler.stats().counted();
        long notModified = client.meter().notModified();
        client.recentRuns(20);
        client.jobs(run);
        assertThat(client.meter().notModified() - notModified).as("the runs and the jobs revalidated: 304s on the wire").isEqualTo(3);
        assertThat(scheduler.stats().counted()).as("the scheduler counted them free").isEqualTo(counted);
        assertThat(client.rateLimit().remaining()).as("GitHub (the sandbox) charged nothing").isEqualTo(remaining);
    }

    private long firstRunId() {
        return client.recentRuns(20).stream().findFirst().map(r -> r.id()).orElseThrow();
    }

    @Test
    void theOperatorsReadWaitsOutA429AndIsSentAgain() {
        refuseRuns.set(true);
        Instant t0 = clock.instant();
        assertThat(client.recentRuns(20)).isNotEmpty();
        assertThat(proxy.refused.get()).isEqualTo(1);
        assertThat(Duration.between(t0, clock.instant())).as("the proxy's Retry-After: 1").isEqualTo(Duration.ofSeconds(1));
        assertThat(client.heldFor()).isNull();
    }

    @Test
    void aPollMeetsTheHoldAndIsToldUntilWhenThroughHub4jToo() {
        long run = firstRunId();
        refuseRuns.set(true);
        Instant t0 = clock.instant();
        assertThatThrownBy(() -> RequestScheduler.polling(() -> client.recentRuns(20)))
                .isInstanceOfSatisfying(GitHubException.class, e -> assertThat(e.rateLimited()).isTrue());
        assertThat(client.heldFor()).isEqualTo(Duration.ofSeconds(1));
        long sent = client.meter().requests();
        assertThatThrownBy(() -> RequestScheduler.polling(() -> client.jobs(run)))
                .isInstanceOfSatisfying(GitHubException.class, e -> {
                    assertThat(e.rateLimited()).isTrue();
                    assertThat(e.getMessage()).contains("rate limited until");
                });
        assertThat(client.meter().requests()).as("the held poll never reached the wire").isEqualTo(sent);
        assertThat(clock.instant()).as("no poll waited").isEqualTo(t0);
    }
}
