package dev.baton.sandbox;

import dev.baton.model.Conclusion;
import dev.baton.model.RunStatus;
import dev.baton.workflow.QueueMode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A run while the engine drives it. Guarded by the engine lock. */
final class RunState {
    final long id;
    final WorkflowDef wf;
    final long runNumber;
    final String event;
    final String actor;
    final String triggeringActor;
    final String headSha;
    final String headBranch;
    final String displayTitle;
    final Map<String, Object> inputs;
    final Map<String, Object> payload;
    final long triggeringRunId;
    final int chainDepth;
    final Instant createdAt;
    Instant updatedAt;
    Instant runStartedAt;
    RunStatus status = RunStatus.QUEUED;
    Conclusion conclusion = Conclusion.NONE;
    String group;
    boolean cancelInProgress;
    QueueMode queue = QueueMode.SINGLE;
    Member member;
    boolean started;
    boolean jobsMaterialized;
    boolean cancelRequested;
    final List<JobState> jobs = new ArrayList<>();

    RunState(long id, WorkflowDef wf, long runNumber, String event, String actor, String triggeringActor,
             String headSha, String headBranch, String displayTitle, Map<String, Object> inputs,
             Map<String, Object> payload, long triggeringRunId, int chainDepth, Instant createdAt) {
        this.id = id;
        this.wf = wf;
        this.runNumber = runNumber;
        this.event = event;
        this.actor = actor;
        this.triggeringActor = triggeringActor;
        this.headSha = headSha;
        this.headBranch = headBranch;
        this.displayTitle = displayTitle;
        this.inputs = inputs;
        this.payload = payload;
        this.triggeringRunId = triggeringRunId;
        this.chainDepth = chainDepth;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
        this.runStartedAt = createdAt;
    }

    boolean completed() {
        return status == RunStatus.COMPLETED;
    }

    SimRun view() {
        return new SimRun(id, wf.id, wf.name(), wf.path, runNumber, 1, event, actor, triggeringActor, headSha,
                headBranch, displayTitle, status, conclusion, createdAt, updatedAt, runStartedAt, inputs, group,
                jobs.stream().map(j -> j.id).toList(), triggeringRunId);
    }
}
