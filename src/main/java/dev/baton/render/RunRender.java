package dev.baton.render;

import dev.baton.model.Conclusion;
import dev.baton.model.Job;
import dev.baton.model.Run;
import dev.baton.model.RunStatus;
import dev.baton.model.Snapshot;
import dev.baton.model.Step;
import dev.baton.model.Times;

import java.util.ArrayList;
import java.util.List;

/**
 * A run as every frontend shows it: its label ("#57", or "run 123" when unknown), its title ("deploy.yml #58"),
 * its state word, its cells (a group's member and evicted rows, `runs`' rows) and `run`'s lines.
 */
public final class RunRender {
    private RunRender() {
    }

    /** "#57": a run read from GitHub (a lease's target). */
    public static String label(dev.baton.model.Run r) {
        return "#" + r.runNumber();
    }

    /** A run's place in one concurrency group (`run --json`'s "groups"): status is the member's, position its place in line. */
    public record Place(String group, String status, int position) {
    }

    /** What a row shows of a run: label ("#57", "run 123"), workflow file, short sha, actor ("-" each when unknown). */
    public record RunCells(Cell label, Cell workflow, Cell sha, Cell actor) {
    }

    public static String label(Snapshot s, long runId) {
        return label(runId, s.run(runId).map(Run::runNumber).orElse(0L));
    }

    /** "#57", or "run 123" when the run number is not known (0). */
    public static String label(long runId, long runNumber) {
        return runNumber == 0 ? "run " + runId : "#" + runNumber;
    }

    /** "deploy.yml #58". */
    public static String title(Run r) {
        return r.workflowFile() + " #" + r.runNumber();
    }

    /** The conclusion of a completed run ("cancelled"), else its status ("in_progress"). */
    public static String state(Run r) {
        return r.status() == RunStatus.COMPLETED ? String.valueOf(r.conclusion().api()) : r.status().api();
    }

    /**
     * A run's cells (a group's member and evicted rows, from render/GroupRender's view records) in roles: the label
     * in labelRole, the rest in role, the actor "muted". runNumber 0: the snapshot lacks the run, labelled by its
     * id; an unknown workflow, sha or actor is "-" (model/Times.UNKNOWN), as in every other table.
     */
    public static RunCells cells(long runId, long runNumber, String workflow, String headSha, String actor, String labelRole, String role) {
        return new RunCells(Cell.of(label(runId, runNumber), labelRole), Cell.of(known(workflow), role),
                Cell.of(Times.shortSha(headSha), role), Cell.of(known(actor), "muted"));
    }

    private static String known(String s) {
        return s == null || s.isEmpty() ? Times.UNKNOWN : s;
    }

    /** `runs`: ID TITLE STATE SHA ACTOR EVENT CREATED (UTC). */
    public static List<Cell> row(Run r) {
        return List.of(Cell.of(String.valueOf(r.id()), "muted"), Cell.of(title(r), "text"), Cell.of(state(r), "text"),
                Cell.of(r.shortSha(), "text"), Cell.of(r.actor(), "muted"), Cell.of(r.event(), "muted"), Cell.of(Times.clock(r.createdAt()), "muted"));
    }

    /** `run ID`: the run, its places in groups, its jobs and their steps; times in UTC. */
    public static List<String> lines(Run run, List<Job> jobs, List<Place> places) {
        List<String> out = new ArrayList<>();
        out.add(title(run) + "  id " + run.id());
        out.add("  " + run.status().api() + (run.conclusion().api() == null ? "" : " / " + run.conclusion().api())
                + "  " + run.event() + " by " + run.actor() + "  " + run.headBranch() + " " + run.shortSha());
        out.add("  created " + Times.clock(run.createdAt()) + "  started " + Times.clock(run.startedAt()) + "  updated " + Times.clock(run.updatedAt()));
        for (Place p : places) out.add("  group " + p.group() + ": " + p.status() + (p.position() > 0 ? " #" + p.position() : ""));
        if (places.isEmpty() && run.alive()) out.add("  in no active concurrency group");
        if (jobs.isEmpty()) out.add("  no jobs" + (run.conclusion() == Conclusion.CANCELLED ? " (a run evicted from a workflow-level group ends with zero jobs)" : ""));
        for (Job j : jobs) {
            out.add("  job " + j.name() + "  " + j.status().api() + (j.conclusion().api() == null ? "" : " / " + j.conclusion().api()) + "  id " + j.id());
            for (Step st : j.steps()) {
                out.add("    " + st.number() + ". " + st.name() + "  " + (st.conclusion().api() == null ? st.status().api() : st.conclusion().api()));
            }
        }
        return out;
    }
}
