package dev.baton.probe;

import dev.baton.model.Times;
import dev.baton.probe.Verdict.Eviction;
import dev.baton.probe.Verdict.GroupResult;
import dev.baton.probe.Verdict.OtherRun;
import dev.baton.probe.Verdict.Overlap;
import dev.baton.probe.Verdict.Race;
import dev.baton.probe.Verdict.RunResult;
import dev.baton.probe.Verdict.SetOffRun;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rapid-fire verdict in words (split from {@link Verdict}, which judges): rapid-fire's text and the
 * Markdown report. Its charts are drawn by command/VerdictTimeline through render/TimelineRender. Times are
 * GitHub's, in UTC.
 */
final class VerdictText {
    private VerdictText() {
    }

    static String text(Verdict v) {
        Map<Long, String> labels = labels(v);
        StringBuilder sb = new StringBuilder();
        sb.append("rapid-fire: ").append(v.summary()).append('\n');
        for (GroupResult g : v.groups()) {
            sb.append("  group ").append(g.group());
            if (!g.level().equals("none")) sb.append(" (").append(g.level()).append("-level").append(g.queue() == null ? "" : ", queue: " + g.queue()).append(')');
            sb.append(": ").append(Verdict.runs(g.runIds().size())).append(", at most ").append(g.maxInProgress()).append(" in progress at once");
            if (g.evicted() > 0) sb.append(", ").append(g.evicted()).append(" evicted");
            sb.append(", starts ").append(g.startsInOrder() ? "in dispatch order" : "OUT of dispatch order").append('\n');
            if (g.environments().size() > 1 || g.actors().size() > 1) {
                sb.append("    shared by ").append(sharedBy(v, g)).append('\n');
            }
        }
        for (Overlap o : v.overlaps()) {
            sb.append("  OVERLAP in ").append(o.group()).append(": run ").append(o.runA()).append(" (").append(labels.get(o.runA()))
                    .append(") and run ").append(o.runB()).append(" (").append(labels.get(o.runB())).append(") both executing ")
                    .append(Times.clock(o.from())).append("-").append(Times.clock(o.to())).append('\n');
        }
        for (Race r : v.races()) {
            sb.append("  RACE in ").append(r.group()).append(": GitHub listed runs ").append(r.runIds()).append(" in progress together\n");
        }
        for (Eviction e : v.evictions()) {
            sb.append("  EVICTED run ").append(e.runId()).append(" (#").append(e.runNumber()).append(", ").append(Times.shortSha(e.headSha())).append(")")
                    .append(e.replacedBy() == null ? "" : " by run " + e.replacedBy() + " (" + labels.get(e.replacedBy()) + ")")
                    .append(": ").append(e.note()).append('\n');
        }
        sb.append("  runs (GitHub's times, UTC):\n");
        boolean manyWorkflows = v.runs().stream().map(RunResult::workflow).distinct().count() > 1;
        Map<Long, Long> evictedBy = new LinkedHashMap<>();
        v.evictions().forEach(e -> evictedBy.put(e.runId(), e.replacedBy()));
        for (RunResult r : v.runs()) {
            sb.append("    ").append(r.index()).append(". #").append(r.runNumber()).append(manyWorkflows ? " " + r.workflow() : "")
                    .append("  run ").append(r.runId()).append("  ").append(r.outcome());
            Long by = evictedBy.get(r.runId());
            if (by != null) sb.append(" by ").append(labels.get(by));
            sb.append("  ").append(r.actor()).append(r.environment() == null ? "" : " -> " + r.environment());
            String wait = waitText(r, labels);
            if (!wait.isEmpty()) sb.append("  ").append(wait);
            if (r.startedAt() != null) sb.append(", ran ").append(Times.clock(r.startedAt())).append("-").append(r.endedAt() == null ? "..." : Times.clock(r.endedAt()));
            sb.append('\n');
            for (String l : r.lockLines()) sb.append("       ").append(l).append('\n');
        }
        if (!v.setOff().isEmpty()) sb.append("  set off by the test's runs (workflow_run, not dispatched):\n");
        for (SetOffRun r : v.setOff()) {
            sb.append("    ").append(r.label()).append("  run ").append(r.runId()).append("  ").append(r.outcome())
                    .append("  ").append(r.actor()).append(r.environment() == null ? "" : " -> " + r.environment())
                    .append(r.deployed() ? "  PRODUCTION" : r.production() ? "  (production, ran nothing)" : "").append('\n');
        }
        if (!v.cancelled().isEmpty()) sb.append("  cancelled pending test runs: ").append(v.cancelled()).append('\n');
        v.notes().forEach(n -> sb.append("  note: ").append(n).append('\n'));
        return sb.toString().stripTrailing();
    }

    private static String sharedBy(Verdict v, GroupResult g) {
        List<String> parts = new ArrayList<>();
        for (RunResult r : v.runs()) {
            if (!g.runIds().contains(r.runId())) continue;
            String p = (r.environment() == null ? "" : r.environment() + " ") + "(" + r.actor() + ")";
            if (!parts.contains(p)) parts.add(p);
        }
        return String.join(", ", parts);
    }

