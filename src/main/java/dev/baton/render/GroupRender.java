package dev.baton.render;

import dev.baton.model.ConcurrencyGroup;
import dev.baton.model.Finding;
import dev.baton.model.GroupMember;
import dev.baton.model.Run;
import dev.baton.model.RunStatus;
import dev.baton.model.Snapshot;
import dev.baton.model.Times;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A concurrency group and its members as every frontend shows them: the state of a member in words
 * ({@link #state}), `groups` and `status` text ({@link #lines}), the JSON ({@link #view}), and the runs it
 * evicted (the EVICTED findings about it). The screen's Groups pane lays its own columns out of the same words.
 */
public final class GroupRender {
    private GroupRender() {
    }

    /** status: the member's place in the group; runStatus: the run's own (waiting = held for a reviewer); environment: GitHub's, if known. */
    public record MemberView(long runId, long runNumber, String workflow, Long jobId, String job, String status, int position,
                             String headSha, String actor, String event, Instant since, String runStatus, String environment) {
    }

    /**
     * A run the group evicted, from its EVICTED finding: runId the evicted run, summary names the run that took its
     * place, byRunId that run (null when the finding names none); actor and environment (GitHub's) of the evicted run.
     */
    public record EvictionView(long runId, long runNumber, String workflow, String headSha, Instant seenAt, String summary,
                               String actor, String environment, Long byRunId) {
    }

    public record GroupView(String name, String source, boolean pattern, List<String> workflows, List<MemberView> members,
                            List<EvictionView> evictions) {
    }

    public static GroupView view(Snapshot s, ConcurrencyGroup g) {
        List<MemberView> members = new ArrayList<>();
        for (GroupMember m : g.members()) {
            Run r = s.run(m.runId()).orElse(null);
            members.add(new MemberView(m.runId(), r == null ? 0 : r.runNumber(), r == null ? m.runName() : r.workflowFile(),
                    m.jobId(), m.jobName(), m.status().api(), m.position(), r == null ? null : r.headSha(),
                    r == null ? null : r.actor(), r == null ? null : r.event(), since(m, r),
                    r == null ? null : r.status().api(), s.environment(m.runId()).orElse(null)));
        }
        List<EvictionView> evictions = new ArrayList<>();
        for (Finding f : evictions(s, g)) {
            Run r = s.run(f.runId()).orElse(null);
            evictions.add(new EvictionView(f.runId(), r == null ? 0 : r.runNumber(), r == null ? null : r.workflowFile(),
                    r == null ? null : r.headSha(), f.seenAt(), f.summary(), r == null ? null : r.actor(),
                    s.environment(f.runId()).orElse(null), f.byRunId() == 0 ? null : f.byRunId()));
        }
        return new GroupView(g.name(), g.source().name().toLowerCase(java.util.Locale.ROOT), g.pattern(), g.workflows(), members, evictions);
    }

    /** The EVICTED findings about this group. */
    public static List<Finding> evictions(Snapshot s, ConcurrencyGroup g) {
        return s.findings().stream().filter(f -> f.kind() == Finding.Kind.EVICTED && ConcurrencyGroup.key(f.subject()).equals(g.key())).toList();
    }

    /** Since when the member is in its place: a running run since it started, a pending one since it was created. */
    public static Instant since(GroupMember m, Run r) {
        if (r == null) return null;
        return m.running() && r.startedAt() != null ? r.startedAt() : r.createdAt();
    }

    /** A run GitHub holds until a reviewer approves its environment (status waiting). */
    public static boolean waitingForApproval(Run r) {
        return r != null && r.status() == RunStatus.WAITING;
    }

    /** "running", "pending", or "waiting for approval" for a run GitHub holds for a reviewer, whether it holds the slot or waits for it. */
    public static String word(GroupMember m, Run r) {
        if (waitingForApproval(r)) return "waiting for approval";
        return m.running() ? "running" : "pending";
    }

    /** The role a member's state is drawn in. */
    public static String role(GroupMember m, Run r) {
        return m.running() && !waitingForApproval(r) ? "running" : "pending";
    }

    /**
     * "running", "pending 2", or "waiting for approval (production)" with GitHub's environment where the
     * workflow file tells (and ", pending 2" when it waits for the slot too): the state with what the
     * screen shows in columns of its own.
     */
    public static String state(Snapshot s, GroupMember m, Run r) {
        String plain = m.running() ? "running" : "pending " + m.position();
        if (!waitingForApproval(r)) return plain;
        return word(m, r) + s.environment(r.id()).map(e -> " (" + e + ")").orElse("") + (m.running() ? "" : ", " + plain);
    }

    /** "deploy.yml #58 / plan": the run (and the job of a job-level group). */
    public static String who(GroupMember m, Run r) {
        String who = r == null ? m.runName() : RunRender.title(r);
        return m.jobName() == null ? who : who + " / " + m.jobName();
    }

    /**
     * `groups` and `status`: one row per member (NAME STATE WHO SHA ACTOR SINCE, the name on the first), "idle"
     * for an idle group; then the evicted runs, each as its finding's summary.
     */
    public static List<List<Cell>> rows(Snapshot s, List<ConcurrencyGroup> groups) {
        List<List<Cell>> rows = new ArrayList<>();
        for (ConcurrencyGroup g : groups) {
            String name = g.name() + (g.pattern() ? " (pattern)" : "");
            if (g.idle()) rows.add(List.of(Cell.of(name, "group"), Cell.of("idle", "idle")));
            for (GroupMember m : g.members()) {
                Run r = s.run(m.runId()).orElse(null);
                rows.add(List.of(Cell.of(name, "group"), Cell.of(state(s, m, r), role(m, r)), Cell.of(who(m, r), "text"),
                        Cell.of(r == null ? Times.UNKNOWN : r.shortSha(), "text"), Cell.of(r == null ? Times.UNKNOWN : r.actor(), "muted"),
                        Cell.of(Times.age(since(m, r), s.takenAt()), "text")));
                name = "";
            }
        }
        return rows;
    }

    /** The evicted runs of these groups, "GROUP: SUMMARY" each. */
    public static List<String> evictedLines(Snapshot s, List<ConcurrencyGroup> groups) {
        List<String> out = new ArrayList<>();
        for (ConcurrencyGroup g : groups) for (Finding f : evictions(s, g)) out.add(g.name() + ": " + f.summary());
        return out;
    }

    /** Where a group stands as `watch` starts: "14:05:00  now  GROUP  idle", or one line per member. */
    public static List<String> nowLines(Snapshot s, ConcurrencyGroup g) {
        String at = Times.clock(s.takenAt()) + "  now  " + g.name() + "  ";
        if (g.idle()) return List.of(at + "idle");
        List<String> out = new ArrayList<>();
        for (GroupMember m : g.members()) {
            String who = s.run(m.runId()).map(r -> RunRender.title(r) + " (" + r.shortSha() + ")").orElse("run " + m.runId());
            out.add(at + who + " " + (m.running() ? "running" : "pending " + m.position()));
        }
        return out;
    }
}
