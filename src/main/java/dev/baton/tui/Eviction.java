package dev.baton.tui;

import dev.baton.model.Event;

import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A run evicted from a group, as told by a RUN_EVICTED event (subject: the group, runId: the evicted
 * run). The detail names the run that replaced it: the watch writes "WF #N (sha) evicted by WF #M (sha)",
 * which gives the workflow file and run number (byWorkflow "WF", byLabel "#M"); other sources may write "by run 1234" or "replaced by #1234",
 * a run id (byRunId). byRunId is 0 and byLabel null when the detail names none.
 */
public record Eviction(String group, long runId, long byRunId, String byWorkflow, String byLabel, Instant at, String detail) {
    private static final Pattern BY_NUMBER = Pattern.compile("evicted by (\\S+) #(\\d+)");
    private static final Pattern BY_ID = Pattern.compile("(?i)by\\s+(?:run\\s+)?#?(\\d+)");

    public static Eviction of(Event e) {
        long by = 0;
        String workflow = null;
        String label = null;
        if (e.detail() != null) {
            Matcher n = BY_NUMBER.matcher(e.detail());
            if (n.find()) {
                workflow = n.group(1);
                label = "#" + n.group(2);
            } else {
                Matcher m = BY_ID.matcher(e.detail());
                while (m.find()) {
                    long id = Long.parseLong(m.group(1));
                    if (id != e.runId()) {
                        by = id;
                        break;
                    }
                }
            }
        }
        return new Eviction(e.subject(), e.runId(), by, workflow, label, e.at(), e.detail());
    }
}
