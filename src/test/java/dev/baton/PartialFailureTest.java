package dev.baton;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12 section 3: one partial failure does not sink a command that does not need it. GitHub refuses
 * only the read of the backend files (429); groups come from elsewhere and must still be shown.
 */
class PartialFailureTest {
    @TempDir
    Path home;
    LoopbackFixture box;
    FaultyGitHubProxy proxy;

    @BeforeEach
    void start() throws Exception {
        box = new LoopbackFixture(30, home);
        // the proxy's 429s hold GitHub's requests for their Retry-After: measured on a manual wall clock, not spent
        dev.baton.testkit.ManualClock wall = new dev.baton.testkit.ManualClock(java.time.Instant.now());
        box.wall = wall;
        box.sleeper = wall::advance;
        proxy = new FaultyGitHubProxy(box.github.baseUrl(), path -> path.contains("/contents/infrastructure/terraform"));
        box.env.put("GITHUB_API_URL", proxy.baseUrl());
    }

    @AfterEach
    void stop() {
        proxy.close();
        box.close();
    }

    @Test
    void groupsAnswersWhenABackendFileReadGets429() {
        LoopbackFixture.Outcome o = box.baton("groups");
        assertThat(proxy.refused.get()).as("the backend files were refused").isPositive();
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.out()).contains("deploy-production");
    }
}
