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
