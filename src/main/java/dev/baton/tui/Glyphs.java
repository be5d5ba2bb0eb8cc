package dev.baton.tui;

import java.util.Locale;
import java.util.Map;

/** Every non-ASCII character the screen draws, with an ASCII twin for --ascii and non-UTF-8 locales. */
public record Glyphs(char h, char v, char tl, char tr, char bl, char br,
                     char running, char pending, char evicted, char idle, char arrow, char ellipsis,
                     char ganttRunning, char ganttWaiting, char ganttEvicted, char ganttOverlap, char ganttTick,
                     char selectMark, char warn) {

    public static final Glyphs UNICODE = new Glyphs('─', '│', '┌', '┐', '└', '┘',
            '▶', '…', '✗', '·', '→', '…',
            '█', '░', '✗', '▓', '┊', '▌', '⚠');

    public static final Glyphs ASCII = new Glyphs('-', '|', '+', '+', '+', '+',
            '>', '.', 'x', '-', '>', '~',
            '#', '.', 'X', '!', ':', '|', '!');

    /** ASCII unless the locale (LC_ALL, LC_CTYPE, LANG, first set wins) names UTF-8. */
    public static Glyphs detect(Map<String, String> env) {
        for (String key : new String[]{"LC_ALL", "LC_CTYPE", "LANG"}) {
            String v = env.get(key);
            if (v != null && !v.isEmpty()) {
                String l = v.toLowerCase(Locale.ROOT);
                return l.contains("utf-8") || l.contains("utf8") ? UNICODE : ASCII;
            }
        }
        return ASCII;
    }

    /** The timeline's marks (render/TimelineRender) in these glyphs. */
    public dev.baton.render.TimelineRender.Marks marks() {
        return new dev.baton.render.TimelineRender.Marks(ganttRunning, ganttWaiting, ganttEvicted, ganttOverlap, h, ganttTick);
    }

    public boolean ascii() {
        return this == ASCII || h == '-';
    }
}
