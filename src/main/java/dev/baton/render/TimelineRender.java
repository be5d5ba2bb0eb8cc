package dev.baton.render;

import dev.baton.model.Conclusion;
import dev.baton.model.ConcurrencyGroup;
import dev.baton.model.Event;
import dev.baton.model.GroupMember;
import dev.baton.model.Overlaps;
import dev.baton.model.Run;
import dev.baton.model.RunStatus;
import dev.baton.model.Times;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one text Gantt chart of runs over a window: the screen's timeline (`t`, `:timeline`), `simulate`'s and
 * `rapid-fire`'s charts. Waiting, running, evicted, a skipped run's word, and an overlap row where two runs
 * ran at once (a race). Pure: the screen colours it by mark, the commands print it in ASCII.
 *
 * <pre>
 * deploy-production  14:00:00 - 14:30:00 UTC  (1 column = 30s)
 *                    14:00     14:05     14:10 ...
 *                    ┊─────────┊─────────┊──────
 * #57 alice 9f3c2a1  ░░░░░░█████████████
 * #58 bob   1a2b3c4        ░░░░░░░░░✗
 * overlap (RACE)               ▓▓
 * █ running  ░ waiting  ✗ evicted  ▓ two running at once
 * </pre>
 */
public final class TimelineRender {
    private static final long[] TICKS = {10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600};
    /** The label column: as wide as the longest label, within these bounds (the least fits "overlap (RACE)"). */
    private static final int MIN_LABEL = 14;
    private static final int MAX_LABEL = 28;

    private TimelineRender() {
    }

    /** The characters a chart is drawn with: the screen's (its Glyphs), or ASCII for text that pastes into any ticket. */
    public record Marks(char running, char waiting, char evicted, char overlap, char rule, char tick) {
        public static final Marks ASCII = new Marks('#', '.', 'X', '!', '-', ':');
    }

    /** One run: it waited from waitFrom, ran from runFrom (null: never ran) until end (null: still going); skipped: its jobs' if: was false. */
    public record Bar(String label, Instant waitFrom, Instant runFrom, Instant end, boolean evicted, boolean skipped) {
    }

    /**
     * The bars of a group's runs seen in [from, to]: its members and every run named by a run event whose
     * subject is the group (queued, pending, started, completed, evicted). Runs are not matched by workflow:
     * one workflow often feeds several groups (deploy-dev, deploy-production).
     */
    public static List<Bar> groupBars(ConcurrencyGroup group, List<Run> runs, List<Event> events, Instant from, Instant to) {
        Map<Long, Run> byId = new HashMap<>();
        for (Run r : runs) byId.put(r.id(), r);
        Map<Long, Instant> started = new HashMap<>();
        Map<Long, Instant> evictedAt = new HashMap<>();
        LinkedHashMap<Long, Run> chosen = new LinkedHashMap<>();
        for (GroupMember m : group.members()) {
            Run r = byId.get(m.runId());
            if (r != null) chosen.put(r.id(), r);
        }
        for (Event e : events) {
            if (e.runId() == 0 || e.subject() == null || !ConcurrencyGroup.key(e.subject()).equals(group.key())) continue;
            if (e.kind() == Event.Kind.RUN_STARTED) started.putIfAbsent(e.runId(), e.at());
            if (e.kind() == Event.Kind.RUN_EVICTED) evictedAt.put(e.runId(), e.at());
            Run r = byId.get(e.runId());
            if (r != null) chosen.putIfAbsent(r.id(), r);
        }
        record Sorted(Bar bar, long id) {
        }
        List<Sorted> bars = new ArrayList<>();
        for (Run r : chosen.values()) {
            boolean evicted = evictedAt.containsKey(r.id());
            Instant waitFrom = r.createdAt();
            Instant runFrom = started.get(r.id());
            boolean skipped = r.conclusion() == Conclusion.SKIPPED; // its jobs' if: was false: it deployed nothing
            if (skipped) runFrom = null;
            else if (runFrom == null && !evicted && (r.status() == RunStatus.IN_PROGRESS || r.status() == RunStatus.COMPLETED)) {
                runFrom = r.startedAt() != null ? r.startedAt() : r.createdAt();
            }
            Instant end = evicted ? evictedAt.get(r.id()) : r.status() == RunStatus.COMPLETED ? r.updatedAt() : null;
            Instant first = waitFrom != null ? waitFrom : runFrom;
            if (first == null || first.isAfter(to)) continue;
            if (end != null && end.isBefore(from)) continue;
            String label = "#" + r.runNumber() + " " + (r.actor() == null ? "" : r.actor()) + " " + r.shortSha();
            bars.add(new Sorted(new Bar(label, waitFrom, runFrom, end, evicted, skipped), r.id()));
        }
        bars.sort(Comparator.comparing((Sorted b) -> b.bar().waitFrom() != null ? b.bar().waitFrom() : b.bar().runFrom()).thenComparing(Sorted::id));
        return bars.stream().map(Sorted::bar).toList();
    }

