package dev.baton.sandbox;

import dev.baton.model.RunStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The scaled clock's skip: loopback stories wait on a condition, then jump over the rest of a long step. */
class SimClockSkipTest {
    @Test
    void skippingAheadRunsWhatFellDueInOrderAndTimeGoesOnFromThere() {
        // a 10-hour checkout at speed 60: without the skip this run would take ten minutes of real time
        try (SimEngine engine = SimEngine.create(EngineOptions.realtime(60).withDurations(Map.of("checkout", Duration.ofHours(10))))) {
            SimRun run = engine.state().dispatch("deploy-dev.yml", "main", Map.of(), "alice");
            // the checkout itself must be running: a skip before it starts would only push its 10 hours later
            assertThat(engine.awaitUntil(() -> engine.state().jobs(run.id()).stream().flatMap(j -> j.steps().stream())
                    .anyMatch(st -> st.name().contains("checkout") && st.status() == RunStatus.IN_PROGRESS), Duration.ofSeconds(30))).isTrue();
            Instant before = engine.now();
            engine.skip(Duration.ofHours(10));
            assertThat(engine.now()).isAfterOrEqualTo(before.plus(Duration.ofHours(10)));
            assertThat(engine.awaitUntil(() -> engine.state().run(run.id()).orElseThrow().status() == RunStatus.COMPLETED,
                    Duration.ofSeconds(30))).isTrue();
            // the steps after the checkout took their own (scaled) time from the jump on, not ten more hours
            assertThat(engine.state().run(run.id()).orElseThrow().updatedAt()).isBetween(before.plus(Duration.ofHours(10)),
                    before.plus(Duration.ofHours(10)).plus(Duration.ofMinutes(30)));
        }
    }

    @Test
    void theManualClockIsAdvancedNotSkipped() {
        try (SimEngine engine = SimEngine.create(EngineOptions.manual())) {
            assertThatThrownBy(() -> engine.skip(Duration.ofMinutes(1))).isInstanceOf(IllegalStateException.class);
        }
    }
}
