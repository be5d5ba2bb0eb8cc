package dev.baton.watch;

import java.time.Duration;

/**
 * interval: the poll period; staleAfter: a lock older than this is STALE whatever runs exist;
 * keepEvicted: how long EVICTED and OUT-OF-ORDER findings stay on show.
 */
public record WatchSettings(Duration interval, Duration staleAfter, Duration keepEvicted, int runsPerPage) {
    public static WatchSettings defaults() {
        return new WatchSettings(Duration.ofSeconds(5), Duration.ofHours(2), Duration.ofMinutes(30), 50);
    }

    public WatchSettings withInterval(Duration d) {
        return new WatchSettings(d, staleAfter, keepEvicted, runsPerPage);
    }
}
