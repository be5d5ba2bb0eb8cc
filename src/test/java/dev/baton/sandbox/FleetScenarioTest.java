package dev.baton.sandbox;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A fleet scenario: a few repositories busy at a time, the activity moving on, on manual clocks. */
class FleetScenarioTest {
    private final List<SimEngine> engines = new ArrayList<>();

    @AfterEach
    void close() {
        engines.forEach(SimEngine::close);
    }

    private void fleetOf(int n) {
        for (FleetRepo r : FleetRepo.fleet(n)) engines.add(SimEngine.create(EngineOptions.manual().withRepo(r)));
    }

    private void advanceAll(Duration d) {
        engines.forEach(e -> e.advance(d));
    }

    /** Which repositories (by index) have had a merge so far. */
    private List<Integer> merged() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < engines.size(); i++) if (engines.get(i).state().repo().commits().size() > 1) out.add(i);
        return out;
    }

    @Test
    void theActiveSetMovesOnEveryPeriodAndWrapsAround() {
        Scenario.Fleet f = new Scenario.Fleet(2, Duration.ofMinutes(1), 1);
        assertThat(List.of(0, 1, 2, 3, 4).stream().filter(i -> f.activeIn(0, i, 5)).toList()).containsExactly(0, 1);
        assertThat(List.of(0, 1, 2, 3, 4).stream().filter(i -> f.activeIn(1, i, 5)).toList()).containsExactly(2, 3);
        assertThat(List.of(0, 1, 2, 3, 4).stream().filter(i -> f.activeIn(2, i, 5)).toList()).containsExactly(0, 4);
        assertThat(new Scenario.Fleet(9, Duration.ofMinutes(1), 1).activeIn(7, 3, 5)).isTrue();
    }

    @Test
    void activityMovesAcrossTheFleetWhileTheOthersStayIdle() {
        fleetOf(6);
        Scenario sc = Scenario.parse("moving", "fleet: {active: 2, every: 2m, merges: 2}\n");
        sc.schedule(engines);
        advanceAll(Duration.ofSeconds(30));
        assertThat(merged()).containsExactly(0, 1);
        assertThat(engines.get(0).state().repo().commits()).hasSize(3); // two merges, 10 s apart
        assertThat(engines.get(1).state().runs(RunQuery.ALL)).isNotEmpty();
        assertThat(engines.get(2).state().runs(RunQuery.ALL)).isEmpty();
        advanceAll(Duration.ofMinutes(2));
        assertThat(merged()).containsExactly(0, 1, 2, 3);
        advanceAll(Duration.ofMinutes(2));
        assertThat(merged()).containsExactly(0, 1, 2, 3, 4, 5);
        // the turn comes back to the first ones
        advanceAll(Duration.ofMinutes(2));
        assertThat(engines.get(0).state().repo().commits()).hasSize(5);
        assertThat(engines.get(2).state().repo().commits()).hasSize(3);
    }

    @Test
    void theBuiltInFleetScenarioLoadsAndABadFleetSaysWhy() {
        assertThat(Scenario.load("fleet").fleet()).isEqualTo(new Scenario.Fleet(3, Duration.ofMinutes(2), 2));
        assertThat(Scenario.load("rapid-merges").fleet()).isNull();
        assertThatThrownBy(() -> Scenario.parse("x", "fleet: {active: 0}\n")).hasMessage("scenario x: fleet: active must be at least 1");
        assertThatThrownBy(() -> Scenario.parse("x", "fleet: 3\n")).hasMessageContaining("fleet must be a mapping");
    }
}
