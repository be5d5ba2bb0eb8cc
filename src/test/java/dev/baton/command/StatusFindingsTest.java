package dev.baton.command;

import dev.baton.model.ApiMode;
import dev.baton.model.Finding;
import dev.baton.model.RateLimit;
import dev.baton.model.RepoRef;
import dev.baton.model.Severity;
import dev.baton.model.Snapshot;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** `status` lists findings as the screen does: the most severe first, then the newest first sighting, each with that time. */
class StatusFindingsTest {
    static final Instant T = Instant.parse("2026-03-10T14:05:00Z");

    @Test
    void findingsComeMostSevereThenNewestFirstWithTheTimeFirstSeen() {
        // in the order Findings evaluates them: races, evictions, ..., locks
        List<Finding> found = List.of(
                new Finding(Finding.Kind.RACE, Severity.ERROR, "deploy-dev", "2 members of deploy-dev in progress at once", List.of(),
                        T.minusSeconds(600)),
                new Finding(Finding.Kind.EVICTED, Severity.WARNING, "deploy-production", "#57 evicted by #59", List.of(), T.minusSeconds(300), 1057),
                new Finding(Finding.Kind.STALE_LOCK, Severity.WARNING, "s3://acme-tfstate/preprod/terraform.tfstate.tflock",
                        "no live run of preprod can own this lock", List.of(), T.minusSeconds(60)));
        Snapshot s = new Snapshot(T, new RepoRef("acme", "infra"), ApiMode.CONCURRENCY_API, RateLimit.UNKNOWN,
                List.of(), List.of(), List.of(), List.of(), found, Map.of());

        String text = StatusCommand.text(s, List.of());
        String findings = text.substring(text.indexOf("FINDINGS"));
        assertThat(findings.lines().skip(1).toList()).containsExactly(
                "  13:55:00 ERROR RACE  deploy-dev: 2 members of deploy-dev in progress at once",
                "  14:04:00 WARNING STALE LOCK  s3://acme-tfstate/preprod/terraform.tfstate.tflock: no live run of preprod can own this lock",
                "  14:00:00 WARNING EVICTED  deploy-production: #57 evicted by #59");
        assertThat(StatusCommand.shown(s)).extracting(Finding::kind)
                .containsExactly(Finding.Kind.RACE, Finding.Kind.STALE_LOCK, Finding.Kind.EVICTED);
    }
}
