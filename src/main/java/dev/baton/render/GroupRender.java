package dev.baton.render;

import dev.baton.model.ConcurrencyGroup;
import dev.baton.model.Finding;
import dev.baton.model.GroupMember;
import dev.baton.model.Run;
import dev.baton.model.RunStatus;
import dev.baton.model.Snapshot;
import dev.baton.model.Stage;
import dev.baton.model.Times;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A concurrency group and its members as every frontend shows them: the JSON ({@link #view}) and, built from
 * the same view records, a group's rows ({@link #rows}: a header with the counts, then a row per member and
 * per run it evicted) as styled cells that the screen's Groups pane draws and `groups` and `status` flatten
 * to text; `watch`'s starting lines. The evicted runs are the EVICTED findings about the group.
 */
public final class GroupRender {
    private GroupRender() {
    }

    /** status: the member's place in the group; runStatus: the run's own (waiting = held for a reviewer); environment: GitHub's, if known. */
    public record MemberView(long runId, long runNumber, String workflow, Long jobId, String job, String status, int position,
                             String headSha, String actor, String event, Instant since, String runStatus, String environment) {
        /** Holds the group's slot (in_progress); not named isX or getX, so the JSON has no such key. */
        public boolean holdsSlot() {
            return RunStatus.IN_PROGRESS.api().equals(status);
        }

        /** Its run waits for a reviewer to approve its environment (GitHub's run status waiting), holding the slot or not. */
        public boolean heldForReviewer() {
            return RunStatus.WAITING.api().equals(runStatus);
        }
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

    /** What a run row stands for, and the role its mark and label are drawn in. */
    public enum Kind {
        RUNNING("running"), PENDING("pending"), EVICTED("evicted");

        private final String role;

        Kind(String role) {
            this.role = role;
        }

        public String role() {
            return role;
        }
    }

    /** A group's header row: NAME STAGE SUMMARY ("1 running, 1 pending, 1 evicted", "idle, last run 24m ago"). */
    public record HeadRow(String group, String key, Cell name, Cell stage, Cell summary) {
        public List<Cell> cells() {
            return List.of(name, stage, summary);
        }
    }

    /**
     * A member's or an evicted run's row: POS RUN WORKFLOW SHA ACTOR ENV STATE. jobId: a job-level member's job;
     * eviction: the EVICTED finding an evicted row stands for, null for a member.
     */
    public record RunRow(String group, String key, Kind kind, long runId, Long jobId, Finding eviction, Cell position, Cell run,
                         Cell workflow, Cell sha, Cell actor, Cell environment, Cell state) {
        public List<Cell> cells() {
            return List.of(position, run, workflow, sha, actor, environment, state);
        }
    }

    /** A group's rows: its header, then its members by place in line, then the runs it evicted. */
    public record GroupRows(HeadRow head, List<RunRow> runs) {
    }

    public static GroupView view(Snapshot s, ConcurrencyGroup g) {
        List<MemberView> members = new ArrayList<>();
        for (GroupMember m : g.members()) {
            Run r = s.run(m.runId()).orElse(null);
            members.add(new MemberView(m.runId(), r == null ? 0 : r.runNumber(), r == null || r.workflowFile().isEmpty() ? m.runName() : r.workflowFile(),
                    m.jobId(), m.jobName(), api(m.status()), m.position(), r == null ? null : r.headSha(),
                    r == null ? null : r.actor(), r == null ? null : r.event(), since(m, r),
                    r == null ? null : api(r.status()), s.environment(m.runId()).orElse(null)));
        }
        List<EvictionView> evictions = new ArrayList<>();
        for (Finding f : evictions(s, g)) {
            Run r = s.run(f.runId()).orElse(null);
            evictions.add(new EvictionView(f.runId(), r == null ? 0 : r.runNumber(), r == null ? null : r.workflowFile(),
                    r == null ? null : r.headSha(), f.seenAt(), f.summary(), r == null ? null : r.actor(),
                    s.environment(f.runId()).orElse(null), f.byRunId() == 0 ? null : f.byRunId()));
        }
        return new GroupView(g.name(), g.source() == null ? null : g.source().name().toLowerCase(java.util.Locale.ROOT), g.pattern(),
                g.workflows(), members, evictions);
    }

    /** A status as GitHub's API writes it; null when a sparse snapshot lacks it (the screen draws those too). */
    private static String api(RunStatus st) {
        return st == null ? null : st.api();
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

    /** "running", "pending", or "waiting for approval" for a run GitHub holds for a reviewer, whether it holds the slot or waits for it. */
    private static String word(MemberView m) {
        if (m.heldForReviewer()) return "waiting for approval";
        return m.holdsSlot() ? "running" : "pending";
    }

    /** The role a member's state is drawn in. */
    private static String role(MemberView m) {
        return m.holdsSlot() && !m.heldForReviewer() ? "running" : "pending";
    }

    /** The groups in the order every frontend lists them: the busy ones (members or evicted runs) first, then by name. */
    public static List<ConcurrencyGroup> ordered(Snapshot s, List<ConcurrencyGroup> groups) {
        List<ConcurrencyGroup> out = new ArrayList<>(groups);
        // during an incident the moving ones matter
        out.sort(Comparator.comparing((ConcurrencyGroup c) -> c.idle() && evictions(s, c).isEmpty()).thenComparing(ConcurrencyGroup::key));
        return out;
    }

    /**
     * The groups' rows ({@link #ordered}), ages measured to now (the screen's clock; a command's snapshot time).
     * warn: the mark before RACE (the screen's glyph; '!' in a command's ASCII).
     */
    public static List<GroupRows> rows(Snapshot s, List<ConcurrencyGroup> groups, Instant now, char warn) {
        List<GroupRows> out = new ArrayList<>();
        for (ConcurrencyGroup g : ordered(s, groups)) {
            GroupView v = view(s, g);
            String stage = stage(s, g.name());
            List<RunRow> runs = new ArrayList<>();
            List<MemberView> members = new ArrayList<>(v.members());
            members.sort(Comparator.comparingInt(MemberView::position));
            for (MemberView m : members) runs.add(member(g, m, stage, now));
            List<Finding> found = evictions(s, g); // the findings v.evictions() was read from, in the same order
            for (int i = 0; i < found.size(); i++) runs.add(evicted(s, g, v.evictions().get(i), found.get(i), stage));
            out.add(new GroupRows(head(g, v, stage, now, warn), runs));
        }
        return out;
    }

    private static HeadRow head(ConcurrencyGroup g, GroupView v, String stage, Instant now, char warn) {
        Cell summary;
        if (v.members().isEmpty()) {
            summary = Cell.of(g.lastAcquiredAt() == null ? "idle" : "idle, last run " + Times.roughAge(g.lastAcquiredAt(), now) + " ago", "idle");
        } else {
            // a member whose run waits for a reviewer reads so, whether it holds the slot or waits for it
            long approval = v.members().stream().filter(MemberView::heldForReviewer).count();
            long running = v.members().stream().filter(m -> m.holdsSlot() && !m.heldForReviewer()).count();
            long pending = v.members().size() - running - approval;
            summary = count(count(count(Cell.EMPTY, running, " running", "running"), approval, " waiting for approval", "pending"),
                    pending, " pending", "pending");
            if (v.members().stream().filter(MemberView::holdsSlot).count() > 1) summary = summary.plus("  " + warn + " RACE", "error");
        }
        if (!v.evictions().isEmpty()) summary = summary.plus(", " + v.evictions().size() + " evicted", "evicted");
        if (v.pattern()) summary = summary.plus("  (pattern)", "muted");
        return new HeadRow(g.name(), g.key(), Cell.of(g.name(), v.members().isEmpty() ? "idle" : "group"), Cell.of(stage, "muted"), summary);
    }

    /** The summary with "N what" after it (and a comma between), or as it is when there are none. */
    private static Cell count(Cell summary, long n, String what, String role) {
        return n == 0 ? summary : summary.plus(summary.isEmpty() ? "" : ", ", "text").plus(n + what, role);
    }

    private static RunRow member(ConcurrencyGroup g, MemberView m, String stage, Instant now) {
        Kind kind = m.holdsSlot() ? Kind.RUNNING : Kind.PENDING;
        RunRender.RunCells run = RunRender.cells(m.runId(), m.runNumber(), m.workflow(), m.headSha(), m.actor(), kind.role(), "text");
        Cell workflow = m.job() == null ? run.workflow() : run.workflow().plus("/" + m.job(), "text");
        return new RunRow(g.name(), g.key(), kind, m.runId(), m.jobId(), null, Cell.of(String.valueOf(m.position()), "muted"), run.label(),
                workflow, run.sha(), run.actor(), environment(m.environment(), stage), Cell.of(word(m) + " " + Times.age(m.since(), now), role(m)));
    }

    private static RunRow evicted(Snapshot s, ConcurrencyGroup g, EvictionView e, Finding f, String stage) {
        RunRender.RunCells run = RunRender.cells(e.runId(), e.runNumber(), e.workflow(), e.headSha(), e.actor(), Kind.EVICTED.role(), "muted");
        return new RunRow(g.name(), g.key(), Kind.EVICTED, e.runId(), null, f, Cell.EMPTY, run.label(), run.workflow(), run.sha(), run.actor(),
                environment(e.environment(), stage), EvictionRender.state(s, f));
    }

    /** GitHub's environment of the run (`production-auto`) where the workflow file tells, else the group's stage; blank for neither. */
    private static Cell environment(String github, String stage) {
        return Cell.of(github != null ? github : stage, "muted");
    }

    /** The pipeline stage (environment) whose groups include this group, or null. */
    private static String stage(Snapshot s, String group) {
        String key = ConcurrencyGroup.key(group);
        for (Stage st : s.stages()) {
            for (String name : st.groups()) {
                if (ConcurrencyGroup.key(name).equals(key)) return st.name();
            }
        }
        return null;
    }

    /**
     * Where a group stands as `watch` starts: "14:05:00  now  GROUP  idle", or one line per member with the state its
     * row shows ("running 27s", "pending 20s", "waiting for approval 1m"); its evicted runs follow as the watch's findings.
     */
    public static List<String> nowLines(Snapshot s, ConcurrencyGroup g) {
        String at = Times.clock(s.takenAt()) + "  now  " + g.name() + "  ";
        if (g.idle()) return List.of(at + "idle");
        List<String> out = new ArrayList<>();
        for (RunRow row : rows(s, List.of(g), s.takenAt(), '!').get(0).runs()) {
            if (row.kind() == Kind.EVICTED) continue;
            String who = s.run(row.runId()).map(r -> RunRender.title(r) + " (" + r.shortSha() + ")").orElse("run " + row.runId());
            out.add(at + who + " " + row.state().text());
        }
        return out;
    }
}
