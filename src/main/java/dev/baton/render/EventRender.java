package dev.baton.render;

import dev.baton.model.Event;
import dev.baton.model.Snapshot;
import dev.baton.model.Times;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;

/** An event as every frontend shows it: `events` and `watch` lines, the Events pane's row, its pop-up, its JSON. */
public final class EventRender {
    private EventRender() {
    }

    /**
     * The JSON shape of an event (`events --json`, each `watch --json` line): kind is {@link Event.Kind},
     * runId null for events about no run (locks, sources).
     */
    public record EventView(Instant at, Event.Kind kind, String subject, String detail, Long runId) {
    }

    public static EventView view(Event e) {
        return new EventView(e.at(), e.kind(), e.subject(), e.detail(), e.runId() == 0 ? null : e.runId());
    }

    /** "run evicted" for RUN_EVICTED. */
    public static String kind(Event.Kind k) {
        return k.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** "14:03:00  run evicted  deploy-production  #57 evicted by ...": `events` and `watch`, times in UTC. */
    public static String line(Event e) {
        return Times.clock(e.at()) + "  " + kind(e.kind()) + "  " + e.subject() + (e.detail() == null || e.detail().isEmpty() ? "" : "  " + e.detail());
    }

    /** A lock's URI, after a fleet's "owner/name: " if any (FleetRender.named). */
    private static final java.util.regex.Pattern LOCK_URI = java.util.regex.Pattern.compile("^([^ ]+: )?(?:s3|dynamodb)://[^/]+/(.+)$");

    /**
     * The subject as a screen row shows it: a lock's URI without its scheme and bucket ("prod/terraform.tfstate.tflock"),
     * whatever the event's kind,
     * so that at 80 columns the row still says which lock; the pop-up and `events` keep the whole URI.
     */
    public static String rowSubject(Event e) {
        if (e.subject() == null) return "";
        // any kind: a lock's events, and an operator's action or a finding on a lock ("bob unlock refused")
        return shortLock(e.subject());
    }

    /** A lock URI as the screen's rows name it, its key ("prod/terraform.tfstate.tflock"); anything else as it is. */
    public static String shortLock(String text) {
        java.util.regex.Matcher m = LOCK_URI.matcher(text);
        return m.matches() ? (m.group(1) == null ? "" : m.group(1)) + m.group(2) : text;
    }

    /** The role an event of this kind is drawn in. */
    public static String role(Event.Kind k) {
        return switch (k) {
            case RUN_STARTED, LOCK_ACQUIRED, SOURCE_RECOVERED -> "running";
            case RUN_QUEUED, RUN_PENDING, RUN_WAITING -> "pending";
            case RUN_EVICTED, SOURCE_ERROR -> "evicted";
            case FINDING, LOCK_HOLDER_CHANGED -> "warn";
            case NOTE -> "title"; // an operator's words stand out from the machine's
            default -> "info";
        };
    }

    /** The screen's pop-up on an event. */
    public static String details(Snapshot s, Event e, ZoneId zone) {
        return Times.clock(e.at(), zone) + "  " + e.kind() + "\nsubject: " + e.subject()
                + (e.runId() != 0 ? "\nrun:     " + RunRender.label(s, e.runId()) + " (id " + e.runId() + ")" : "")
                + "\ndetail:  " + (e.detail() == null ? "" : e.detail());
    }

    /** "no events since 13:05:00 UTC". */
    public static String none(Instant from) {
        return "no events since " + Times.clock(from) + " UTC";
    }
}
