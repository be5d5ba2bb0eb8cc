package dev.baton.tui;

import com.googlecode.lanterna.screen.Screen;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Where everything goes on the screen: header, pipeline, the panes side by side from 120x30 (Events along
 * the bottom) or as tabs below that, the timeline over the panes' area, the status line, then the modals.
 */
final class ScreenLayout {
    private final View view;
    private int paneHeight = 10;

    ScreenLayout(View view) {
        this.view = view;
    }

    /** Rows of the focused pane as last drawn (page up/down). */
    int paneHeight() {
        return paneHeight;
    }

    String headerText(int width) {
        StringBuilder sb = new StringBuilder();
        for (Line.Seg s : header(view.now(), width)) sb.append(s.text());
        return sb.toString();
    }

    private List<Line.Seg> header(Instant now, int width) {
        ConsoleOptions o = view.options();
        if (view.fleetShown()) {
            List<Line.Seg> out = new ArrayList<>();
            out.add(new Line.Seg(" baton fleet  ", "header.repo"));
            var rows = view.fleetPane().rows();
            var judging = o.fleet().judging();
            boolean bad = rows.stream().anyMatch(r -> r.urgency() <= 1) || judging != null && !judging.unlisted().isEmpty();
            out.add(new Line.Seg(dev.baton.render.FleetRender.summary(rows, judging), bad ? "header.warn" : "header"));
            if (view.readOnly()) out.add(new Line.Seg("  READ-ONLY ", "badge.readonly"));
            return out;
        }
        return Rows.header(view.snapshot(), now, o.staleAfter(), view.readOnly(), o.zone(), width);
    }

    void render(Screen screen, Theme theme) {
        ConsoleOptions o = view.options();
        Canvas c = new Canvas(screen, theme, o.glyphs());
        int cols = screen.getTerminalSize().getColumns();
        int rows = screen.getTerminalSize().getRows();
        Instant now = view.now();
        screen.setCursorPosition(null);
        c.fill(new Rect(0, 0, cols, rows), "text");
        if (cols < 20 || rows < 6) {
            c.text(0, 0, cols, "baton: terminal too small", "error");
            return;
        }
        c.segs(0, 0, cols, header(now, cols), "header");
        if (view.fleetShown()) {
            renderFleet(c, cols, rows);
            drawStatus(c, rows - 1, cols);
            view.modals().draw(c, cols, rows);
            screen.setCursorPosition(view.modals().cursor(cols, rows));
            return;
        }
        c.segs(0, 1, cols, Rows.pipeline(view.snapshot(), o.glyphs()), "text");
        // the team strip takes a row under the pipeline only when there is a team to show (and room for it)
        dev.baton.render.Cell team = rows >= 10 ? teamStrip() : null;
        int k = team == null ? 0 : 1;
        if (team != null) c.segs(0, 2, cols, Rows.segs(team), "text");
        View.Pane focus = view.focus();
        TimelineView timeline = view.timeline();
        if (cols >= 120 && rows >= 30) {
            int eventsH = Math.max(4, Math.min(10, rows / 6));
            Rect eventsBox = new Rect(0, rows - 1 - eventsH, cols, eventsH);
            Rect main = new Rect(0, 2 + k, cols, rows - 3 - eventsH - k);
            if (!timeline.open()) {
                int topH = Math.max(5, main.h() * 55 / 100);
                int leftW = split(cols);
                Rect g = new Rect(0, main.y(), leftW, topH);
                Rect l = new Rect(leftW, main.y(), cols - leftW, topH);
                Rect lg = new Rect(0, main.y() + topH, cols, main.h() - topH);
                view.groups().fit(g.w() - 3);
                view.locks().fit(l.w() - 3);
                boxed(c, g, View.Pane.GROUPS);
                boxed(c, l, View.Pane.LOCKS);
                boxed(c, lg, View.Pane.LOG);
                paneHeight = Math.max(1, (focus == View.Pane.LOG ? lg : focus == View.Pane.LOCKS ? l : g).h() - 2);
            } else {
                timeline.draw(c, main, now);
            }
            boxed(c, eventsBox, View.Pane.EVENTS);
            if (focus == View.Pane.EVENTS) paneHeight = eventsH - 2;
        } else {
            view.groups().fit(cols - 1);
            view.locks().fit(cols - 1);
            drawTabs(c, 2 + k, cols);
            Rect main = new Rect(0, 3 + k, cols, rows - 5 - k);
            if (timeline.open()) timeline.draw(c, main, now);
            else view.focused().draw(c, main, true);
            paneHeight = main.h();
            Line latest = focus == View.Pane.EVENTS ? null : view.eventsPane().newest();
            List<Line.Seg> strip = new ArrayList<>();
            strip.add(new Line.Seg(" ", "text"));
            if (latest != null) strip.addAll(latest.segs());
            c.segs(0, rows - 2, cols, strip, "text");
        }
        drawStatus(c, rows - 1, cols);
        view.modals().draw(c, cols, rows);
        screen.setCursorPosition(view.modals().cursor(cols, rows));
    }

