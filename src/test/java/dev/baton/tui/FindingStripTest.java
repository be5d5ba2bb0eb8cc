package dev.baton.tui;

import dev.baton.watch.EvictionThenStaleLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The strip above the status line shows the newest finding: a STALE LOCK found minutes after an eviction
 * stands above the EVICTED warning with the time it was first seen, poll after poll (every finding used
 * to carry the latest poll's time, so the oldest kind evaluated first took the strip).
 */
class FindingStripTest {
    @TempDir
    Path tmp;

    /** What the engine's listener does: the snapshot goes to the screen's thread. */
    static void show(Harness h, dev.baton.model.Snapshot s) {
        h.view.post(() -> h.view.onSnapshot(s));
    }

    @Test
    void theStripShowsTheNewStaleLockAboveTheOldEvictionWithItsFirstSighting() throws Exception {
        try (EvictionThenStaleLock script = new EvictionThenStaleLock(); Harness h = new Harness(80, 24, false, tmp)) {
            show(h, script.held());
            show(h, script.evicted());
            h.frame();
            assertThat(h.row(22)).contains("14:00:45").contains("EVICTED");

            show(h, script.crashed(Duration.ofMinutes(3)));
            show(h, script.later(Duration.ofMinutes(2)));
            h.frame();
            assertThat(h.row(22)).as("the strip").contains("14:03:45").contains("STALE LOCK");

            h.type("4"); // the Events pane: findings first, in the same order
            String events = h.text();
            assertThat(events.indexOf("14:03:45 ⚠ STALE LOCK")).isPositive().isLessThan(events.indexOf("14:00:45 ⚠ EVICTED"));
        }
    }
}
