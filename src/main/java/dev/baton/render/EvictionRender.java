package dev.baton.render;

import dev.baton.model.Conclusion;
import dev.baton.model.ConcurrencyGroup;
import dev.baton.model.Finding;
import dev.baton.model.Run;
import dev.baton.model.RunStatus;
import dev.baton.model.Snapshot;
import dev.baton.model.Times;

import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * A run evicted from a concurrency group, told by its EVICTED finding (the snapshot's, as `groups` lists it:
 * {@link GroupRender#evictions}): subject the group, runId the evicted run, byRunId the run that took its place
 * (data, never read back from the summary's words). The state of an evicted row (render/GroupRender's) and the screen's pop-up.
 */
public final class EvictionRender {
    private EvictionRender() {
    }

    public static boolean isEviction(Finding f) {
        return f != null && f.kind() == Finding.Kind.EVICTED;
    }

    /** Is this eviction one of the group's? */
    public static boolean of(Finding f, ConcurrencyGroup g) {
        return isEviction(f) && f.subject() != null && ConcurrencyGroup.key(f.subject()).equals(g.key());
    }

    /**
     * The run that replaced the evicted one, as the operator can find it: "#59" when it is of the evicted run's
     * workflow, else "deploy-auto.yml #4"; " (deployed nothing: if: false)" after it when its jobs were all
     * skipped, so it never shows in the group. "run 1059" when the snapshot does not know it; null when the
     * finding names none.
     */
    public static String replacedBy(Snapshot s, Finding e) {
        if (e.byRunId() == 0) return null;
        Optional<Run> by = s.run(e.byRunId());
        if (by.isEmpty()) return RunRender.label(s, e.byRunId());
        Run r = by.get();
        boolean same = s.run(e.runId()).map(x -> x.workflowFile().equals(r.workflowFile())).orElse(false);
        return (same ? "" : r.workflowFile() + " ") + "#" + r.runNumber()
                + (r.status() == RunStatus.COMPLETED && r.conclusion() == Conclusion.SKIPPED ? " (deployed nothing: if: false)" : "");
    }

    /** "evicted by #59", or "evicted" when nothing says by whom. */
    public static Cell state(Snapshot s, Finding e) {
        String by = replacedBy(s, e);
        return Cell.of("evicted" + (by != null ? " by " + by : ""), "evicted");
    }

    /** The pop-up's title: "Evicted #57". */
    public static String title(Snapshot s, Finding e) {
        return "Evicted " + RunRender.label(s, e.runId());
    }

    /** The pop-up on an evicted row: group, run, replacing run, when baton first saw it (in the screen's zone), the finding's summary. */
    public static String details(Snapshot s, Finding e, ZoneId zone) {
        return "group:    " + e.subject() + "\nrun:      " + RunRender.label(s, e.runId()) + " (id " + e.runId() + ")"
                + "\nreplaced: " + Objects.toString(replacedBy(s, e), "unknown")
                + "\nat:       " + Times.clock(e.seenAt(), zone) + "\ndetail:   " + Objects.toString(e.summary(), "");
    }
}
