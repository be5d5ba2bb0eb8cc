package dev.baton.sandbox;

import dev.baton.model.Conclusion;
import dev.baton.model.RunStatus;
import dev.baton.workflow.StepSpec;

import java.time.Instant;

/** A step while it runs. spec is null for the synthetic "Set up job" and "Complete job". */
final class StepState {
    final int number;
    final String name;
    final StepSpec spec;
    final StepKind kind;
    RunStatus status = RunStatus.QUEUED;
    Conclusion conclusion = Conclusion.NONE;
    Instant startedAt;
    Instant completedAt;

    StepState(int number, String name, StepSpec spec, StepKind kind) {
        this.number = number;
        this.name = name;
        this.spec = spec;
        this.kind = kind;
    }

    SimStep view() {
        return new SimStep(number, name, status, conclusion, startedAt, completedAt);
    }
}
