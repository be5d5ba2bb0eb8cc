package dev.baton.model;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

class TimesTest {
    @Test
    void durationsShowTheirTwoLargestUnitsTheSecondPadded() {
        assertThat(Times.duration(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(Times.duration(Duration.ofSeconds(65))).isEqualTo("1m05s");
        assertThat(Times.duration(Duration.ofSeconds(60))).isEqualTo("1m");
        assertThat(Times.duration(Duration.ofMinutes(30))).isEqualTo("30m");
        assertThat(Times.duration(Duration.ofSeconds(2 * 3600 + 3 * 60 + 59))).isEqualTo("2h03m");
        assertThat(Times.duration(Duration.ofHours(2))).isEqualTo("2h");
        assertThat(Times.duration(Duration.ofSeconds(3 * 86400 + 4 * 3600))).isEqualTo("3d04h");
        assertThat(Times.duration(Duration.ofDays(3))).isEqualTo("3d");
        assertThat(Times.duration(Duration.ofSeconds(-5))).isEqualTo("0s");
        assertThat(Times.seconds(125)).isEqualTo("2m05s");
    }

    @Test
    void roughDurationsMoveByTheMinute() {
        assertThat(Times.roughly(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(Times.roughly(Duration.ofSeconds(24 * 60 + 57))).isEqualTo("24m");
        assertThat(Times.roughly(Duration.ofSeconds(3 * 3600 + 5 * 60 + 30))).isEqualTo("3h05m");
    }

    @Test
    void clockTimesAreUtcUnlessAZoneIsGiven() {
        Instant t = Instant.parse("2026-11-26T06:40:57.900Z");
        assertThat(Times.clock(t)).isEqualTo("06:40:57");
        assertThat(Times.clock(t, ZoneId.of("Europe/Berlin"))).isEqualTo("07:40:57");
        assertThat(Times.clockMinutes(t, ZoneId.of("UTC"))).isEqualTo("06:40");
        assertThat(Times.age(t, t.plusSeconds(79))).isEqualTo("1m19s");
    }

    @Test
    void anythingUnknownIsOneSymbol() {
        assertThat(Times.UNKNOWN).isEqualTo("-");
        assertThat(Times.clock(null)).isEqualTo("-");
        assertThat(Times.clock(null, ZoneId.of("UTC"))).isEqualTo("-");
        assertThat(Times.clockMinutes(null, ZoneId.of("UTC"))).isEqualTo("-");
        assertThat(Times.duration(null)).isEqualTo("-");
        assertThat(Times.roughly(null)).isEqualTo("-");
        assertThat(Times.age(null, Instant.EPOCH)).isEqualTo("-");
        assertThat(Times.age(Instant.EPOCH, null)).isEqualTo("-");
        assertThat(Times.roughAge(null, Instant.EPOCH)).isEqualTo("-");
        assertThat(Times.shortSha(null)).isEqualTo("-");
        assertThat(Times.shortSha("")).isEqualTo("-");
        assertThat(Times.shortSha("e4a8df5c0ffee")).isEqualTo("e4a8df5");
    }
}
