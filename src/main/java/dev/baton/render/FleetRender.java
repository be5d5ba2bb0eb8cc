package dev.baton.render;

import dev.baton.model.ApiMode;
import dev.baton.model.ConcurrencyGroup;
import dev.baton.model.Event;
import dev.baton.model.Finding;
import dev.baton.model.Severity;
import dev.baton.model.Snapshot;
import dev.baton.model.SourceHealth;
import dev.baton.model.Stage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The fleet's words: one row per repository (its pipeline, active groups, locks, worst finding), most urgent
 * first, for the screen's fleet view - an org's repository from its listing on, saying whether its workflows
 * were read yet; the header with the judging's progress; and an event named by its repository, for the
 * fleet's Events pane.
 */
public final class FleetRender {
    private FleetRender() {
    }

    /**
     * One repository as the fleet knows it: its latest snapshot (null before the first), or why it cannot be read;
     * workflows: whether an org's repository was judged yet (its workflow files read: does it declare concurrency
     * groups or run Terraform?). A repository named in the config or with --repo is READ from the start.
     */
    public record Repo(String label, Snapshot snapshot, String problem, boolean denied, Workflows workflows) {
        public Repo(String label, Snapshot snapshot, String problem, boolean denied) {
            this(label, snapshot, problem, denied, Workflows.READ);
        }
    }

    /** Where a repository's workflow files stand: read (it is watched), queued for reading, being read, unreadable. */
    public enum Workflows { READ, QUEUED, READING, UNREADABLE }

    /**
     * How far an org's judging is: judged of listed, how many were left out (no concurrency groups, no Terraform),
     * and each org that could not be listed ("org acme: 401 Bad credentials").
     */
    public record Judging(int judged, int of, int leftOut, List<String> unlisted) {
        public Judging {
            unlisted = unlisted == null ? List.of() : List.copyOf(unlisted);
        }

        public Judging(int judged, int of, int leftOut) {
            this(judged, of, leftOut, List.of());
        }

        public boolean done() {
            return judged >= of;
        }
    }

    /** The state's words, for `repo`'s listing: "watched", "not judged yet", "reading workflows", "workflows unreadable". */
    public static String workflowsWord(Workflows w) {
        return switch (w) {
            case READ -> "watched";
            case QUEUED -> "not judged yet";
            case READING -> "reading workflows";
            case UNREADABLE -> "workflows unreadable";
        };
    }

    /**
     * A repository's row. urgency: 0 an error finding, 1 not readable, 2 a warning finding, 3 deploying or
     * holding a lock, 4 idle, 5 not polled yet; the rows come in that order, then by name.
     */
    public record FleetRow(Repo repo, int urgency, Cell name, Cell pipeline, Cell groups, Cell locks, Cell worst) {
    }

    public static List<FleetRow> rows(List<Repo> repos) {
        List<FleetRow> out = new ArrayList<>();
        for (Repo r : repos) out.add(row(r));
        out.sort(Comparator.comparingInt(FleetRow::urgency).thenComparing(x -> x.repo().label()));
        return out;
    }

    static FleetRow row(Repo r) {
        Snapshot s = r.snapshot();
        Cell name = Cell.of(r.label(), "text");
        switch (r.workflows() == null ? Workflows.READ : r.workflows()) {
            // an org's repository before its judgement: nothing was read, so nothing is said about its state
            case QUEUED -> {
                return new FleetRow(r, 5, name, Cell.of("not judged yet (workflows not read)", "muted"), Cell.EMPTY, Cell.EMPTY, Cell.EMPTY);
            }
            case READING -> {
                return new FleetRow(r, 5, name, Cell.of("reading workflows...", "muted"), Cell.EMPTY, Cell.EMPTY, Cell.EMPTY);
            }
            case UNREADABLE -> {
                return new FleetRow(r, 1, name, Cell.of("workflows unreadable", "error"), Cell.EMPTY, Cell.EMPTY,
                        Cell.of(r.problem() == null ? "workflows not read" : r.problem(), "error"));
            }
            case READ -> {
            }
        }
        if (s == null || s.takenAt() == null && r.problem() == null) {
            return new FleetRow(r, 5, name, Cell.of("waiting for the first poll...", "muted"), Cell.EMPTY, Cell.EMPTY, Cell.EMPTY);
        }
        if (r.denied()) {
            return new FleetRow(r, 1, name, Cell.of("no access", "error"), Cell.EMPTY, Cell.EMPTY, Cell.of(r.problem(), "error"));
        }
        SourceHealth github = s.health().get("github");
        if ((s.mode() == null || s.mode() == ApiMode.UNKNOWN) && (github == null || github.healthy())) {
            // GitHub has not answered yet (a first poll held by a rate limit): no "idle" and "ok" about what is unread
            String held = SourceRender.rateLimited(s, java.time.ZoneOffset.UTC);
            return new FleetRow(r, 5, name, Cell.of("GitHub not read yet", "muted"), Cell.EMPTY, locks(s),
                    held == null ? Cell.EMPTY : Cell.of(held + " UTC", "warn"));
        }
        Finding worst = s.findings().stream().filter(f -> f.kind() != Finding.Kind.LOCK_HELD).sorted(Finding.ORDER).findFirst().orElse(null);
        SourceHealth gh = s.health().get("github");
        boolean unread = gh != null && !gh.healthy();
        List<ConcurrencyGroup> active = s.groups().stream().filter(g -> !g.idle() && !g.pattern()).toList();
        int urgency = worst != null && worst.severity() == Severity.ERROR ? 0 : unread ? 1
                : worst != null && worst.severity() == Severity.WARNING ? 2 : !active.isEmpty() || !s.locks().isEmpty() ? 3 : 4;
        return new FleetRow(r, urgency, name, pipeline(s), groups(active), locks(s), worstCell(worst, unread ? gh : null));
    }

