package dev.baton.watch;

import dev.baton.model.Finding;
import dev.baton.model.Run;
import dev.baton.model.Severity;
import dev.baton.model.Snapshot;

import java.time.Duration;
import java.time.Instant;

/**
 * How often a repository is worth polling, from what its last snapshot shows: hot (a run queued or running,
 * a lock held, a warning or error finding open) at the refresh interval; warm (a run created or updated in the
 * last 30 minutes) four times slower, at most 30 s; cold twelve times slower, at most 60 s - a first dispatch in
 * an idle repository is seen within a minute at the default 5 s refresh. Never faster than the refresh. Pure:
 * the watch engine's loop asks it after each poll (the fleet, per repository).
 */
public final class Heat {
    public enum Level { HOT, WARM, COLD }

    static final Duration WARM_FOR = Duration.ofMinutes(30);
    static final Duration WARM_AT_MOST = Duration.ofSeconds(30);
    static final Duration COLD_AT_MOST = Duration.ofSeconds(60);

    private Heat() {
    }

    /** The repository's heat as of now; a snapshot never taken (nothing known yet) is hot. */
    public static Level of(Snapshot s, Instant now) {
        if (s == null || s.takenAt() == null) return Level.HOT;
        if (s.runs().stream().anyMatch(Run::alive) || !s.locks().isEmpty()) return Level.HOT;
        for (Finding f : s.findings()) {
            if (f.severity() == Severity.WARNING || f.severity() == Severity.ERROR) return Level.HOT;
        }
        Instant since = now.minus(WARM_FOR);
        for (Run r : s.runs()) {
            Instant last = r.updatedAt() != null ? r.updatedAt() : r.createdAt();
            if (last != null && last.isAfter(since)) return Level.WARM;
        }
        return Level.COLD;
    }

    /** The poll interval of a level at this refresh. */
    public static Duration interval(Level level, Duration refresh) {
        Duration slower = switch (level) {
            case HOT -> refresh;
            case WARM -> min(refresh.multipliedBy(4), WARM_AT_MOST);
            case COLD -> min(refresh.multipliedBy(12), COLD_AT_MOST);
        };
        return slower.compareTo(refresh) < 0 ? refresh : slower;
    }

    /** When the repository is next due: its last poll plus its heat's interval. */
    public static Instant nextPoll(Snapshot s, Instant now, Duration refresh) {
        Instant last = s == null || s.takenAt() == null ? now : s.takenAt();
        return last.plus(interval(of(s, now), refresh));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
