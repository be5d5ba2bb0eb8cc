package dev.baton.render;

/**
 * A run of text in one style. role: a theme role the screen draws it in ("text", "muted", "running",
 * "lock.stale", ...; see tui/Theme); commands print the text and drop the role.
 */
public record Span(String text, String role) {
    public Span {
        text = text == null ? "" : text;
        role = role == null ? "text" : role;
    }
}
