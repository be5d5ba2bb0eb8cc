package dev.baton.tui;

import dev.baton.render.TimeRender;
import dev.baton.model.Conclusion;
import dev.baton.model.ConcurrencyGroup;
import dev.baton.model.Event;
import dev.baton.model.GroupMember;
import dev.baton.model.Overlaps;
import dev.baton.model.Run;
import dev.baton.model.RunStatus;
import dev.baton.watch.Gantt;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A text Gantt chart of one concurrency group's recent runs: waiting, running, evicted, and any overlap
 * of two running members (a race). A pure function of model records, so reports can reuse it:
 * the screen colours it by glyph.
 *
 * <pre>
 * deploy-production  14:00:00 - 14:30:00  (1 column = 30s)
 *                    14:00     14:05     14:10 ...
 *                    ┊─────────┊─────────┊──────
 * #57 alice 9f3c2a1  ░░░░░░█████████████
 * #58 bob   1a2b3c4        ░░░░░░░░░✗
 * overlap                      ▓▓
 * █ running  ░ waiting  ✗ evicted  ▓ overlap
 * </pre>
 */
public final class Timeline {
    private static final long[] TICKS = {10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600};

    private Timeline() {
    }

    /** One run's bar, derived from the run, its events and the group's members. Times may be null. */
    public record Bar(Run run, Instant waitFrom, Instant runFrom, Instant end, boolean evicted, boolean alive) {
    }

    /**
     * The runs of a group seen in [from, to]: its members and every run named by a run event whose
     * subject is the group (queued, pending, started, completed, evicted). Runs are not matched by
     * workflow: one workflow often feeds several groups (deploy-dev, deploy-production).
     */
    public static List<Bar> bars(ConcurrencyGroup group, List<Run> runs, List<Event> events, Instant from, Instant to) {
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
        List<Bar> bars = new ArrayList<>();
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
            Bar b = new Bar(r, waitFrom, runFrom, end, evicted, r.alive() && !evicted);
            Instant first = waitFrom != null ? waitFrom : runFrom;
            if (first == null || first.isAfter(to)) continue;
            if (end != null && end.isBefore(from)) continue;
            bars.add(b);
        }
        bars.sort(Comparator.comparing((Bar b) -> b.waitFrom() != null ? b.waitFrom() : b.runFrom()).thenComparing(b -> b.run().id()));
        return bars;
    }

    /** The chart as lines of at most width columns (times in zone). */
    public static List<String> render(ConcurrencyGroup group, List<Run> runs, List<Event> events,
                                      Instant from, Instant to, int width, ZoneId zone, Glyphs glyphs) {
        List<Bar> bars = bars(group, runs, events, from, to);
        List<String> out = new ArrayList<>();
        long span = Math.max(1, Duration.between(from, to).getSeconds());
        int labelW = Math.max(10, Math.min(24, width / 4));
        int barW = Math.max(10, width - labelW - 1);
        double secPerCol = (double) span / barW;
        out.add(cut(group.name() + "  " + TimeRender.clock(from, zone) + " - " + TimeRender.clock(to, zone)
                + "  (1 column = " + TimeRender.duration(Duration.ofSeconds(Math.max(1, Math.round(secPerCol)))) + ")", width));

        // axis: ticks on round times (every 10 s ... 6 h), at least 9 columns apart so labels fit
        char[] labels = " ".repeat(barW).toCharArray();
        char[] rule = String.valueOf(glyphs.h()).repeat(barW).toCharArray();
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
            rule[col] = glyphs.ganttTick();
            String l = minutes ? TimeRender.clockMinutes(at, zone) : TimeRender.clock(at, zone);
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
            if (b.run().conclusion() == Conclusion.SKIPPED) {
                // no bar: a run whose jobs were all skipped by if: held its group for an instant and deployed nothing
                String word = "skipped (if:)";
                int c = Math.max(0, Math.min(barW - word.length(), col(from, secPerCol, endOrNow)));
                if (barW >= word.length()) word.getChars(0, word.length(), row, c);
                rows.add(row);
                continue;
            }
            if (b.waitFrom() != null) {
                Instant waitTo = b.runFrom() != null ? b.runFrom() : endOrNow;
                paint(row, from, secPerCol, b.waitFrom(), waitTo, glyphs.ganttWaiting());
            }
            if (b.runFrom() != null) paint(row, from, secPerCol, b.runFrom(), endOrNow, glyphs.ganttRunning());
            if (b.evicted()) {
                int c = col(from, secPerCol, b.end());
                if (c >= 0 && c < barW) row[c] = glyphs.ganttEvicted();
                else if (c >= barW) row[barW - 1] = glyphs.ganttEvicted();
            }
            rows.add(row);
        }
        char[] overlapRow = " ".repeat(barW).toCharArray();
        List<Overlaps.Overlap> overlaps = Overlaps.of(bars.stream().map(b -> new Overlaps.Span(b.runFrom(), b.end())).toList(), to);
        boolean overlap = !overlaps.isEmpty();
        for (Overlaps.Overlap o : overlaps) {
            paint(overlapRow, from, secPerCol, o.from(), o.to(), glyphs.ganttOverlap());
            char[] mark = " ".repeat(barW).toCharArray();
            paint(mark, from, secPerCol, o.from(), o.to(), glyphs.ganttOverlap());
            for (char[] row : List.of(rows.get(o.a()), rows.get(o.b()))) {
                for (int c = 0; c < barW; c++) if (mark[c] != ' ' && row[c] == glyphs.ganttRunning()) row[c] = glyphs.ganttOverlap();
            }
        }
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            char[] row = rows.get(i);
            Run r = b.run();
            String label = "#" + r.runNumber() + " " + (r.actor() == null ? "" : r.actor()) + " " + r.shortSha();
            out.add(Text.fit(label, labelW) + " " + new String(row));
        }
        if (bars.isEmpty()) out.add(" ".repeat(labelW + 1) + "no runs in this window");
        if (overlap) out.add(Text.fit("overlap (RACE)", labelW) + " " + new String(overlapRow));
        out.add(cut(glyphs.ganttRunning() + " running  " + glyphs.ganttWaiting() + " waiting  "
                + glyphs.ganttEvicted() + " evicted  " + glyphs.ganttOverlap() + " two running at once", width));
        out.replaceAll(l -> cut(l.stripTrailing(), width));
        return out;
    }

    private static int col(Instant from, double secPerCol, Instant t) {
        return (int) Math.floor(Duration.between(from, t).toMillis() / 1000.0 / secPerCol);
    }

    private static void paint(char[] row, Instant from, double secPerCol, Instant a, Instant b, char glyph) {
        if (!b.isAfter(from)) return;
        int c1 = Math.max(0, col(from, secPerCol, a));
        int c2 = Math.min(row.length - 1, Math.max(c1, (int) Math.ceil(Duration.between(from, b).toMillis() / 1000.0 / secPerCol) - 1));
        for (int c = c1; c <= c2 && c < row.length; c++) row[c] = glyph;
    }

    private static String cut(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width);
    }
}
