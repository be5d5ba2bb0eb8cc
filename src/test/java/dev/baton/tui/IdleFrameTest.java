package dev.baton.tui;

import com.googlecode.lanterna.TerminalSize;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import dev.baton.model.ConcurrencyGroup;
import dev.baton.model.Run;
import dev.baton.model.Snapshot;

import static org.assertj.core.api.Assertions.assertThat;

/** An idle screen over SSH: while the data is fresh, the passing seconds change no cell, so no byte is sent. */
class IdleFrameTest {
    @TempDir
    Path tmp;

    @Test
    void secondsPassingWithFreshDataSendNoFrame() throws Exception {
        Snapshot idle = idle(Fixtures.snapshot());
        MutableClock clock = new MutableClock(idle.takenAt());
        ConsoleOptions o = Harness.base(tmp).clock(clock).staleAfter(java.time.Duration.ofSeconds(15));
        try (Harness h = new Harness(160, 48, new Fixtures.FakeRunner(false), o, Runnable::run)) {
            h.view.onSnapshot(idle);
            h.frame();
            AtomicInteger flushes = h.flushes();
            for (int s = 1; s <= 9; s++) {
                clock.now = clock.now.plusSeconds(1);
                h.view.tick();
                h.frame();
            }
            assertThat(flushes.get()).as("frames sent in 9 quiet seconds").isZero();
            assertThat(h.text()).contains("updated just now");
            clock.now = clock.now.plusSeconds(1); // no snapshot for 10 s: that is news
            h.view.tick();
            h.frame();
            assertThat(flushes.get()).isEqualTo(1);
            assertThat(h.text()).contains("updated 10s ago");
        }
    }

    /** Nothing running or waiting, no locks; each group last ran ten minutes before the snapshot. */
    static Snapshot idle(Snapshot s) {
        List<Run> done = s.runs().stream().filter(r -> !r.alive()).toList();
        List<ConcurrencyGroup> groups = s.groups().stream().map(g -> new ConcurrencyGroup(g.name(), List.of(),
                s.takenAt().minusSeconds(600), g.source(), g.pattern(), g.workflows())).toList();
        return new Snapshot(s.takenAt(), s.repo(), s.mode(), s.rateLimit(), done, groups, List.of(), s.stages(), List.of(), Map.of());
    }

    static final class MutableClock extends Clock {
        volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }
}
