package dev.baton.command;

import dev.baton.render.TimeRender;
import java.util.ArrayList;
import java.util.List;

/** Plain-text rendering shared by the commands: aligned columns, visible text, wrapping. Times, ages and shas: {@link dev.baton.model.Times}. */
public final class Text {

    private Text() {
    }

    public static String nz(Object o) {
        return o == null ? dev.baton.render.TimeRender.UNKNOWN : o.toString();
    }

    /** Rows of cells -> left-aligned columns separated by two spaces, each line indented. */
    public static String table(List<List<String>> rows, String indent) {
        return table(rows, java.util.Collections.nCopies(rows.size(), indent));
    }

    /**
     * Several tables in one listing, a row each its own indent: the rows of one indent line up among themselves
     * (a group's header rows, its runs' rows), as the screen lays out one table per kind of row.
     */
    public static String table(List<List<String>> rows, List<String> indents) {
        java.util.Map<String, int[]> widths = new java.util.HashMap<>();
        for (int r = 0; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            int[] w = widths.computeIfAbsent(indents.get(r), k -> new int[0]);
            if (w.length < row.size()) widths.put(indents.get(r), w = java.util.Arrays.copyOf(w, row.size()));
            for (int i = 0; i < row.size(); i++) w[i] = Math.max(w[i], row.get(i).length());
        }
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            int[] width = widths.get(indents.get(r));
            StringBuilder line = new StringBuilder(indents.get(r));
            for (int i = 0; i < row.size(); i++) {
                line.append(row.get(i));
                if (i < row.size() - 1) line.append(" ".repeat(width[i] - row.get(i).length() + 2));
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    /** Rendered rows (render/Cell) as a command prints them: each cell's text, as {@link #row} makes it. */
    public static List<List<String>> rows(List<List<dev.baton.render.Cell>> rows) {
        List<List<String>> out = new ArrayList<>();
        for (List<dev.baton.render.Cell> r : rows) out.add(row(r.stream().map(dev.baton.render.Cell::text).toArray()));
        return out;
    }

    /** One table row; each cell is one line as shown ({@link #visible}), so a newline in a lock's Who cannot add a row and widths count what is printed. */
    public static List<String> row(Object... cells) {
        List<String> out = new ArrayList<>();
        for (Object c : cells) out.add(visible(nz(c)));
        return out;
    }

    /**
     * One field from outside (a lock's Who, a run's title, a branch, a log line) as it may reach a terminal:
     * every control character is shown as a visible escape, so the text cannot move the cursor, clear the
     * screen, set the clipboard (OSC 52) or reverse the rest of the line. C0 controls (newline and tab
     * too), DEL and the C1 controls U+0080-U+009F become {@code \xNN} (ESC is {@code \x1b}, BEL {@code \x07},
     * the one-character CSI {@code \x9b}); the bidirectional controls (U+061C, U+200E/F, U+202A-E,
     * U+2066-9) become a backslash, 'u' and four hex digits ({@code \}{@code u202e}). Everything else, a backslash included, is unchanged, and text with
     * nothing to escape is returned as it is. Applying it twice changes nothing more.
     */
    public static String visible(String s) {
        return escape(s, false);
    }

    /** {@link #visible} for text of many lines (a command's output): newlines and tabs stay, and a CR before a newline. */
    public static String visibleLines(String s) {
        return escape(s, true);
    }

    private static String escape(String s, boolean lines) {
        if (s == null) return null;
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean keep = !unsafe(c) || lines && (c == '\n' || c == '\t' || c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n');
            if (keep) {
                if (sb != null) sb.append(c);
                continue;
            }
            if (sb == null) sb = new StringBuilder(s.length() + 16).append(s, 0, i);
            if (c < 0x100) sb.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xf]);
            else sb.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xf]).append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
        }
        return sb == null ? s : sb.toString();
    }

    private static final java.util.regex.Pattern SGR = java.util.regex.Pattern.compile("\u001b\\[[0-9;:]*m");

    /** A log line without its SGR colour codes (ESC [ digits m), for plain text output; every other escape is left for {@link #visible}. */
    public static String withoutColours(String line) {
        return line.indexOf('\u001b') < 0 ? line : SGR.matcher(line).replaceAll("");
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** A character a terminal acts on rather than shows: C0, DEL, C1, or a bidirectional control. */
    public static boolean unsafe(char c) {
        return c < 0x20 || c >= 0x7f && c < 0xa0 || c == 0x061c || c == 0x200e || c == 0x200f
                || c >= 0x202a && c <= 0x202e || c >= 0x2066 && c <= 0x2069;
    }

    /**
     * Width of wrapped command output: an 80-column terminal, and the screen's pop-up on one (80 minus
     * the margin, the box and its padding), show it without cutting lines.
     */
    public static final int WRAP = 74;

    /** One line wrapped at width on spaces; continuation lines start with indent. A longer word stays whole. */
    public static String wrap(String line, int width, String indent) {
        StringBuilder sb = new StringBuilder();
        String rest = line;
        boolean first = true;
        while (true) {
            String lead = first ? "" : indent;
            int room = width - lead.length();
            if (rest.length() <= room) return sb.append(lead).append(rest).toString();
            int cut = rest.lastIndexOf(' ', room);
            if (cut <= 0) cut = rest.indexOf(' ', room);
            if (cut <= 0) return sb.append(lead).append(rest).toString();
            sb.append(lead).append(rest, 0, cut).append('\n');
            rest = rest.substring(cut + 1).stripLeading();
            first = false;
        }
    }
}
