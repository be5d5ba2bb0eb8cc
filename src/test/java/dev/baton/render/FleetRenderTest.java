package dev.baton.render;

import dev.baton.model.ApiMode;
import dev.baton.model.RateLimit;
import dev.baton.model.RepoRef;
import dev.baton.model.Snapshot;
import dev.baton.model.SourceHealth;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A fleet row says only what was read: a repository whose GitHub has not answered is not "idle" and "ok". */
class FleetRenderTest {
    static final Instant T = Instant.parse("2026-12-03T14:20:00Z");
    static final RepoRef REPO = new RepoRef("acme", "app");

    static Snapshot snapshot(ApiMode mode, RateLimit rl) {
        return new Snapshot(T, REPO, mode, rl, List.of(), List.of(), List.of(), List.of(), List.of(),
                Map.of("github", new SourceHealth("github", T, null, null)), Map.of());
    }

    @Test
    void aFirstPollHeldByARateLimitSaysSoAndUntilWhen() {
        Snapshot held = snapshot(ApiMode.UNKNOWN, RateLimit.UNKNOWN.limitedUntil(T.plusSeconds(30)));
        FleetRender.FleetRow row = FleetRender.rows(List.of(new FleetRender.Repo("acme/app", held, null, false))).get(0);
        assertThat(row.pipeline().text()).isEqualTo("GitHub not read yet");
        assertThat(row.groups().text()).as("no 'idle' about groups never read").isEmpty();
        assertThat(row.worst().text()).isEqualTo("rate limited until 14:20:30 UTC");
    }

    @Test
    void aReadRepositoryWithNothingGoingOnIsIdleAndOk() {
        Snapshot read = snapshot(ApiMode.CONCURRENCY_API, RateLimit.UNKNOWN);
        FleetRender.FleetRow row = FleetRender.rows(List.of(new FleetRender.Repo("acme/app", read, null, false))).get(0);
        assertThat(row.groups().text()).isEqualTo("idle");
        assertThat(row.worst().text()).isEqualTo("ok");
    }
}
