package dev.baton.tui;

import dev.baton.model.ConcurrencyGroup;
import dev.baton.model.Snapshot;
import dev.baton.render.TimeRender;
import dev.baton.render.TimelineRender;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The timeline of one group over the panes' area (`t`, `:timeline`): its window zooms, [ and ] change the group. */
final class TimelineView {
    private static final List<Duration> ZOOMS = List.of(Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofMinutes(30),
            Duration.ofHours(1), Duration.ofHours(3), Duration.ofHours(6), Duration.ofHours(24));
    private final View view;
    private String group; // null: closed
    private Duration window;
    private int top;
    private int height = 10;

    TimelineView(View view, Duration window) {
        this.view = view;
        this.window = window;
    }

    boolean open() {
        return group != null;
    }

    String group() {
        return group;
    }

    void close() {
        group = null;
    }

    /** Opens on a group; null: the first group (says so when there is none). */
    void open(String name) {
        if (name == null) {
            List<ConcurrencyGroup> gs = view.snapshot().groups();
            if (gs.isEmpty()) {
                view.say("no groups to show", "warn");
                return;
            }
            name = gs.get(0).name();
        }
        group = name;
        top = 0;
    }

    /** The group a typed name means (case as the key rule says), or null. */
    static ConcurrencyGroup find(Snapshot s, String name) {
        String want = ConcurrencyGroup.key(name);
        return s.groups().stream().filter(c -> c.key().equals(want)).findFirst().orElse(null);
    }

    void zoom(int delta) {
        int i = 0;
        while (i < ZOOMS.size() - 1 && ZOOMS.get(i).compareTo(window) < 0) i++;
        window = ZOOMS.get(Math.max(0, Math.min(ZOOMS.size() - 1, i + delta)));
    }

    void cycle(int delta) {
        List<ConcurrencyGroup> gs = view.snapshot().groups();
        if (gs.isEmpty() || group == null) return;
        int i = 0;
        for (int k = 0; k < gs.size(); k++) if (gs.get(k).key().equals(ConcurrencyGroup.key(group))) i = k;
        group = gs.get((i + delta + gs.size()) % gs.size()).name();
        top = 0;
    }

    void move(int delta) {
        top = Math.max(0, top + delta);
    }

    void home() {
        top = 0;
    }

    int height() {
        return height;
    }

    void draw(Canvas c, Rect area, Instant now) {
        Snapshot s = view.snapshot();
        ConcurrencyGroup g = find(s, group);
        c.box(area, "Timeline " + group + " (last " + TimeRender.duration(window) + ")", "border.focus", "title.focus");
        Rect in = area.inner();
        height = in.h();
        if (g == null) {
            c.text(in.x() + 1, in.y(), in.w() - 1, "group " + group + " is gone", "muted");
            return;
        }
        Glyphs gl = view.options().glyphs();
        List<String> lines = TimelineRender.group(g, s.runs(), view.events(), now.minus(window), now, Math.max(20, in.w() - 2), view.options().zone(), gl.marks());
        top = Math.min(top, Math.max(0, lines.size() - in.h()));
        for (int i = 0; i < in.h() && top + i < lines.size(); i++) {
            String l = lines.get(top + i);
            int row = top + i;
            for (int k = 0; k < l.length() && k < in.w() - 2; k++) {
                char ch = l.charAt(k);
                String role = row == 0 ? "title.focus" : row <= 2 ? "gantt.axis" : "text";
                if (row > 2) {
                    if (ch == gl.ganttRunning()) role = "gantt.running";
                    else if (ch == gl.ganttWaiting()) role = "gantt.waiting";
                    else if (ch == gl.ganttEvicted()) role = "gantt.evicted";
                    else if (ch == gl.ganttOverlap()) role = "gantt.overlap";
                }
                c.put(in.x() + 1 + k, in.y() + i, ch, role, false);
            }
        }
    }
}
