package dev.baton.tui;

import dev.baton.render.SourceRender;
import dev.baton.render.FleetRender;
import dev.baton.render.TimeRender;
import dev.baton.model.Event;
import dev.baton.model.Finding;
import dev.baton.model.RateLimit;
import dev.baton.model.Snapshot;
import dev.baton.model.SourceHealth;
import dev.baton.model.Stage;
import dev.baton.model.StateLock;
import dev.baton.render.Cell;
import dev.baton.render.EventRender;
import dev.baton.render.EvictionRender;
import dev.baton.render.FindingRender;
import dev.baton.render.GroupRender;
import dev.baton.render.RunRender;
import dev.baton.render.StageRender;
import dev.baton.render.LockRender;
import dev.baton.render.Span;
import dev.baton.watch.SnapshotDiff;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/** Turns a snapshot into the rows of each pane. Pure: same inputs, same rows (golden tests rely on it). */
final class Rows {
    private Rows() {
    }

    /** What a group member row stands for (Enter opens its log). */
    record MemberRef(String group, long runId, Long jobId, String label) {
    }

    /** What an evicted row stands for: its EVICTED finding, the one `groups` lists (render/EvictionRender reads it). */
    record EvictedRef(Finding eviction) {
    }

    /** What a group header row stands for (Enter opens its timeline). */
    record GroupRef(String name) {
    }

    // ---------------------------------------------------------------- groups

    /** testRuns: runs a rapid-fire in this screen created, tagged so the test is told apart from real deploys. */
    static List<Line> groups(Snapshot s, Instant now, Glyphs g, java.util.Set<Long> testRuns) {
        Sheet sheet = groupsSheet(s, now, g, testRuns);
        return sheet.lines(sheet.preferred());
    }

    /**
     * Group rows: NAME STAGE SUMMARY. The summary first, then the name (cut with '~'), the stage last.
     * A group's name gives way before a member's status, run, environment or workflow and a lock's ID.
     */
    private static Sheet.Table groupTable() {
        return new Sheet.Table(0, new int[] {12, 7, 7}, new int[] {4, 5, 0});
    }

    /**
     * Member rows: glyph, POS RUN WORKFLOW SHA ACTOR ENV STATE. The state with its age gives way last,
     * then the run, its environment, workflow, actor, sha and position.
     */
    private static Sheet.Table memberTable() {
        return new Sheet.Table(4, new int[] {1, 3, 8, 7, 5, 7, 7}, new int[] {6, 1, 3, 5, 4, 2, 0});
    }

    /**
     * The Groups pane's rows, laid out for a width with {@link Sheet#lines}: render/GroupRender's rows of each
     * group, the cells `groups` prints, with what only the screen has: a glyph per run, the rapid-fire tag, the
     * columns giving way to the width. The evicted runs are the snapshot's EVICTED findings, as `groups` lists them.
     */
    static Sheet groupsSheet(Snapshot s, Instant now, Glyphs g, java.util.Set<Long> testRuns) {
        Sheet out = new Sheet();
        Sheet.Table head = groupTable();
        Sheet.Table rows = memberTable();
        for (GroupRender.GroupRows group : GroupRender.rows(s, s.groups(), now, g.warn())) {
            GroupRender.HeadRow h = group.head();
            out.add(head, List.of(), segs(h.cells()), "g:" + h.key(), new GroupRef(h.group()));
            for (GroupRender.RunRow r : group.runs()) {
                char mark = switch (r.kind()) {
                    case RUNNING -> g.running();
                    case PENDING -> g.pending();
                    case EVICTED -> g.evicted();
                };
                List<Line.Seg> prefix = List.of(new Line.Seg("  ", "text"), new Line.Seg(String.valueOf(mark), r.kind().role()),
                        new Line.Seg(" ", "text"));
                List<List<Line.Seg>> cells = segs(r.cells());
                // a run a rapid-fire of this screen made is tagged, so the test is told apart from real deploys
                if (testRuns.contains(r.runId())) cells.get(cells.size() - 1).add(new Line.Seg("  rapid-fire", "info"));
                if (r.eviction() != null) {
                    out.add(rows, prefix, cells, "e:" + r.key() + ":" + r.runId(), new EvictedRef(r.eviction()));
                } else {
                    out.add(rows, prefix, cells, "m:" + r.key() + ":" + r.runId() + ":" + r.jobId(),
                            new MemberRef(r.group(), r.runId(), r.jobId(), r.run().text()));
                }
            }
        }
        if (out.isEmpty()) out.add(Line.of(s.takenAt() == null ? "waiting for the first snapshot..." : "no concurrency groups found", "muted"));
        return out;
    }

