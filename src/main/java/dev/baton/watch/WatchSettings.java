package dev.baton.watch;

import java.time.Duration;

/**
 * interval: the poll period; staleAfter: a lock older than this is STALE whatever runs exist;
 * keepEvicted: how long EVICTED and OUT-OF-ORDER findings stay on show; byHeat: the poll period follows the
 * repository's heat (watch/Heat) - for a fleet, whose budget is shared; one repository watched alone is always
 * polled at the interval, so a new deploy in an idle repository is on screen within seconds, not a minute.
 */
public record WatchSettings(Duration interval, Duration staleAfter, Duration keepEvicted, int runsPerPage, boolean byHeat) {
    public WatchSettings(Duration interval, Duration staleAfter, Duration keepEvicted, int runsPerPage) {
        this(interval, staleAfter, keepEvicted, runsPerPage, false);
    }

    public static WatchSettings defaults() {
        return new WatchSettings(Duration.ofSeconds(5), Duration.ofHours(2), Duration.ofMinutes(30), 50);
    }

    public WatchSettings withInterval(Duration d) {
        return new WatchSettings(d, staleAfter, keepEvicted, runsPerPage, byHeat);
    }

    public WatchSettings byHeat(boolean on) {
        return new WatchSettings(interval, staleAfter, keepEvicted, runsPerPage, on);
    }
}
