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

    @Test
    void anOrgsRepositoryBeforeItsJudgementSaysSoAndNothingElseEvenWithASnapshot() {
        Snapshot read = snapshot(ApiMode.CONCURRENCY_API, RateLimit.UNKNOWN);
        var rows = FleetRender.rows(List.of(new FleetRender.Repo("acme/q", read, null, false, FleetRender.Workflows.QUEUED),
                new FleetRender.Repo("acme/r", null, null, false, FleetRender.Workflows.READING),
                new FleetRender.Repo("acme/u", null, "workflows not read: 403 Resource not accessible", false, FleetRender.Workflows.UNREADABLE),
                new FleetRender.Repo("acme/app", read, null, false)));
        assertThat(rows).extracting(r -> r.repo().label()).containsExactly("acme/u", "acme/app", "acme/q", "acme/r");
        assertThat(rows.get(0).pipeline().text()).isEqualTo("workflows unreadable");
        assertThat(rows.get(0).worst().text()).isEqualTo("workflows not read: 403 Resource not accessible");
        assertThat(rows.get(2).pipeline().text()).isEqualTo("not judged yet (workflows not read)");
        assertThat(rows.get(2).groups().text() + rows.get(2).worst().text()).isEmpty();
        assertThat(rows.get(3).pipeline().text()).isEqualTo("reading workflows...");
        assertThat(FleetRender.summary(rows, new FleetRender.Judging(2, 4, 0))).isEqualTo("4 repositories, judged 2 of 4: 1 unreadable");
        assertThat(FleetRender.summary(rows, new FleetRender.Judging(6, 6, 2)))
                .isEqualTo("4 repositories (2 left out: no concurrency groups or Terraform): 1 unreadable");
        assertThat(FleetRender.summary(rows, null)).isEqualTo("4 repositories: 1 unreadable");
        assertThat(FleetRender.summary(List.of(), null)).isEqualTo("finding the repositories...");
        assertThat(FleetRender.summary(List.of(), new FleetRender.Judging(0, 0, 0, List.of("org acme: repositories of acme: 401 Bad credentials"))))
                .isEqualTo("0 repositories; not listed: org acme: repositories of acme: 401 Bad credentials");
        assertThat(FleetRender.judgingLine(new FleetRender.Judging(1, 3, 0))).startsWith("judged 1 of 3 (");
    }
}
