package dev.baton.render;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The one chart (render/TimelineRender.chart) as the text commands draw it: ASCII, UTC, an axis, bars, the overlap row. */
class TimelineChartTest {
    private static final Instant T0 = Instant.parse("2026-11-26T14:00:00Z");

    private static Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }

    private static List<String> chart(List<TimelineRender.Bar> bars, Instant to, int width) {
        return TimelineRender.chart("g", bars, T0, to, width, ZoneOffset.UTC, TimelineRender.Marks.ASCII, null);
    }

    @Test
    void aHandOffInsideOneColumnIsNoOverlap() {
        // 420 s over 45 columns (9.3 s each): B starts the instant A ends, inside a column
        List<String> chart = chart(List.of(
                new TimelineRender.Bar("A", at(0), at(0), at(80), false, false),
                new TimelineRender.Bar("B", at(10), at(80), at(200), false, false)), at(420), 60);
        assertThat(chart.get(0)).isEqualTo("g  14:00:00 - 14:07:00 UTC  (1 column = 9s)");
        // a machine whose zone is Etc/UTC says UTC as well; another zone is named
        assertThat(TimelineRender.chart("g", List.of(), T0, at(420), 60, java.time.ZoneId.of("Etc/UTC"), TimelineRender.Marks.ASCII, null).get(0))
                .startsWith("g  14:00:00 - 14:07:00 UTC  ");
        assertThat(TimelineRender.chart("g", List.of(), T0, at(420), 60, java.time.ZoneId.of("Europe/Berlin"), TimelineRender.Marks.ASCII, null).get(0))
                .startsWith("g  15:00:00 - 15:07:00 Europe/Berlin  ");
        assertThat(chart).noneMatch(l -> l.startsWith("overlap"));
        String label = " ".repeat(14); // the least label column: "overlap (RACE)"
        assertThat(chart.get(3)).isEqualTo("A" + label.substring(1) + " #########");
        assertThat(chart.get(4)).isEqualTo("B" + label.substring(1) + "  .......##############");
        assertThat(chart).allMatch(l -> l.length() <= 60);
    }

    @Test
    void runsAtTheSameTimeAreMarkedWhereTheyOverlap() {
        List<String> chart = chart(List.of(
                new TimelineRender.Bar("run-A-1", at(0), at(0), at(120), false, false),
                new TimelineRender.Bar("run-B-1", at(60), at(60), at(180), false, false),
                new TimelineRender.Bar("run-C-1", at(30), null, at(60), true, false)), at(240), 34);
        // label 14 + 1, then 19 columns for 240 s (12.6 s each): A and B both run from 60 s to 120 s, columns 4 to 9
        assertThat(chart.get(5)).isEqualTo("run-C-1" + " ".repeat(7) + "   ..X");
        assertThat(chart.get(6)).isEqualTo("overlap (RACE)     !!!!!!");
        assertThat(chart.get(3)).contains("!"); // A's running cells in the overlap
        assertThat(chart.get(7)).startsWith("# running  . waiting  X evicted"); // cut at the width
    }

    @Test
    void givenOverlapWindowsAreMarkedAndNothingElse() {
        List<TimelineRender.Bar> bars = List.of(
                new TimelineRender.Bar("A", at(0), at(0), at(120), false, false),
                new TimelineRender.Bar("B", at(60), at(60), at(180), false, false));
        assertThat(TimelineRender.chart("g", bars, T0, at(240), 40, ZoneOffset.UTC, TimelineRender.Marks.ASCII, List.of()))
                .noneMatch(l -> l.startsWith("overlap"));
    }

    @Test
    void aSkippedRunIsWordedNotDrawn() {
        List<String> chart = chart(List.of(new TimelineRender.Bar("deploy #1 bob", at(30), null, at(30), false, true)), at(240), 60);
        assertThat(chart.get(3)).startsWith("deploy #1 bob").contains("skipped (if:)");
        assertThat(chart.get(3).substring("deploy #1 bob".length())).doesNotContain("#").doesNotContain(".");
    }
}
