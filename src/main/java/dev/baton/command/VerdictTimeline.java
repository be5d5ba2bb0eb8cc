package dev.baton.command;

import dev.baton.model.ConcurrencyGroup;
import dev.baton.probe.Verdict;
import dev.baton.render.TimelineRender;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** rapid-fire's charts: the test's runs, one chart per group, on GitHub's time axis, drawn by render/TimelineRender. */
public final class VerdictTimeline {
    private VerdictTimeline() {
    }

    /** The charts as lines of at most width columns (UTC, ASCII), a blank line between groups; none before any run was seen. */
    public static List<String> lines(Verdict v, int width) {
        List<String> out = new ArrayList<>();
        if (v.from() == null || v.to() == null) return out;
        Map<String, List<Verdict.RunResult>> byGroup = new LinkedHashMap<>();
        for (Verdict.RunResult r : v.runs()) {
            byGroup.computeIfAbsent(r.group() == null ? "\0" + r.workflow() : ConcurrencyGroup.key(r.group()), k -> new ArrayList<>()).add(r);
        }
        for (List<Verdict.RunResult> members : byGroup.values()) {
            Verdict.RunResult first = members.get(0);
            boolean manyWorkflows = members.stream().map(Verdict.RunResult::workflow).distinct().count() > 1;
            boolean manyEnvs = members.stream().map(Verdict.RunResult::environment).distinct().count() > 1;
            List<TimelineRender.Bar> bars = new ArrayList<>();
            for (Verdict.RunResult r : members) {
                String label = "#" + r.runNumber() + (manyWorkflows ? " " + r.workflow() : "")
                        + (manyEnvs && r.environment() != null ? " " + r.environment() : "");
                boolean ended = r.outcome().equals("evicted") || r.outcome().equals("cancelled");
                bars.add(new TimelineRender.Bar(label, r.createdAt(), r.startedAt(), r.endedAt() != null ? r.endedAt() : ended ? r.lastTransitionAt() : null,
                        r.outcome().equals("evicted"), r.outcome().equals("skipped")));
            }
            if (!out.isEmpty()) out.add("");
            out.addAll(TimelineRender.chart(first.group() == null ? "no group: " + first.workflow() : first.group(), bars, v.from(), v.to(),
                    width, ZoneOffset.UTC, TimelineRender.Marks.ASCII, null));
        }
        return out;
    }
}
