package dev.baton.tui;

import dev.baton.model.Event;

import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A run evicted from a group, as told by a RUN_EVICTED event (subject: the group, runId: the evicted
 * run, detail naming the run that replaced it, e.g. "by run 1234" or "replaced by #1234").
 * byRunId is 0 when the detail names none.
 */
public record Eviction(String group, long runId, long byRunId, Instant at, String detail) {
    private static final Pattern BY = Pattern.compile("(?i)by\\s+(?:run\\s+)?#?(\\d+)");

    public static Eviction of(Event e) {
        long by = 0;
        if (e.detail() != null) {
            Matcher m = BY.matcher(e.detail());
            while (m.find()) {
                long n = Long.parseLong(m.group(1));
                if (n != e.runId()) {
                    by = n;
                    break;
                }
            }
        }
        return new Eviction(e.subject(), e.runId(), by, e.at(), e.detail());
    }
}
