package dev.baton.probe;

import dev.baton.model.Conclusion;
import dev.baton.model.Run;
import dev.baton.model.RunStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What was seen of one dispatched run: each status change, the group it was a member of (and the job, for
 * a job-level group), the runs it waited behind, and when it really executed. Every time here is GitHub's
 * own (created_at, updated_at, step start and job completion), never this machine's clock: a slow poll or
 * a sandbox running faster than real time then cannot move a start or an end.
 */
public final class Observation {
    /** A status first seen at a poll; at is GitHub's updated_at of the run at that moment. */
    public record Transition(Instant at, String status) {
    }

    final int index;
    final String workflow;
    final boolean dependabot;
    final Instant dispatchedAt;
    long runId;
    long runNumber;
    String headSha;
    String actor;
    String htmlUrl;
    Run last;
    /** The concurrency group, as GitHub's group listing named it (else as the workflow file resolves it). */
    String group;
    /** For a job-level group: the member job's id and name; null for a workflow-level member. */
    Long groupJobId;
    String groupJob;
    String environment;
    Instant createdAt;
    /** First step started: when it really began to execute (in its group's member job, for job-level groups). */
    Instant startedAt;
    Instant endedAt;
    /** GitHub's time at the status change to in_progress (a fallback for startedAt when no step tells). */
    Instant seenInProgressAt;
    RunStatus status = RunStatus.REQUESTED;
    Conclusion conclusion = Conclusion.NONE;
    boolean seenPending;
    boolean seenWaiting;
    boolean seenRunning;
    boolean cancelledByUs;
    int jobCount = -1;
    /** Runs seen in_progress in this run's group while it was pending there. */
    final Set<Long> waitedBehind = new LinkedHashSet<>();
    final List<Transition> transitions = new ArrayList<>();
    final List<String> lockLines = new ArrayList<>();

    Observation(int index, String workflow, boolean dependabot, Instant dispatchedAt) {
        this.index = index;
        this.workflow = workflow;
        this.dependabot = dependabot;
        this.dispatchedAt = dispatchedAt;
    }

    public int index() {
        return index;
    }

    public long runId() {
        return runId;
    }

    public String workflow() {
        return workflow;
    }

    boolean done() {
        return status == RunStatus.COMPLETED;
    }

    /** Cancelled before it executed a step, and not by this test: its group evicted it. */
    boolean evicted() {
        return done() && conclusion == Conclusion.CANCELLED && !cancelledByUs && startedAt == null
                && (seenPending || seenWaiting || jobCount == 0);
    }

    String outcome() {
        if (cancelledByUs) return "cancelled";
        if (evicted()) return "evicted";
        if (done()) return conclusion.api() == null ? "completed" : conclusion.api();
        return status.api();
    }

    String label() {
        return "#" + runNumber;
    }
}
