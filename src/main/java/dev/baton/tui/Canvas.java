package dev.baton.tui;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.screen.Screen;

import java.util.EnumSet;
import java.util.List;

/** Draws styled text into the Screen's back buffer, clipped; the Screen sends only changed cells. */
final class Canvas {
    private final Screen screen;
    private final Theme theme;
    private final Glyphs glyphs;
    private final int cols;
    private final int rows;

    Canvas(Screen screen, Theme theme, Glyphs glyphs) {
        this.screen = screen;
        this.theme = theme;
        this.glyphs = glyphs;
        this.cols = screen.getTerminalSize().getColumns();
        this.rows = screen.getTerminalSize().getRows();
    }

    Glyphs glyphs() {
        return glyphs;
    }

    Theme theme() {
        return theme;
    }

    /**
     * One cell. Text goes through {@link #text}, which shows control characters as escapes; a control
     * character that reaches a cell directly is drawn as '?', so none ever reaches the terminal.
     */
    void put(int x, int y, char c, String role, boolean bold) {
        if (x < 0 || y < 0 || x >= cols || y >= rows) return;
        if (dev.baton.command.Text.unsafe(c)) c = '?';
        Theme.Style s = theme.style(role);
        EnumSet<SGR> sgr = s.sgr();
        if (bold && !sgr.contains(SGR.BOLD)) {
            sgr = EnumSet.copyOf(sgr);
            sgr.add(SGR.BOLD);
        }
        screen.setCharacter(x, y, new TextCharacter(c, s.fg(), s.bg(), sgr));
    }

    void fill(Rect r, String role) {
        for (int y = r.y(); y < r.bottom(); y++) {
            for (int x = r.x(); x < r.right(); x++) put(x, y, ' ', role, false);
        }
    }

    /** Writes text from x, never past x+max, its control characters visible ({@link Text#printable}); returns the columns used. */
    int text(int x, int y, int max, String s, String role) {
        return text(x, y, max, s, role, false);
    }

    int text(int x, int y, int max, String s, String role, boolean bold) {
        String p = Text.printable(s);
        int n = Math.min(max, p.length());
        for (int i = 0; i < n; i++) put(x + i, y, p.charAt(i), role, bold);
        return Math.max(0, n);
    }

    /**
     * Draws a line's segments in [x, x+w), filling the rest with the fill role. baseRole, when not
     * null, replaces every segment's role (the selected row keeps one highlight).
     */
    void line(int x, int y, int w, Line line, String baseRole, String fillRole) {
        int col = 0;
        for (Line.Seg seg : line.segs()) {
            if (col >= w) break;
            col += text(x + col, y, w - col, seg.text(), baseRole != null ? baseRole : seg.role(), seg.bold());
        }
        for (; col < w; col++) put(x + col, y, ' ', fillRole, false);
    }

    void segs(int x, int y, int w, List<Line.Seg> segs, String fillRole) {
        line(x, y, w, new Line(segs, "", null), null, fillRole);
    }

    /** A one-cell border with an optional title on the top edge. */
    void box(Rect r, String title, String borderRole, String titleRole) {
        if (r.w() < 2 || r.h() < 2) return;
        int x2 = r.right() - 1, y2 = r.bottom() - 1;
        for (int x = r.x() + 1; x < x2; x++) {
            put(x, r.y(), glyphs.h(), borderRole, false);
            put(x, y2, glyphs.h(), borderRole, false);
        }
        for (int y = r.y() + 1; y < y2; y++) {
            put(r.x(), y, glyphs.v(), borderRole, false);
            put(x2, y, glyphs.v(), borderRole, false);
        }
        put(r.x(), r.y(), glyphs.tl(), borderRole, false);
        put(x2, r.y(), glyphs.tr(), borderRole, false);
        put(r.x(), y2, glyphs.bl(), borderRole, false);
        put(x2, y2, glyphs.br(), borderRole, false);
        if (title != null && !title.isEmpty() && r.w() > 4) {
            text(r.x() + 1, r.y(), r.w() - 2, " " + title + " ", titleRole);
        }
    }
}