    /** A group's chart as the screen shows it: its runs' bars, overlaps where two of them ran at once. */
    public static List<String> group(ConcurrencyGroup group, List<Run> runs, List<Event> events, Instant from, Instant to,
                                     int width, ZoneId zone, Marks marks) {
        return chart(group.name(), groupBars(group, runs, events, from, to), from, to, width, zone, marks, null);
    }

    /**
     * The chart as lines of at most width columns, times in zone. overlaps: the windows the overlap row marks, or
     * null for "where two bars ran at once" (a caller whose overlap is narrower, one environment deployed by two
     * runs, passes its own); the bars' running cells are marked too when the overlaps are the bars' own.
     */
    public static List<String> chart(String title, List<Bar> bars, Instant from, Instant to, int width, ZoneId zone, Marks marks,
                                     List<Overlaps.Span> overlaps) {
        List<String> out = new ArrayList<>();
        long span = Math.max(1, Duration.between(from, to).getSeconds());
        int longest = bars.stream().mapToInt(b -> b.label().length()).max().orElse(0);
        int labelW = Math.max(MIN_LABEL, Math.min(Math.min(MAX_LABEL, width * 2 / 5), longest));
        int barW = Math.max(10, width - labelW - 1);
        double secPerCol = (double) span / barW;
        String zoneName = zone.normalized().equals(ZoneOffset.UTC) ? "UTC" : zone.getId(); // Etc/UTC too
        out.add(cut(title + "  " + Times.clock(from, zone) + " - " + Times.clock(to, zone) + " " + zoneName
                + "  (1 column = " + Times.duration(Duration.ofSeconds(Math.max(1, Math.round(secPerCol)))) + ")", width));

        // axis: ticks on round times (every 10 s ... 6 h), at least 9 columns apart so labels fit
        char[] labels = " ".repeat(barW).toCharArray();
        char[] rule = String.valueOf(marks.rule()).repeat(barW).toCharArray();
        long tick = TICKS[TICKS.length - 1];
        for (long t : TICKS) {
            if (t / secPerCol >= 9) {
                tick = t;
                break;
            }
        }
        boolean minutes = tick % 60 == 0;
        int lastEnd = -1;
        for (long t = (from.getEpochSecond() / tick + 1) * tick; t < to.getEpochSecond(); t += tick) {
            Instant at = Instant.ofEpochSecond(t);
            int col = col(from, secPerCol, at);
            if (col < 0 || col >= barW) continue;
            rule[col] = marks.tick();
            String l = minutes ? Times.clockMinutes(at, zone) : Times.clock(at, zone);
            if (col > lastEnd && col + l.length() <= barW) {
                l.getChars(0, l.length(), labels, col);
                lastEnd = col + l.length();
            }
        }
        out.add(" ".repeat(labelW + 1) + new String(labels));
        out.add(" ".repeat(labelW + 1) + new String(rule));

        List<char[]> rows = new ArrayList<>();
        for (Bar b : bars) {
            char[] row = " ".repeat(barW).toCharArray();
            Instant endOrNow = b.end() != null ? b.end() : to;
            if (b.skipped()) {
                // no bar: a run whose jobs were all skipped by if: held its group for an instant and deployed nothing
                String word = "skipped (if:)";
                int c = Math.max(0, Math.min(barW - word.length(), col(from, secPerCol, endOrNow)));
                if (barW >= word.length()) word.getChars(0, word.length(), row, c);
                rows.add(row);
                continue;
            }
            if (b.waitFrom() != null) {
                Instant waitTo = b.runFrom() != null ? b.runFrom() : endOrNow;
                paint(row, from, secPerCol, b.waitFrom(), waitTo, marks.waiting());
            }
            if (b.runFrom() != null) paint(row, from, secPerCol, b.runFrom(), endOrNow, marks.running());
            if (b.evicted() && b.end() != null) {
                int c = col(from, secPerCol, b.end());
                if (c >= 0 && c < barW) row[c] = marks.evicted();
                else if (c >= barW) row[barW - 1] = marks.evicted();
            }
            rows.add(row);
        }
        char[] overlapRow = " ".repeat(barW).toCharArray();
        List<Overlaps.Span> windows = new ArrayList<>();
        if (overlaps == null) {
            for (Overlaps.Overlap o : Overlaps.of(bars.stream().map(b -> new Overlaps.Span(b.runFrom(), b.end())).toList(), to)) {
                windows.add(new Overlaps.Span(o.from(), o.to()));
                char[] mark = " ".repeat(barW).toCharArray();
                paint(mark, from, secPerCol, o.from(), o.to(), marks.overlap());
                for (char[] row : List.of(rows.get(o.a()), rows.get(o.b()))) {
                    for (int c = 0; c < barW; c++) if (mark[c] != ' ' && row[c] == marks.running()) row[c] = marks.overlap();
                }
            }
        } else {
            windows.addAll(overlaps);
        }
        for (Overlaps.Span o : windows) paint(overlapRow, from, secPerCol, o.from(), o.to(), marks.overlap());
        for (int i = 0; i < bars.size(); i++) out.add(fit(bars.get(i).label(), labelW) + " " + new String(rows.get(i)));
        if (bars.isEmpty()) out.add(" ".repeat(labelW + 1) + "no runs in this window");
        if (!windows.isEmpty()) out.add(fit("overlap (RACE)", labelW) + " " + new String(overlapRow));
        out.add(cut(marks.running() + " running  " + marks.waiting() + " waiting  "
                + marks.evicted() + " evicted  " + marks.overlap() + " two running at once", width));
        out.replaceAll(l -> cut(l.stripTrailing(), width));
        return out;
    }

    private static int col(Instant from, double secPerCol, Instant t) {
        return (int) Math.floor(Duration.between(from, t).toMillis() / 1000.0 / secPerCol);
    }

    private static void paint(char[] row, Instant from, double secPerCol, Instant a, Instant b, char glyph) {
        if (a == null || b == null || !b.isAfter(from)) return;
        int c1 = Math.max(0, col(from, secPerCol, a));
        int c2 = Math.min(row.length - 1, Math.max(c1, (int) Math.ceil(Duration.between(from, b).toMillis() / 1000.0 / secPerCol) - 1));
        for (int c = c1; c <= c2 && c < row.length; c++) row[c] = glyph;
    }

    /** Pads or cuts to exactly n columns ('~' marks a cut). */
    private static String fit(String s, int n) {
        s = s.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString(); // a label is outside text
        if (s.length() <= n) return s + " ".repeat(n - s.length());
        return n <= 1 ? s.substring(0, n) : s.substring(0, n - 1) + "~";
    }

    private static String cut(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width);
    }
}