    /** "dev preprod(1) prod": each stage, with how many runs move through it now. */
    static Cell pipeline(Snapshot s) {
        List<Stage> stages = StageRender.ordered(s);
        if (stages.isEmpty()) return Cell.of("-", "muted");
        Cell c = Cell.EMPTY;
        for (int i = 0; i < stages.size(); i++) {
            Stage st = stages.get(i);
            if (i > 0) c = c.plus(" ", "text");
            int moving = st.activeRunIds().size();
            c = moving == 0 ? c.plus(st.name(), "pipeline.stage") : c.plus(st.name() + "(" + moving + ")", "pipeline.active");
        }
        return c;
    }

    /** "deploy-production 2, deploy-dev 1": the groups with members and how many; "idle". */
    static Cell groups(List<ConcurrencyGroup> active) {
        if (active.isEmpty()) return Cell.of("idle", "muted");
        List<String> parts = new ArrayList<>();
        for (ConcurrencyGroup g : active) parts.add(g.name() + " " + g.members().size());
        return Cell.of(String.join(", ", parts), "running");
    }

    /** How many are held ("2"), "-", or "unread" when a lock store did not answer: under LOCKS, so it fits 80 columns. */
    static Cell locks(Snapshot s) {
        if (!s.unreadLockSources().isEmpty()) return Cell.of("unread", "error");
        int n = s.locks().size();
        return n == 0 ? Cell.of("-", "muted") : Cell.of(String.valueOf(n), "lock.held");
    }

    static Cell worstCell(Finding f, SourceHealth unread) {
        if (unread != null) return Cell.of(unread.describe(), "error");
        if (f == null) return Cell.of("ok", "muted");
        String role = FindingRender.role(f.severity());
        return Cell.of(FindingRender.kind(f.kind()), role).plus("  " + (f.subject() == null ? "" : f.subject()), "text");
    }

    /**
     * The fleet's header with the judging's progress: "300 repositories, judged 120 of 300: ..." while an org's
     * workflows are read; once done, how many were left out. judging: null without an org.
     */
    public static String summary(List<FleetRow> rows, Judging judging) {
        if (rows.isEmpty() && judging == null) return "finding the repositories..."; // before an org's listing: none known yet
        String s = summary(rows);
        if (judging == null) return s;
        int colon = s.indexOf(": ");
        String head = colon < 0 ? s : s.substring(0, colon);
        String tail = colon < 0 ? "" : s.substring(colon);
        String progress = !judging.done() ? ", judged " + judging.judged() + " of " + judging.of()
                : judging.leftOut() == 0 ? "" : " (" + judging.leftOut() + " left out: no concurrency groups or Terraform)";
        // an org that could not be listed is said, not shown as an org without repositories
        String unlisted = judging.unlisted().isEmpty() ? "" : "; not listed: " + String.join("; ", judging.unlisted());
        return head + progress + tail + unlisted;
    }

    /**
     * `repo`'s last line: "judged 12 of 300 (the others' workflows are read by the screen, status --all and watch
     * --all)", or once done "judged 300 of 300, 50 left out: no concurrency groups or Terraform".
     */
    public static String judgingLine(Judging j) {
        if (!j.done()) {
            return "judged " + j.judged() + " of " + j.of() + " (the others' workflows are read by the screen, status --all and watch --all)";
        }
        return "judged " + j.judged() + " of " + j.of() + (j.leftOut() == 0 ? "" : ", " + j.leftOut() + " left out: no concurrency groups or Terraform");
    }

    /** The fleet's header: "N repositories: E with errors, U unreadable, A active". */
    public static String summary(List<FleetRow> rows) {
        long errors = rows.stream().filter(r -> r.urgency() == 0).count();
        long unread = rows.stream().filter(r -> r.urgency() == 1).count();
        long warn = rows.stream().filter(r -> r.urgency() == 2).count();
        long active = rows.stream().filter(r -> r.urgency() == 3).count();
        StringBuilder sb = new StringBuilder().append(rows.size()).append(rows.size() == 1 ? " repository" : " repositories");
        List<String> parts = new ArrayList<>();
        if (errors > 0) parts.add(errors + " with errors");
        if (unread > 0) parts.add(unread + " unreadable");
        if (warn > 0) parts.add(warn + " with warnings");
        if (active > 0) parts.add(active + " active");
        if (!parts.isEmpty()) sb.append(": ").append(String.join(", ", parts));
        return sb.toString();
    }

    /** An event of one repository in the fleet's list: the repository's name in front of its subject. */
    public static Event named(String label, Event e) {
        return new Event(e.at(), e.kind(), label + ": " + e.subject(), e.detail(), e.runId());
    }

    /** A finding of one repository in the fleet's list: the repository's name in front of its subject. */
    public static Finding named(String label, Finding f) {
        return new Finding(f.kind(), f.severity(), label + ": " + f.subject(), f.summary(), f.evidence(), f.seenAt(), f.runId());
    }
}