    private static String waitText(RunResult r, Map<Long, String> labels) {
        List<String> parts = new ArrayList<>();
        if (r.waitedForApproval()) parts.add("waited for its reviewer");
        if (!r.waitedBehind().isEmpty()) {
            parts.add("pending behind " + String.join(", ", r.waitedBehind().stream().map(id -> labels.getOrDefault(id, "run " + id)).toList()));
        }
        String s = String.join(", then ", parts);
        if (r.startedAt() == null) {
            Instant last = r.lastTransitionAt();
            if (last != null && r.createdAt() != null && r.outcome().matches("evicted|cancelled")) {
                s = (s.isEmpty() ? "" : s + ", ") + r.outcome() + " after " + Times.seconds(Duration.between(r.createdAt(), last).toSeconds());
            }
            return s;
        }
        if (r.waitedSeconds() != null && r.waitedSeconds() > 2) return (s.isEmpty() ? "waited " : s + ": waited ") + Times.seconds(r.waitedSeconds());
        return s.isEmpty() ? "started at once" : s;
    }

    private static Map<Long, String> labels(Verdict v) {
        Map<Long, String> m = new LinkedHashMap<>();
        for (OtherRun o : v.others()) {
            m.put(o.runId(), o.workflow() + " #" + o.runNumber() + " (" + (o.actor() == null ? "" : "by " + o.actor() + ", ") + "not this test's)");
        }
        for (RunResult r : v.runs()) m.put(r.runId(), "#" + r.runNumber());
        return m;
    }

    static String markdown(Verdict v, List<String> timeline) {
        Map<Long, String> labels = labels(v);
        StringBuilder sb = new StringBuilder();
        sb.append("# Rapid-fire deploy test: ").append(v.summary()).append("\n\n");
        sb.append("Runs created ").append(v.from()).append(", observed until ").append(v.to()).append(" (GitHub's clock, UTC).\n\n");
        sb.append("| group | level | queue | runs | most in progress at once | evicted | starts in dispatch order |\n|---|---|---|---|---|---|---|\n");
        for (GroupResult g : v.groups()) {
            sb.append("| `").append(g.group()).append("` | ").append(g.level()).append(" | ").append(g.queue() == null ? "-" : g.queue())
                    .append(" | ").append(g.runIds().size()).append(" | ").append(g.maxInProgress()).append(" | ").append(g.evicted())
                    .append(" | ").append(g.startsInOrder() ? "yes" : "**no**").append(" |\n");
        }
        sb.append("\n| # | run | workflow | outcome | actor | environment | commit | waited | ran |\n|---|---|---|---|---|---|---|---|---|\n");
        for (RunResult r : v.runs()) {
            String wait = waitText(r, labels);
            sb.append("| ").append(r.index()).append(" | ").append(r.htmlUrl() == null ? String.valueOf(r.runId()) : "[" + r.runId() + "](" + r.htmlUrl() + ")")
                    .append(" | ").append(r.workflow()).append(" #").append(r.runNumber()).append(" | ").append(r.outcome())
                    .append(" | ").append(r.actor()).append(" | ").append(r.environment() == null ? "-" : r.environment())
                    .append(" | ").append(Times.shortSha(r.headSha())).append(" | ").append(wait.isEmpty() ? "-" : wait).append(" | ")
                    .append(r.startedAt() == null ? "-" : Times.clock(r.startedAt()) + "-" + (r.endedAt() == null ? "..." : Times.clock(r.endedAt()))).append(" |\n");
        }
        List<String> bullets = new ArrayList<>();
        v.overlaps().forEach(o -> bullets.add("**Overlap** in `" + o.group() + "`: runs " + o.runA() + " and " + o.runB() + " both executing "
                + Times.clock(o.from()) + "-" + Times.clock(o.to())));
        v.races().forEach(r -> bullets.add("**Race** in `" + r.group() + "`: GitHub listed runs " + r.runIds() + " in progress together"));
        v.evictions().forEach(e -> bullets.add("**Evicted** run " + e.runId() + (e.replacedBy() == null ? "" : " (by " + e.replacedBy() + ")") + ": " + e.note()));
        v.runs().forEach(r -> r.lockLines().forEach(l -> bullets.add("run " + r.runId() + " log: `" + l + "`")));
        v.setOff().forEach(r -> bullets.add("Set off (workflow_run): run " + (r.htmlUrl() == null ? String.valueOf(r.runId())
                : "[" + r.runId() + "](" + r.htmlUrl() + ")") + " " + r.label() + " " + r.outcome()
                + (r.environment() == null ? "" : " -> " + r.environment()) + (r.deployed() ? " **PRODUCTION**" : "")));
        if (!v.cancelled().isEmpty()) bullets.add("Cancelled pending test runs: " + v.cancelled());
        bullets.addAll(v.notes());
        if (!bullets.isEmpty()) {
            sb.append("\n");
            bullets.forEach(b -> sb.append("- ").append(b).append("\n"));
        }
        if (!timeline.isEmpty()) {
            sb.append("\n```\n");
            timeline.forEach(l -> sb.append(l).append('\n'));
            sb.append("```\n");
        }
        return sb.toString();
    }
}
