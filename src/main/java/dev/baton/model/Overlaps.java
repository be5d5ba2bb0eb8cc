package dev.baton.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The one overlap rule: which spans ran at the same time, and when. The watch's verdicts, the screen's
 * timeline, the text Gantt and the simulator's "deployed the same environment at once" all ask it, so
 * a run the summary calls overlapping is the run the chart marks.
 */
public final class Overlaps {
    private Overlaps() {
    }

    /** When something ran: from null means it never did, to null that it still does. */
    public record Span(Instant from, Instant to) {
    }

    /** Spans a and b (indexes into the list) both ran from..to. */
    public record Overlap(int a, int b, Instant from, Instant to) {
    }

    /**
     * Every pair of spans that ran at once, up to now for the ones still running. From the times, never
     * from chart columns: a hand-off (one ends as the next starts) shares a column but is no race.
     */
    public static List<Overlap> of(List<Span> spans, Instant now) {
        List<Overlap> out = new ArrayList<>();
        for (int i = 0; i < spans.size(); i++) {
            for (int j = i + 1; j < spans.size(); j++) {
                Span a = spans.get(i), b = spans.get(j);
                if (a.from() == null || b.from() == null) continue;
                Instant s = later(a.from(), b.from());
                Instant e = earlier(a.to() == null ? now : a.to(), b.to() == null ? now : b.to());
                if (s.isBefore(e)) out.add(new Overlap(i, j, s, e));
            }
        }
        return out;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
