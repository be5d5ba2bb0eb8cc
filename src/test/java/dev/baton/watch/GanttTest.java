package dev.baton.watch;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GanttTest {
    private static final Instant T0 = Instant.parse("2026-11-26T14:00:00Z");

    private static Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }

    @Test
    void aHandOffInsideOneColumnIsNoOverlap() {
        // 7 s per column: B starts the instant A ends, in the middle of a column
        List<String> chart = Gantt.render("g", List.of(
                new Gantt.Bar("A", at(0), at(0), at(80), false),
                new Gantt.Bar("B", at(10), at(80), at(200), false)), T0, at(420), 60);
        assertThat(chart).noneMatch(l -> l.startsWith("OVERLAP"));
        assertThat(chart.get(1)).isEqualTo("A  ############");
        assertThat(chart.get(2)).isEqualTo("B   ..........##################");
        assertThat(chart.get(3)).doesNotContain("! overlap");
    }

    @Test
    void runsAtTheSameTimeAreMarkedWhereTheyOverlap() {
        List<String> chart = Gantt.render("g", List.of(
                new Gantt.Bar("run-A-1", at(0), at(0), at(120), false),
                new Gantt.Bar("run-B-1", at(60), at(60), at(180), false),
                new Gantt.Bar("run-C-1", at(30), null, at(60), true)), T0, at(240), 24);
        // 10 s per column: A and B both run from 60 s to 120 s
        assertThat(chart.get(3)).isEqualTo("run-C-1     ...x");
        assertThat(chart.get(4)).isEqualTo("OVERLAP        !!!!!!!");
        assertThat(chart.get(5)).endsWith("! overlap");
    }
}