    /** Rendered cells as the screen's segments, each a list that may grow. */
    private static List<List<Line.Seg>> segs(List<Cell> cells) {
        List<List<Line.Seg>> out = new ArrayList<>(cells.size());
        for (Cell c : cells) out.add(segs(c));
        return out;
    }

    // ---------------------------------------------------------------- locks

    /** A rendered cell (render/Cell) as the screen's segments. */
    static List<Line.Seg> segs(Cell c) {
        List<Line.Seg> out = new ArrayList<>(c.spans().size());
        for (Span sp : c.spans()) out.add(new Line.Seg(sp.text(), sp.role()));
        return out;
    }

    /**
     * Lock rows: ENV KEY WHO OP AGE ID VERDICT. The verdict gives way last, then the holder, the environment
     * and the age, the ID, the operation; the key shows only when all the rest is whole.
     */
    static Sheet locksSheet(Snapshot s, Instant now, ZoneId zone) {
        Sheet.Table t = new Sheet.Table(0, new String[] {"ENV", "KEY", "WHO", "OP", "AGE", "ID", "VERDICT"},
                new int[] {7, 20, 10, 4, 5, 8, 9}, new int[] {2, Sheet.OPTIONAL, 1, 6, 2, 3, 0},
                new boolean[] {false, true, false, false, false, false, false});
        Sheet out = new Sheet().headed(t);
        for (SourceHealth h : s.unreadLockSources()) out.add(Line.of("! " + h.unread(x -> TimeRender.clock(x, zone)), "error"));
        List<StateLock> locks = new ArrayList<>(s.locks());
        locks.sort(Comparator.comparing((StateLock l) -> l.location().environment() == null ? "~" : l.location().environment())
                .thenComparing(l -> l.location().uri()));
        for (StateLock l : locks) {
            LockRender.LockRow r = LockRender.row(s, l, now);
            List<List<Line.Seg>> cells = List.of(segs(r.env()), segs(r.key()), segs(r.who()), segs(r.operation()), segs(r.age()),
                    segs(r.id()), segs(r.verdict()));
            out.add(t, List.of(), cells, "l:" + l.location().uri(), l);
        }
        if (locks.isEmpty()) {
            out.add(Line.of(s.takenAt() == null ? "waiting for the first snapshot..." : LockRender.none(s), "muted"));
        }
        return out;
    }

    // ---------------------------------------------------------------- events and findings

