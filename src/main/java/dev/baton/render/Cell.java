package dev.baton.render;

import java.util.ArrayList;
import java.util.List;

/** One styled cell of a row: spans the screen draws in their roles and a command flattens to {@link #text()}. */
public record Cell(List<Span> spans) {
    public static final Cell EMPTY = new Cell(List.of());

    public Cell {
        spans = spans == null ? List.of() : List.copyOf(spans);
    }

    /** One span; an empty or null text is the empty cell. */
    public static Cell of(String text, String role) {
        return text == null || text.isEmpty() ? EMPTY : new Cell(List.of(new Span(text, role)));
    }

    /** This cell with another span after it. */
    public Cell plus(String text, String role) {
        if (text == null || text.isEmpty()) return this;
        List<Span> out = new ArrayList<>(spans);
        out.add(new Span(text, role));
        return new Cell(out);
    }

    /** The text as a command prints it. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (Span s : spans) sb.append(s.text());
        return sb.toString();
    }

    /** The role of the first span ("text" when empty): what a one-span cell is drawn in. */
    public String role() {
        return spans.isEmpty() ? "text" : spans.get(0).role();
    }

    public boolean isEmpty() {
        return spans.isEmpty();
    }
}
