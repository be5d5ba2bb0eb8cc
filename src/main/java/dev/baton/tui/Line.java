package dev.baton.tui;

import java.util.ArrayList;
import java.util.List;

/**
 * One row of a pane: styled segments, a stable key (so the selection survives a new snapshot) and the
 * thing it stands for (a run, a lock, a finding...) for Enter and key actions.
 */
record Line(List<Seg> segs, String key, Object payload) {
    /** A piece of text drawn in one theme role; bold adds emphasis on top of the role (ANSI logs). */
    record Seg(String text, String role, boolean bold) {
        Seg(String text, String role) {
            this(text, role, false);
        }
    }

    Line {
        segs = List.copyOf(segs);
    }

    static Line of(String text, String role) {
        return new Line(List.of(new Seg(text, role)), text, null);
    }

    String text() {
        StringBuilder sb = new StringBuilder();
        for (Seg s : segs) sb.append(s.text());
        return sb.toString();
    }

    /**
     * This row as rows of at most width columns: broken after the last space that leaves a row at least
     * half full, else at width; continuation rows are indented by two. Dialogs and pop-ups wrap rather than
     * cut, so evidence, lock IDs and URIs are never lost on a narrow terminal.
     */
    List<Line> wrap(int width) {
        String text = text();
        if (width < 8 || text.length() <= width) return List.of(this);
        List<Line> out = new ArrayList<>();
        int from = 0;
        boolean cut = false; // the last row ended inside a word: its rest continues unindented
        while (from < text.length()) {
            String indent = from == 0 || cut ? "" : "  ";
            int room = width - indent.length();
            int to = Math.min(text.length(), from + room);
            cut = false;
            if (to < text.length()) {
                // at the last space, however early: a URI or lock id moves whole to the next row so that a mouse
                // selection copies it; only a word longer than the row is cut, and its rest starts at column 0
                int space = text.lastIndexOf(' ', to);
                if (space > from) to = space + 1;
                else cut = true;
            }
            List<Seg> part = new ArrayList<>();
            if (!indent.isEmpty()) part.add(new Seg(indent, segs.get(0).role()));
            int at = 0;
            for (Seg sg : segs) {
                int a = Math.max(from, at), b = Math.min(to, at + sg.text().length());
                if (a < b) part.add(new Seg(sg.text().substring(a - at, b - at), sg.role(), sg.bold()));
                at += sg.text().length();
            }
            out.add(new Line(part, key + "#" + out.size(), payload));
            from = to;
        }
        return out;
    }

    static Builder builder() {
        return new Builder();
    }

    static final class Builder {
        private final List<Seg> segs = new ArrayList<>();
        private int width;

        Builder add(String text, String role) {
            if (text != null && !text.isEmpty()) {
                segs.add(new Seg(text, role));
                width += text.length();
            }
            return this;
        }

        /** Adds text padded (or cut) to exactly n columns, then one space. */
        Builder col(String text, int n, String role) {
            add(Text.fit(text == null ? "" : text, n), role);
            return add(" ", "text");
        }

        int width() {
            return width;
        }

        Line build(String key, Object payload) {
            return new Line(segs, key, payload);
        }
    }
}