    static List<Line> events(Snapshot s, List<Event> events, ZoneId zone, Glyphs g) {
        List<Line> out = new ArrayList<>();
        List<Finding> findings = new ArrayList<>(s.findings());
        // who holds a lock is the Locks pane's verdict, not news
        findings.removeIf(f -> f == null || f.kind() == null || f.kind() == Finding.Kind.LOCK_HELD);
        findings.sort(Finding.ORDER); // the most severe first, then the newest first sighting: the strip shows the first
        for (Finding f : findings) {
            String role = FindingRender.role(f.severity());
            if (f.summary() == null && f.subject() == null) continue;
            Line.Builder b = Line.builder();
            b.add(TimeRender.clock(f.seenAt(), zone), "muted").add(" ", "text");
            b.add(g.warn() + " " + FindingRender.kind(f.kind()), role).add("  ", "text");
            b.add(f.subject() == null ? "" : f.subject(), "text").add("  ", "text");
            b.add(f.summary() == null ? "" : f.summary(), role);
            out.add(b.build("f:" + f.kind() + ":" + f.subject(), f));
        }
        // a finding still listed above needs no second row for the event that recorded its first sighting
        java.util.Set<Event> listed = new java.util.HashSet<>(); // sightings without their time, to compare with
        for (Finding f : findings) listed.add(SnapshotDiff.sighting(f, null));
        for (int i = events.size() - 1; i >= 0; i--) {
            Event e = events.get(i);
            if (e == null || e.kind() == null) continue;
            if (e.kind() == Event.Kind.FINDING && listed.contains(new Event(null, e.kind(), e.subject(), e.detail(), e.runId()))) continue;
            Line.Builder b = Line.builder();
            b.add(TimeRender.clock(e.at(), zone), "muted").add(" ", "text");
            b.add(Text.fit(EventRender.kind(e.kind()), 15), EventRender.role(e.kind())).add(" ", "text");
            b.add(EventRender.rowSubject(e), "text");
            // "#57" when this snapshot has the run; a fleet's other repositories' runs are not in it, and their
            // detail names them ("deploy-prod.yml #2 (225abbc)"), so no bare "run 12020000039" in between
            s.run(e.runId()).ifPresent(r -> b.add(" " + RunRender.label(r), "text"));
            if (e.detail() != null && !e.detail().isEmpty()) b.add("  " + e.detail(), "muted");
            out.add(b.build("ev:" + e.at() + ":" + e.kind() + ":" + e.subject() + ":" + e.runId(), e));
        }
        if (out.isEmpty()) out.add(Line.of("no events yet", "muted"));
        return out;
    }

    // ---------------------------------------------------------------- the fleet

    /** The fleet view's rows, from render/FleetRender (already most urgent first). */
    static Sheet fleetSheet(List<FleetRender.FleetRow> rows) {
        Sheet.Table t = new Sheet.Table(0, new String[] {"REPOSITORY", "PIPELINE", "ACTIVE GROUPS", "LOCKS", "WORST"},
                new int[] {12, 8, 8, 5, 14}, new int[] {0, 1, 2, 3, 4}, new boolean[] {true, false, false, false, false});
        Sheet out = new Sheet().headed(t);
        for (FleetRender.FleetRow r : rows) {
            out.add(t, List.of(), List.of(segs(r.name()), segs(r.pipeline()), segs(r.groups()), segs(r.locks()), segs(r.worst())),
                    "r:" + r.repo().label(), r);
        }
        if (rows.isEmpty()) out.add(Line.of("finding the repositories...", "muted"));
        return out;
    }

    // ---------------------------------------------------------------- pipeline and header

    static List<Line.Seg> pipeline(Snapshot s, Glyphs g) {
        List<Line.Seg> out = new ArrayList<>();
        out.add(new Line.Seg(" ", "pipeline"));
        List<Stage> stages = StageRender.ordered(s);
        if (stages.isEmpty()) {
            out.add(new Line.Seg("pipeline: no stages known", "muted"));
            return out;
        }
        for (int i = 0; i < stages.size(); i++) {
            StageRender.StageCells c = StageRender.cells(s, stages.get(i));
            if (i > 0) out.add(new Line.Seg(" " + g.arrow() + " ", "pipeline.arrow"));
            out.addAll(segs(c.name()));
            out.add(new Line.Seg(" " + c.sha().text(), c.sha().role()));
            for (Cell run : c.active()) out.add(new Line.Seg(" " + g.running() + run.text(), run.role()));
        }
        return out;
    }

