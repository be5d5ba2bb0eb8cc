package dev.baton.tui;

import java.util.Locale;
import java.util.Map;

/**
 * How many colours the terminal gets. Lanterna ignores TERM, COLORTERM and NO_COLOR and always sends
 * RGB as truecolor, so baton picks the palette itself and converts every colour before drawing.
 */
public enum ColorMode {
    TRUECOLOR, INDEXED_256, ANSI_16, NONE;

    /** NO_COLOR (any non-empty value) wins; then COLORTERM=truecolor|24bit; then TERM's "256color". */
    public static ColorMode detect(Map<String, String> env) {
        String noColor = env.get("NO_COLOR");
        if (noColor != null && !noColor.isEmpty()) return NONE;
        String term = env.getOrDefault("TERM", "").toLowerCase(Locale.ROOT);
        if (term.equals("dumb")) return NONE;
        String colorterm = env.getOrDefault("COLORTERM", "").toLowerCase(Locale.ROOT);
        if (colorterm.equals("truecolor") || colorterm.equals("24bit")) return TRUECOLOR;
        if (term.contains("256color") || term.contains("direct")) return INDEXED_256;
        return ANSI_16;
    }

    /** For --color=NAME: truecolor, 256, 16, none. */
    public static ColorMode parse(String text) {
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "truecolor": case "24bit": return TRUECOLOR;
            case "256": return INDEXED_256;
            case "16": return ANSI_16;
            case "none": case "no": case "0": return NONE;
            default: throw new IllegalArgumentException("colour mode must be truecolor, 256, 16 or none, got '" + text + "'");
        }
    }
}
