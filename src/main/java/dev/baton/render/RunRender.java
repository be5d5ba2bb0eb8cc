package dev.baton.render;

import dev.baton.model.Snapshot;

/** How a run is named wherever it is shown: "#57" (its number) when the snapshot knows it, else "run 123456" (its id). */
public final class RunRender {
    private RunRender() {
    }

    /** "#57": a run read from GitHub (a lease's target). */
    public static String label(dev.baton.model.Run r) {
        return "#" + r.runNumber();
    }

    public static String label(Snapshot s, long runId) {
        return s.run(runId).map(r -> "#" + r.runNumber()).orElse("run " + runId);
    }
}
