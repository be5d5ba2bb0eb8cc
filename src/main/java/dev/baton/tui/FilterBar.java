package dev.baton.tui;

import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.input.KeyStroke;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** The filter (`/`) of one pane, applied as it is typed: Enter keeps it, Esc clears it. */
final class FilterBar implements Modal {
    private final LineEdit edit = new LineEdit();
    private final Consumer<Filter> apply;

    FilterBar(Filter current, Consumer<Filter> apply) {
        this.apply = apply;
        edit.set(current.text());
    }

    @Override
    public boolean key(KeyStroke k, String name) {
        switch (name) {
            case "Esc":
            case "Ctrl-C":
                apply.accept(Filter.NONE);
                return false;
            case "Enter":
                return false;
            default:
                if (edit.edit(k)) apply.accept(Filter.parse(edit.text()));
                return true;
        }
    }

    @Override
    public void draw(Canvas c, int cols, int rows) {
        Filter f = Filter.parse(edit.text());
        List<Line.Seg> segs = new ArrayList<>();
        segs.add(new Line.Seg("/", "status.key"));
        segs.add(new Line.Seg(edit.text(), "input"));
        if (f.error() != null) segs.add(new Line.Seg("  (" + f.error() + ")", "warn"));
        c.line(0, rows - 1, cols, new Line(segs, "", null), null, "input");
    }

    @Override
    public TerminalPosition cursor(int cols, int rows) {
        return new TerminalPosition(Math.min(cols - 1, 1 + edit.cursor()), rows - 1);
    }
}
