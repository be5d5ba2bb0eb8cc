package dev.baton.command;

import dev.baton.model.ApiMode;
import dev.baton.model.ConcurrencyGroup;
import dev.baton.model.GroupSource;
import dev.baton.model.RateLimit;
import dev.baton.model.RepoRef;
import dev.baton.model.Snapshot;
import dev.baton.model.SourceHealth;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** `watch --until`: data that could not be read never satisfies a condition. */
class WatchConditionTest {
    static final Instant NOW = Instant.parse("2026-11-27T00:00:00Z");

    static Snapshot idle(Map<String, SourceHealth> health) {
        return new Snapshot(NOW, new RepoRef("acme", "app"), ApiMode.CONCURRENCY_API, RateLimit.UNKNOWN, List.of(),
                List.of(new ConcurrencyGroup("deploy-production", List.of(), null, GroupSource.API, false, List.of())),
                List.of(), List.of(), List.of(), health);
    }

    @Test
    void idleGroupsWithNoLocksReadAreNotFree() {
        WatchCommand.Condition free = WatchCommand.Condition.parse("free");
        SourceHealth github = new SourceHealth("github", NOW, null, null);
        assertThat(free.holds(idle(Map.of("github", github)), List.of())).isTrue();
        SourceHealth s3Down = new SourceHealth("s3://state", NOW.minusSeconds(60), "cannot connect", NOW.minusSeconds(30));
        assertThat(free.holds(idle(Map.of("github", github, "s3://state", s3Down)), List.of())).isFalse();
        // idle is about groups only: a lock store's outage does not change it
        assertThat(WatchCommand.Condition.parse("idle").holds(idle(Map.of("github", github, "s3://state", s3Down)), List.of())).isTrue();
        SourceHealth githubDown = new SourceHealth("github", NOW.minusSeconds(60), "502", NOW.minusSeconds(30));
        assertThat(WatchCommand.Condition.parse("idle").holds(idle(Map.of("github", githubDown)), List.of())).isFalse();
    }
}
