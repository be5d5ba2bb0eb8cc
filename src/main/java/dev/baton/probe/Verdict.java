package dev.baton.probe;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rapid-fire verdict: per group the most members in progress at once (must be 1), every overlap
 * with both runs and its window, evicted runs and who replaced them, the order of starts against the
 * order of dispatch, how long each run waited, and the lock contention its logs show.
 */
public record Verdict(boolean pass, boolean timedOut, List<GroupResult> groups, List<Overlap> overlaps, List<String> races,
                      List<Eviction> evictions, boolean startsInOrder, List<RunResult> runs, List<Long> cancelled,
                      List<String> notes, Instant from, Instant to) {

    public record GroupResult(String group, int runs, int maxInProgress, int evicted) {
    }

    public record Overlap(String group, long runA, long runB, Instant from, Instant to) {
    }

    public record Eviction(String group, long runId, String sha, Long replacedBy, String note) {
    }

    public record RunResult(int index, long runId, long runNumber, String workflow, String group, String actor, String headSha,
                            String outcome, Instant dispatchedAt, Instant startedAt, Instant endedAt, Duration waited,
                            List<Observation.Transition> transitions, List<String> lockLines) {
    }

    private static final DateTimeFormatter HMS = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    static Verdict judge(RapidFirePlan plan, List<Observation> obs, List<String> races, boolean timedOut, List<Long> cancelled,
                         Instant from, Instant to) {
        Map<String, List<Observation>> byGroup = new LinkedHashMap<>();
        for (Observation o : obs) byGroup.computeIfAbsent(groupOf(o), k -> new ArrayList<>()).add(o);

        List<Overlap> overlaps = new ArrayList<>();
        List<GroupResult> groups = new ArrayList<>();
        List<Eviction> evictions = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (var e : byGroup.entrySet()) {
            List<Observation> ran = e.getValue().stream().filter(o -> o.startedAt != null).toList();
            for (int i = 0; i < ran.size(); i++) {
                for (int j = i + 1; j < ran.size(); j++) {
                    Observation a = ran.get(i), b = ran.get(j);
                    Instant aEnd = a.endedAt == null ? to : a.endedAt, bEnd = b.endedAt == null ? to : b.endedAt;
                    if (a.startedAt.isBefore(bEnd) && b.startedAt.isBefore(aEnd)) {
                        Instant s = a.startedAt.isAfter(b.startedAt) ? a.startedAt : b.startedAt;
                        Instant f = aEnd.isBefore(bEnd) ? aEnd : bEnd;
                        overlaps.add(new Overlap(e.getKey(), a.runId, b.runId, s, f));
                    }
                }
            }
            int evicted = 0;
            for (Observation o : e.getValue()) {
                if (!o.evicted()) continue;
                evicted++;
                Observation by = e.getValue().stream().filter(x -> x.index > o.index).min(Comparator.comparingInt(x -> x.index)).orElse(null);
                evictions.add(new Eviction(e.getKey(), o.runId, o.headSha, by == null ? null : by.runId,
                        "queue: single keeps one pending run per group, so a newer arrival cancelled it; "
                                + "if every deploy must complete, use queue: max"));
            }
            groups.add(new GroupResult(e.getKey(), e.getValue().size(), maxConcurrent(ran, to), evicted));
            if (e.getKey().startsWith("(no group)")) notes.add(e.getKey().substring(11) + " has no concurrency group: nothing serializes its runs");
        }
        List<Observation> started = obs.stream().filter(o -> o.startedAt != null)
                .sorted(Comparator.comparing((Observation o) -> o.startedAt).thenComparingInt(o -> o.index)).toList();
        boolean inOrder = true;
        for (int i = 1; i < started.size(); i++) if (started.get(i).index < started.get(i - 1).index) inOrder = false;
        if (timedOut) notes.add("timed out after " + plan.timeout().toSeconds() + " s with runs still going: the verdict is incomplete");
        if (!inOrder) notes.add("runs started in a different order than they were dispatched");

        List<RunResult> runs = new ArrayList<>();
        for (Observation o : obs) {
            String outcome = o.evicted() ? "evicted" : o.done() ? String.valueOf(o.conclusion.api()) : o.status.api();
            Duration waited = o.startedAt == null || o.createdAt == null ? null : Duration.between(o.createdAt, o.startedAt);
            runs.add(new RunResult(o.index, o.runId, o.runNumber, o.workflow, groupOf(o), o.actor, o.headSha, outcome,
                    o.dispatchedAt, o.startedAt, o.endedAt, waited, List.copyOf(o.transitions), List.copyOf(o.lockLines)));
        }
        boolean pass = overlaps.isEmpty() && races.isEmpty() && !timedOut;
        return new Verdict(pass, timedOut, groups, overlaps, List.copyOf(races), evictions, inOrder, runs, cancelled, notes, from, to);
    }

    static String groupOf(Observation o) {
        return o.group != null ? o.group : "(no group) " + o.workflow;
    }

    static int maxConcurrent(List<Observation> ran, Instant to) {
        List<Instant[]> points = new ArrayList<>();
        for (Observation o : ran) points.add(new Instant[]{o.startedAt, o.endedAt == null ? to : o.endedAt});
        int max = 0;
        for (Instant[] p : points) {
            int n = 0;
            for (Instant[] q : points) if (!q[0].isAfter(p[0]) && q[1].isAfter(p[0])) n++;
            max = Math.max(max, n);
        }
        return max;
    }

    // ---- rendering -----------------------------------------------------------------------------------

    public String text() {
        StringBuilder sb = new StringBuilder();
        sb.append("rapid-fire: ").append(pass ? "PASS" : "FAIL").append(" - ");
        sb.append(pass ? "every group ran one member at a time" : overlaps.isEmpty() && races.isEmpty() ? "incomplete" : "runs overlapped").append('\n');
        for (GroupResult g : groups) {
            sb.append("  group ").append(g.group()).append(": ").append(g.runs()).append(" runs, at most ").append(g.maxInProgress())
                    .append(" in progress at once").append(g.evicted() > 0 ? ", " + g.evicted() + " evicted" : "").append('\n');
        }
        for (Overlap o : overlaps) {
            sb.append("  OVERLAP in ").append(o.group()).append(": runs ").append(o.runA()).append(" and ").append(o.runB())
                    .append(" both in progress ").append(hms(o.from())).append("-").append(hms(o.to())).append('\n');
        }
        races.forEach(r -> sb.append("  RACE ").append(r).append('\n'));
        for (Eviction e : evictions) {
            sb.append("  EVICTED run ").append(e.runId()).append(" (").append(shortSha(e.sha())).append(")")
                    .append(e.replacedBy() == null ? "" : " replaced by run " + e.replacedBy()).append(": ").append(e.note()).append('\n');
        }
        sb.append("  starts ").append(startsInOrder ? "in dispatch order" : "OUT of dispatch order").append('\n');
        sb.append("  runs:\n");
        for (RunResult r : runs) {
            sb.append("    ").append(r.index()).append(". run ").append(r.runId()).append(" ").append(r.workflow()).append(" #").append(r.runNumber())
                    .append("  ").append(r.outcome()).append("  by ").append(r.actor())
                    .append(r.waited() == null ? "" : "  waited " + r.waited().toSeconds() + "s")
                    .append(r.startedAt() == null ? "" : "  ran " + hms(r.startedAt()) + "-" + hms(r.endedAt())).append('\n');
            for (String l : r.lockLines()) sb.append("       ").append(l).append('\n');
        }
        if (!cancelled.isEmpty()) sb.append("  cancelled pending test runs: ").append(cancelled).append('\n');
        notes.forEach(n -> sb.append("  note: ").append(n).append('\n'));
        return sb.toString().stripTrailing();
    }

    /** Markdown for an incident ticket: the verdict, the table of runs and the text timeline. */
    public String markdown(List<String> timeline) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Rapid-fire deploy test: ").append(pass ? "PASS" : "FAIL").append("\n\n");
        sb.append("From ").append(from).append(" to ").append(to).append(" (UTC).\n\n");
        sb.append("| group | runs | most in progress at once | evicted |\n|---|---|---|---|\n");
        for (GroupResult g : groups) sb.append("| ").append(g.group()).append(" | ").append(g.runs()).append(" | ").append(g.maxInProgress())
                .append(" | ").append(g.evicted()).append(" |\n");
        sb.append("\n| # | run | workflow | outcome | actor | commit | waited | ran |\n|---|---|---|---|---|---|---|---|\n");
        for (RunResult r : runs) {
            sb.append("| ").append(r.index()).append(" | ").append(r.runId()).append(" | ").append(r.workflow()).append(" #").append(r.runNumber())
                    .append(" | ").append(r.outcome()).append(" | ").append(r.actor()).append(" | ").append(shortSha(r.headSha()))
                    .append(" | ").append(r.waited() == null ? "-" : r.waited().toSeconds() + "s").append(" | ")
                    .append(r.startedAt() == null ? "-" : hms(r.startedAt()) + "-" + hms(r.endedAt())).append(" |\n");
        }
        if (!overlaps.isEmpty() || !evictions.isEmpty() || !notes.isEmpty()) sb.append("\n");
        overlaps.forEach(o -> sb.append("- **Overlap** in `").append(o.group()).append("`: runs ").append(o.runA()).append(" and ")
                .append(o.runB()).append(", ").append(hms(o.from())).append("-").append(hms(o.to())).append("\n"));
        evictions.forEach(e -> sb.append("- **Evicted** run ").append(e.runId()).append(e.replacedBy() == null ? "" : " (replaced by " + e.replacedBy() + ")")
                .append(": ").append(e.note()).append("\n"));
        notes.forEach(n -> sb.append("- ").append(n).append("\n"));
        if (timeline != null && !timeline.isEmpty()) {
            sb.append("\n```\n");
            timeline.forEach(l -> sb.append(l).append('\n'));
            sb.append("```\n");
        }
        return sb.toString();
    }

    static String hms(Instant t) {
        return t == null ? "?" : HMS.format(t);
    }

    static String shortSha(String sha) {
        return sha == null ? "-" : sha.substring(0, Math.min(7, sha.length()));
    }
}
