package dev.baton.tui;

/** Small text helpers shared by the panes: fitting and printable text. Times and durations: {@link dev.baton.model.Times}. */
final class Text {

    private Text() {
    }

    /** Exactly n columns of {@link #printable} text: padded with spaces, or cut with a trailing '~' marker. */
    static String fit(String s, int n) {
        if (n <= 0) return "";
        s = printable(s);
        if (s.length() == n) return s;
        if (s.length() < n) return s + " ".repeat(n - s.length());
        return n == 1 ? s.substring(0, 1) : s.substring(0, n - 1) + "~";
    }

    /** At most n columns of {@link #printable} text, cut at the end. */
    static String cut(String s, int n) {
        if (n <= 0) return "";
        s = printable(s);
        return s.length() <= n ? s : (n == 1 ? s.substring(0, 1) : s.substring(0, n - 1) + "~");
    }

    /** At most n columns, keeping the end (for keys and paths, whose end says most). */
    static String cutLeft(String s, int n) {
        if (n <= 0) return "";
        s = printable(s);
        return s.length() <= n ? s : "~" + s.substring(s.length() - n + 1);
    }

    /**
     * Text as the screen's cells show it: control characters made visible the way every output of baton
     * shows them ({@link dev.baton.command.Text#visible}: ESC as {@code \x1b}, a bidi override as a
     * backslash-u escape), so a hostile log or lock body cannot move the cursor, clear the screen or set
     * the clipboard; a tab is one space. Invisible format characters (a log's byte-order mark, zero-width
     * spaces, soft hyphens) are dropped: they take a cell in the screen's grid but none on the terminal,
     * which would shift the rest of the row.
     */
    static String printable(String s) {
        if (s == null) return "";
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                if (sb != null) sb.append(c);
                continue;
            }
            if (sb == null) {
                if (!dev.baton.command.Text.unsafe(c) && !invisible(c)) continue;
                sb = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            append(sb, c);
        }
        return sb == null ? s : sb.toString();
    }

    /** One character of text as the screen shows it (see {@link #printable}). */
    static void append(StringBuilder sb, char c) {
        if (c == '\t') sb.append(' ');
        else if (dev.baton.command.Text.unsafe(c)) sb.append(dev.baton.command.Text.visible(String.valueOf(c)));
        else if (!invisible(c)) sb.append(c);
    }

    /** A format character that takes no column on a terminal (bidi controls are not: they are shown). */
    private static boolean invisible(char c) {
        return c == 0xad || c >= 0x200b && Character.getType(c) == Character.FORMAT && !dev.baton.command.Text.unsafe(c);
    }
}
