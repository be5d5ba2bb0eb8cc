package dev.baton.render;

import dev.baton.model.Conclusion;
import dev.baton.model.ConcurrencyGroup;
import dev.baton.model.Event;
import dev.baton.model.Run;
import dev.baton.model.RunStatus;
import dev.baton.model.Snapshot;
import dev.baton.model.Times;

import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * A run evicted from a concurrency group, told by its RUN_EVICTED event: subject the group, runId the
 * evicted run, byRunId the run that took its place (structured, never read back from the detail's words).
 * The screen's evicted row and its pop-up.
 */
public final class EvictionRender {
    private EvictionRender() {
    }

    public static boolean isEviction(Event e) {
        return e != null && e.kind() == Event.Kind.RUN_EVICTED;
    }

    /** Is this eviction one of the group's? */
    public static boolean of(Event e, ConcurrencyGroup g) {
        return e.subject() != null && ConcurrencyGroup.key(e.subject()).equals(g.key());
    }

    /**
     * The run that replaced the evicted one, as the operator can find it: "#59" when it is of the evicted run's
     * workflow, else "deploy-auto.yml #4"; " (deployed nothing: if: false)" after it when its jobs were all
     * skipped, so it never shows in the group. "run 1059" when the snapshot does not know it; null when the
     * event names none.
     */
    public static String replacedBy(Snapshot s, Event e) {
        if (e.byRunId() == 0) return null;
        Optional<Run> by = s.run(e.byRunId());
        if (by.isEmpty()) return RunRender.label(s, e.byRunId());
        Run r = by.get();
        boolean same = s.run(e.runId()).map(x -> x.workflowFile().equals(r.workflowFile())).orElse(false);
        return (same ? "" : r.workflowFile() + " ") + "#" + r.runNumber()
                + (r.status() == RunStatus.COMPLETED && r.conclusion() == Conclusion.SKIPPED ? " (deployed nothing: if: false)" : "");
    }

    /** The evicted run's cells, all muted but its label. */
    public static RunRender.RunCells cells(Snapshot s, Event e) {
        return RunRender.cells(s, e.runId(), "evicted", "muted");
    }

    /** "evicted by #59", or "evicted" when nothing says by whom. */
    public static Cell state(Snapshot s, Event e) {
        String by = replacedBy(s, e);
        return Cell.of("evicted" + (by != null ? " by " + by : ""), "evicted");
    }

    /** The pop-up's title: "Evicted #57". */
    public static String title(Snapshot s, Event e) {
        return "Evicted " + RunRender.label(s, e.runId());
    }

    /** The pop-up on an evicted row: group, run, replacing run, when (in the screen's zone), the event's detail. */
    public static String details(Snapshot s, Event e, ZoneId zone) {
        return "group:    " + e.subject() + "\nrun:      " + RunRender.label(s, e.runId()) + " (id " + e.runId() + ")"
                + "\nreplaced: " + Objects.toString(replacedBy(s, e), "unknown")
                + "\nat:       " + Times.clock(e.at(), zone) + "\ndetail:   " + Objects.toString(e.detail(), "");
    }
}
