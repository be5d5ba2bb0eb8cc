package dev.baton.tui;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/** Small text helpers shared by the panes: fitting, durations, clock times. */
final class Text {

    private Text() {
    }

    /** Exactly n columns: padded with spaces, or cut with a trailing '~' marker. */
    static String fit(String s, int n) {
        if (n <= 0) return "";
        if (s.length() == n) return s;
        if (s.length() < n) return s + " ".repeat(n - s.length());
        return n == 1 ? s.substring(0, 1) : s.substring(0, n - 1) + "~";
    }

    /** At most n columns, cut at the end. */
    static String cut(String s, int n) {
        if (n <= 0) return "";
        return s.length() <= n ? s : (n == 1 ? s.substring(0, 1) : s.substring(0, n - 1) + "~");
    }

    /** At most n columns, keeping the end (for keys and paths, whose end says most). */
    static String cutLeft(String s, int n) {
        if (n <= 0) return "";
        return s.length() <= n ? s : "~" + s.substring(s.length() - n + 1);
    }

    /** "45s", "2m05s", "1h03m", "3d04h". */
    static String duration(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 60) return s + "s";
        // no String.format: java.util.Formatter's first use costs tens of milliseconds of start-up
        if (s < 3600) return s % 60 == 0 ? (s / 60) + "m" : (s / 60) + "m" + two(s % 60) + "s";
        if (s < 86400) return s % 3600 == 0 ? (s / 3600) + "h" : (s / 3600) + "h" + two((s % 3600) / 60) + "m";
        return (s / 86400) + "d" + two((s % 86400) / 3600) + "h";
    }

    /** Like {@link #duration} but whole minutes past the first: for what ages on an idle screen, which then repaints once a minute, not every second. */
    static String roughly(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 3600) return s < 60 ? s + "s" : (s / 60) + "m";
        return duration(Duration.ofSeconds(s / 60 * 60));
    }

    static String roughlySince(Instant then, Instant now) {
        return then == null || now == null ? "-" : roughly(Duration.between(then, now));
    }

    static String since(Instant then, Instant now) {
        return then == null || now == null ? "-" : duration(Duration.between(then, now));
    }

    static String clock(Instant t, ZoneId zone) {
        if (t == null) return "--:--:--";
        java.time.LocalTime l = t.atZone(zone).toLocalTime();
        return two(l.getHour()) + ":" + two(l.getMinute()) + ":" + two(l.getSecond());
    }

    private static String two(long n) {
        return n < 10 ? "0" + n : String.valueOf(n);
    }

    /**
     * Replaces control characters so a hostile log or lock body cannot move the cursor, and drops
     * invisible format characters (a log's byte-order mark, zero-width spaces, bidi overrides): they
     * take a cell in the screen's grid but none on the terminal, which shifts the rest of the row.
     */
    static String printable(String s) {
        if (s == null) return "";
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                if (sb == null) sb = new StringBuilder(s.substring(0, i));
                sb.append(c == '\t' ? ' ' : '?');
            } else if (c >= 0x200b && Character.getType(c) == Character.FORMAT || c == 0xad) {
                if (sb == null) sb = new StringBuilder(s.substring(0, i));
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }
}