    /** The fleet view: every repository in one list, most urgent first; Events (all repositories') below or as a strip. */
    private void renderFleet(Canvas c, int cols, int rows) {
        dev.baton.render.Cell team = rows >= 10 ? teamStrip() : null; // the team strip, when there is one, in the hint's row
        c.segs(0, 1, cols, team != null ? Rows.segs(team) : List.of(new Line.Seg(" every repository, most urgent first; Enter opens one", "muted")), "text");
        FleetPane fleet = view.fleetPane();
        boolean eventsFocused = view.focus() == View.Pane.EVENTS;
        if (cols >= 120 && rows >= 30) {
            int eventsH = Math.max(4, Math.min(10, rows / 4));
            Rect list = new Rect(0, 2, cols, rows - 3 - eventsH);
            Rect events = new Rect(0, rows - 1 - eventsH, cols, eventsH);
            fleet.fit(list.w() - 3);
            c.box(list, fleet.boxTitle(), eventsFocused ? "border" : "border.focus", eventsFocused ? "title" : "title.focus");
            fleet.draw(c, list.inner(), !eventsFocused);
            boxed(c, events, View.Pane.EVENTS);
            paneHeight = Math.max(1, (eventsFocused ? events : list).h() - 2);
            return;
        }
        Rect list = new Rect(0, 2, cols, rows - 4);
        fleet.fit(cols - 3);
        if (eventsFocused) {
            boxed(c, list, View.Pane.EVENTS);
        } else {
            c.box(list, fleet.boxTitle(), "border.focus", "title.focus");
            fleet.draw(c, list.inner(), true);
        }
        paneHeight = Math.max(1, list.h() - 2);
        Line latest = eventsFocused ? null : view.eventsPane().newest();
        List<Line.Seg> strip = new ArrayList<>();
        strip.add(new Line.Seg(" ", "text"));
        if (latest != null) strip.addAll(latest.segs());
        c.segs(0, rows - 2, cols, strip, "text");
    }

    /**
     * The team strip (issue 13): the others' leases and who is connected; null when this screen is alone and
     * nobody else holds a lease, so a single operator's screen looks as it always did.
     */
    private dev.baton.render.Cell teamStrip() {
        ConsoleOptions opts = view.options();
        dev.baton.command.Team.Seat seat = opts.seat();
        if (seat == null) return null;
        var present = seat.team().presence();
        var leases = seat.team().leases();
        return dev.baton.render.TeamRender.shown(present, leases, seat.id())
                ? dev.baton.render.TeamRender.strip(present, leases, seat.id(), opts.zone()) : null;
    }

    /**
     * Where Groups ends and Locks begins: the split that cuts the least (a verdict or a status before a
     * name, a name before an ID), between a third and two thirds of the width; of equal splits, the one
     * nearest to sharing the width in proportion to what each pane would fill.
     */
    private int split(int cols) {
        Sheet groups = view.groups().sheet(), locks = view.locks().sheet();
        int gp = groups.preferred() + 3, lp = locks.preferred() + 3;
        int target = cols * gp / Math.max(1, gp + lp);
        int best = -1;
        long[] bestLoss = null;
        for (int left = cols / 3; left <= cols * 2 / 3; left++) {
            long[] loss = Sheet.plus(groups.cut(left - 3), locks.cut(cols - left - 3));
            int c = bestLoss == null ? -1 : Sheet.compare(loss, bestLoss);
            if (c < 0 || c == 0 && Math.abs(left - target) < Math.abs(best - target)) {
                best = left;
                bestLoss = loss;
            }
        }
        return best;
    }

    private void boxed(Canvas c, Rect r, View.Pane p) {
        boolean focused = view.focus() == p;
        PaneController pane = view.pane(p);
        c.box(r, pane.boxTitle(), focused ? "border.focus" : "border", focused ? "title.focus" : "title");
        pane.draw(c, r.inner(), focused);
    }

    private void drawTabs(Canvas c, int y, int cols) {
        boolean timeline = view.timeline().open();
        View.Pane focus = view.focus();
        List<Line.Seg> segs = new ArrayList<>();
        for (View.Pane p : View.Pane.values()) {
            String label = " " + (p.ordinal() + 1) + " " + p.title + view.pane(p).tabCount() + " ";
            segs.add(new Line.Seg(label, p == focus && !timeline ? "tab.active" : "tab"));
            segs.add(new Line.Seg(" ", "tab"));
        }
        if (timeline) segs.add(new Line.Seg(" Timeline ", "tab.active"));
        Filter f = timeline ? Filter.NONE : view.focused().filter();
        if (f.active()) segs.add(new Line.Seg(" /" + f.text(), "tab"));
        if (focus == View.Pane.LOG && !timeline) segs.add(new Line.Seg(" " + view.log().title(), "tab"));
        c.segs(0, y, cols, segs, "tab");
    }

    private static final String[][] TIMELINE_HINTS = {{"Esc", "back"}, {"+/-", "zoom"}, {"[ ]", "group"}, {"?", "help"}, {"q", "quit"}};

    /** What runs, else the last message, else the focused pane's hints; a bar (command, filter, reason) draws over it. */
    private void drawStatus(Canvas c, int y, int cols) {
        List<Line.Seg> segs = new ArrayList<>();
        if (view.busy() != null) {
            segs.add(new Line.Seg(" running: " + view.busy() + "   (Ctrl-C cancels)", "warn"));
        } else if (view.message() != null) {
            segs.add(new Line.Seg(" " + view.message(), view.messageRole().equals("status") ? "status" : view.messageRole()));
        } else {
            String[][] hints = view.timeline().open() ? TIMELINE_HINTS : view.focused().hints(view.readOnly());
            for (String[] h : hints) {
                segs.add(new Line.Seg(" " + h[0], "status.key"));
                segs.add(new Line.Seg(" " + h[1] + " ", "status"));
            }
        }
        c.segs(0, y, cols, segs, "status");
    }
}
