package dev.baton.model;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The one rendering of times for every output of baton (commands, screen, shell, findings, probes,
 * the sandbox's simulate): clock times, durations and ages, short commit shas. One representation each:
 * <ul>
 * <li>a clock time is "HH:mm:ss", in UTC unless the screen was given another zone;</li>
 * <li>a duration is its two largest units, the second padded and left out when zero: "45s", "1m05s",
 * "1m", "2h03m", "2h", "3d04h", "3d";</li>
 * <li>a short sha is its first 7 characters;</li>
 * <li>anything unknown (a null time, sha or duration) is {@link #UNKNOWN}, "-".</li>
 * </ul>
 * Written without {@code java.util.Formatter} or {@code DateTimeFormatter}: their first use costs tens of
 * milliseconds of start-up. ArchitectureTest keeps other product code from building time formats.
 */
public final class Times {
    /** How every output shows a time, duration or sha that is not known. */
    public static final String UNKNOWN = "-";

    private Times() {
    }

    /** "HH:mm:ss" in UTC, or {@link #UNKNOWN}. */
    public static String clock(Instant t) {
        return clock(t, ZoneOffset.UTC);
    }

    /** "HH:mm:ss" in the given zone, or {@link #UNKNOWN}. */
    public static String clock(Instant t, ZoneId zone) {
        if (t == null) return UNKNOWN;
        LocalTime l = t.atZone(zone).toLocalTime();
        return two(l.getHour()) + ":" + two(l.getMinute()) + ":" + two(l.getSecond());
    }

    /** "HH:mm" in the given zone (an axis tick, a reset time), or {@link #UNKNOWN}. */
    public static String clockMinutes(Instant t, ZoneId zone) {
        if (t == null) return UNKNOWN;
        LocalTime l = t.atZone(zone).toLocalTime();
        return two(l.getHour()) + ":" + two(l.getMinute());
    }

    /** "45s", "1m05s", "1m", "2h03m", "2h", "3d04h", "3d"; a negative duration is "0s", null {@link #UNKNOWN}. */
    public static String duration(Duration d) {
        if (d == null) return UNKNOWN;
        long s = Math.max(0, d.getSeconds());
        if (s < 60) return s + "s";
        if (s < 3600) return pair(s / 60, "m", s % 60, "s");
        if (s < 86400) return pair(s / 3600, "h", (s % 3600) / 60, "m");
        return pair(s / 86400, "d", (s % 86400) / 3600, "h");
    }

    /** {@link #duration} of whole seconds. */
    public static String seconds(long seconds) {
        return duration(Duration.ofSeconds(seconds));
    }

    /**
     * {@link #duration} in whole minutes past the first minute ("45s", "24m", "3h05m"): for what ages on an
     * idle screen, which then repaints once a minute rather than every second.
     */
    public static String roughly(Duration d) {
        if (d == null) return UNKNOWN;
        long s = Math.max(0, d.getSeconds());
        return duration(Duration.ofSeconds(s < 60 ? s : s / 60 * 60));
    }

    /** The {@link #duration} from one instant to now; {@link #UNKNOWN} when either is unknown. */
    public static String age(Instant from, Instant now) {
        return from == null || now == null ? UNKNOWN : duration(Duration.between(from, now));
    }

    /** The {@link #roughly} duration from one instant to now; {@link #UNKNOWN} when either is unknown. */
    public static String roughAge(Instant from, Instant now) {
        return from == null || now == null ? UNKNOWN : roughly(Duration.between(from, now));
    }

    /** The first 7 characters of a commit sha, or {@link #UNKNOWN}. */
    public static String shortSha(String sha) {
        return sha == null || sha.isEmpty() ? UNKNOWN : sha.substring(0, Math.min(7, sha.length()));
    }

    private static String pair(long big, String bigUnit, long small, String smallUnit) {
        return small == 0 ? big + bigUnit : big + bigUnit + two(small) + smallUnit;
    }

    private static String two(long n) {
        return n < 10 ? "0" + n : String.valueOf(n);
    }
}