    /** The header as segments; the age text is separate so the clock tick can tell whether it changed. */
    static List<Line.Seg> header(Snapshot s, Instant now, Duration staleAfter, boolean readOnly, ZoneId zone, int width) {
        List<Line.Seg> left = new ArrayList<>();
        left.add(new Line.Seg(width >= 120 ? " baton " : " ", "header.repo"));
        left.add(new Line.Seg(s.repo() == null ? "" : s.repo().toString(), "header.repo"));
        boolean stale = stale(s, now, staleAfter);
        left.add(new Line.Seg("  ", "header"));
        left.add(new Line.Seg(age(s, now, staleAfter) + (stale ? " - STALE" : ""), stale ? "header.warn" : "header"));
        for (SourceHealth h : new TreeMap<>(s.health()).values()) {
            if (h.healthy()) continue;
            left.add(new Line.Seg("  ", "header"));
            String err = h.error();
            if (width < 120) err = Text.cut(err, 12);
            left.add(new Line.Seg(h.source() + ": " + err + " since " + TimeRender.clock(h.errorSince(), zone), "header.error"));
        }
        // a hold on GitHub's requests is why the data stops moving: said before the mode and budget, which 80 columns cut
        String limited = SourceRender.rateLimited(s, zone);
        if (limited != null) left.add(new Line.Seg("  " + limited, "header.warn"));
        left.add(new Line.Seg("  " + modeText(s), "header"));
        RateLimit rl = s.rateLimit();
        if (rl != null && rl.known()) {
            boolean low = rl.limit() > 0 && rl.remaining() * 10L < rl.limit();
            // the reset time is news when the budget runs low; under 120 columns it would otherwise be cut mid-word
            boolean reset = rl.reset() != null && (low || width >= 120);
            left.add(new Line.Seg("  API " + rl.remaining() + "/" + rl.limit()
                    + (reset ? " (reset " + TimeRender.clockMinutes(rl.reset(), zone) + ")" : ""), low ? "header.warn" : "header"));
        }
        if (readOnly) {
            // the badge sits at the right edge and is never pushed off by long error text
            String badge = " READ-ONLY ";
            int room = width - badge.length();
            List<Line.Seg> fitted = new ArrayList<>();
            int col = 0;
            for (Line.Seg seg : left) {
                if (col >= room) break;
                String t = seg.text().length() > room - col ? seg.text().substring(0, room - col) : seg.text();
                fitted.add(new Line.Seg(t, seg.role()));
                col += t.length();
            }
            if (col < room) fitted.add(new Line.Seg(" ".repeat(room - col), "header"));
            fitted.add(new Line.Seg(badge, "badge.readonly"));
            return fitted;
        }
        return left;
    }

    static String modeText(Snapshot s) {
        if (s.mode() == null) return "groups: ?";
        switch (s.mode()) {
            case CONCURRENCY_API: return "groups: API";
            case WORKFLOW_FILES: return "groups: workflow files";
            default: return "groups: ?";
        }
    }

    /** Stale: the least fresh source last answered longer ago than staleAfter (or never, while it fails). */
    static boolean stale(Snapshot s, Instant now, Duration staleAfter) {
        if (s.takenAt() == null) return false;
        Instant asOf = s.dataAsOf();
        return asOf == null || Duration.between(asOf, now).compareTo(staleAfter) > 0;
    }

    /**
     * "updated just now" while snapshots come as often as the watch polls (under 2/3 of the stale limit), so
     * an idle screen sends nothing at all; as the data ages, 5 s steps, then minutes, then hours.
     */
    static String age(Snapshot s, Instant now, Duration staleAfter) {
        if (s.takenAt() == null) return "no data yet";
        Instant asOf = s.dataAsOf();
        if (asOf == null) return "no data from " + s.health().values().stream().filter(h -> !h.healthy() && h.lastOk() == null)
                .map(SourceHealth::source).findFirst().orElse("a source");
        long sec = Math.max(0, Duration.between(asOf, now).getSeconds());
        if (sec < Math.max(1, staleAfter.getSeconds() * 2 / 3)) return "updated just now";
        long step = sec < 10 ? 1 : sec < 60 ? 5 : sec < 3600 ? 60 : 3600;
        return "updated " + TimeRender.seconds(sec / step * step) + " ago";
    }
}
