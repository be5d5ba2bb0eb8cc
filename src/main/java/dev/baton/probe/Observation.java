package dev.baton.probe;

import dev.baton.model.Conclusion;
import dev.baton.model.RunStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What was seen of one dispatched run: its dispatch, each status change with its time, the group it
 * waited in and when it started and ended (GitHub's own timestamps where it gives them).
 */
public final class Observation {
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
    String group;
    Instant createdAt;
    Instant startedAt;
    Instant endedAt;
    RunStatus status = RunStatus.REQUESTED;
    Conclusion conclusion = Conclusion.NONE;
    boolean seenPending;
    boolean seenRunning;
    int jobCount = -1;
    final List<Transition> transitions = new ArrayList<>();
    final List<String> lockLines = new ArrayList<>();

    Observation(int index, String workflow, boolean dependabot, Instant dispatchedAt) {
        this.index = index;
        this.workflow = workflow;
        this.dependabot = dependabot;
        this.dispatchedAt = dispatchedAt;
    }

    boolean done() {
        return status == RunStatus.COMPLETED;
    }

    /** Cancelled without ever running: GitHub evicted it from its group (or it was cancelled while waiting). */
    boolean evicted() {
        return done() && conclusion == Conclusion.CANCELLED && !seenRunning;
    }

    String label() {
        return workflow + " #" + runNumber;
    }
}
