package dev.baton.render;

import dev.baton.model.Times;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * Times as the frontends and the commands write them, through model/Times (the one formatter, which the
 * watch and the sandbox also use for evidence): a clock time with its zone ("14:03:00 UTC"), offsets from
 * a start ("+1m05s", `simulate`'s runs and events), ages and durations ("1m05s"), short shas; "-" for
 * anything unknown. ArchitectureTest keeps tui, shell and command from calling Times themselves.
 */
public final class TimeRender {
    /** How every output shows a time, duration or sha that is not known. */
    public static final String UNKNOWN = Times.UNKNOWN;

    private TimeRender() {
    }

    /** "14:03:00 UTC", or "-" when unknown. */
    public static String utc(Instant t) {
        return t == null ? Times.UNKNOWN : Times.clock(t) + " UTC";
    }

    /** "14:03:00" in UTC (a column of a table whose heading names the zone), or "-". */
    public static String clock(Instant t) {
        return Times.clock(t);
    }

    /** How long after start: "+0s", "+45s", "+1m05s", "+1h02m", a duration as everywhere else; "-" when t is unknown. */
    public static String offset(Instant start, Instant t) {
        return t == null || start == null ? Times.UNKNOWN : offset(Duration.between(start, t));
    }

    /** "+45s", "+1m05s", "+1h02m": a duration after a start; "-" when unknown. */
    public static String offset(Duration d) {
        return d == null ? Times.UNKNOWN : "+" + Times.duration(d);
    }

    /** A duration: "1m05s". */
    public static String duration(Duration d) {
        return Times.duration(d);
    }

    /** The age from one instant to now: "1m05s", "-" when either is unknown. */
    public static String age(Instant from, Instant now) {
        return Times.age(from, now);
    }

    /** A commit's short sha, "-" when unknown. */
    public static String shortSha(String sha) {
        return Times.shortSha(sha);
    }

    /** "HH:mm:ss" in the zone (the screen's), or "-". */
    public static String clock(Instant t, ZoneId zone) {
        return Times.clock(t, zone);
    }

    /** "HH:mm" in the zone: an axis tick, a reset time. */
    public static String clockMinutes(Instant t, ZoneId zone) {
        return Times.clockMinutes(t, zone);
    }

    /** An age in whole minutes past the first: for what ages on an idle screen, repainted once a minute. */
    public static String roughAge(Instant from, Instant now) {
        return Times.roughAge(from, now);
    }

    /** A duration of whole seconds. */
    public static String seconds(long seconds) {
        return Times.seconds(seconds);
    }
}
