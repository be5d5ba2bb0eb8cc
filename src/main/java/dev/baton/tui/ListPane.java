package dev.baton.tui;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A scrolling list of rows with a selection and a filter; the selection follows its row's key across
 * updates. A newest-first list keeps a selection on its first row there, so new rows stay in view.
 */
final class ListPane {
    private final String title;
    private final boolean newestFirst;
    private final Predicate<Line> item;
    private List<Line> all = List.of();
    private List<Line> visible = List.of();
    private Filter filter = Filter.NONE;
    private int selected;
    private int top;
    private String header;

    ListPane(String title) {
        this(title, false, l -> l.payload() != null);
    }

    /** item: which rows the title counts (a group, not its member rows; never a placeholder such as "no events yet"). */
    ListPane(String title, boolean newestFirst, Predicate<Line> item) {
        this.title = title;
        this.newestFirst = newestFirst;
        this.item = item;
    }

    String title() {
        return title;
    }

    void header(String header) {
        this.header = header;
    }

    void setLines(List<Line> lines) {
        String key = selectedLine() == null || (newestFirst && selected == 0) ? null : selectedLine().key();
        all = List.copyOf(lines);
        refilter(key);
    }

    Filter filter() {
        return filter;
    }

    void setFilter(Filter f) {
        String key = selectedLine() == null ? null : selectedLine().key();
        filter = f;
        refilter(key);
    }

    private void refilter(String keepKey) {
        List<Line> v = new ArrayList<>();
        for (Line l : all) if (filter.keeps(l.text())) v.add(l);
        visible = v;
        int idx = -1;
        if (keepKey != null) {
            for (int i = 0; i < v.size(); i++) if (v.get(i).key().equals(keepKey)) idx = i;
        }
        selected = idx >= 0 ? idx : Math.min(selected, Math.max(0, v.size() - 1));
    }

    Line selectedLine() {
        return selected >= 0 && selected < visible.size() ? visible.get(selected) : null;
    }

    List<Line> visible() {
        return visible;
    }

    int size() {
        return visible.size();
    }

    /** How many items the visible rows show. */
    int count() {
        return count(visible);
    }

    private int count(List<Line> lines) {
        int n = 0;
        for (Line l : lines) if (item.test(l)) n++;
        return n;
    }

    void move(int delta) {
        if (visible.isEmpty()) return;
        selected = Math.max(0, Math.min(visible.size() - 1, selected + delta));
    }

    void home() {
        selected = 0;
    }

    void end() {
        selected = Math.max(0, visible.size() - 1);
    }

    /** Select the first row whose payload is of the given type at or after the current one (skips headers). */
    void select(int index) {
        if (index >= 0 && index < visible.size()) selected = index;
    }

    String decoratedTitle() {
        String t = title + " (" + count(visible) + (filter.active() ? "/" + count(all) : "") + ")";
        if (filter.active()) t += " /" + filter.text() + (filter.error() != null ? " [" + filter.error() + "]" : "");
        return t;
    }

    void draw(Canvas c, Rect area, boolean focused) {
        if (area.empty()) return;
        int y = area.y();
        int h = area.h();
        if (header != null && h > 1) {
            c.line(area.x(), y, area.w(), Line.of(" " + header, "muted"), null, "text");
            y++;
            h--;
        }
        if (selected < top) top = selected;
        if (selected >= top + h) top = selected - h + 1;
        top = Math.max(0, Math.min(top, Math.max(0, visible.size() - h)));
        for (int i = 0; i < h; i++) {
            int idx = top + i;
            if (idx < visible.size()) {
                Line l = visible.get(idx);
                boolean sel = idx == selected && focused;
                Line padded = new Line(prepend(l), l.key(), l.payload());
                c.line(area.x(), y + i, area.w(), padded, sel ? "selected" : null, sel ? "selected" : "text");
            } else {
                c.line(area.x(), y + i, area.w(), Line.of("", "text"), null, "text");
            }
        }
    }

    private static List<Line.Seg> prepend(Line l) {
        List<Line.Seg> segs = new ArrayList<>(l.segs().size() + 1);
        segs.add(new Line.Seg(" ", "text"));
        segs.addAll(l.segs());
        return segs;
    }
}
