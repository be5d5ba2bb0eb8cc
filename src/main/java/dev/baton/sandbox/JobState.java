package dev.baton.sandbox;

import dev.baton.model.Conclusion;
import dev.baton.model.RunStatus;
import dev.baton.workflow.BackendConfig;
import dev.baton.workflow.JobSpec;
import dev.baton.workflow.QueueMode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A job while the engine drives it. Guarded by the engine lock. */
final class JobState {
    final long id;
    final RunState run;
    final JobSpec spec;
    final Map<String, Object> matrix;
    final int matrixIndex;
    final int matrixTotal;
    final String name;
    final Instant createdAt;
    RunStatus status = RunStatus.QUEUED;
    Conclusion conclusion = Conclusion.NONE;
    Instant startedAt;
    Instant completedAt;
    final List<StepState> steps = new ArrayList<>();
    final List<SimLogLine> log = new ArrayList<>();

    /** Gate evaluation (if + environment) happens once, when the job's needs are done. */
    boolean gateChecked;
    boolean ifPassed;
    String environment;
    boolean needsApproval;
    boolean approved;
    Instant waitingSince;

    String group;
    boolean cancelInProgress;
    QueueMode queue = QueueMode.SINGLE;
    Member member;
    boolean groupEvaluated;

    String runnerName;
    String runnerHost;
    /** Bumped when the job is cancelled or crashes, so its already-scheduled step actions fall away. */
    long token;
    boolean failed;
    boolean cancelRequested;
    boolean crashed;

    BackendConfig backend;
    String terraformVersion = "1.11.4";
    /** The Terraform lock this job holds in S3 right now, null when none. */
    HeldLock held;
    Instant lockAcquiredAt;

    JobState(long id, RunState run, JobSpec spec, Map<String, Object> matrix, int matrixIndex, int matrixTotal,
             String name, Instant createdAt) {
        this.id = id;
        this.run = run;
        this.spec = spec;
        this.matrix = matrix;
        this.matrixIndex = matrixIndex;
        this.matrixTotal = matrixTotal;
        this.name = name;
        this.createdAt = createdAt;
    }

    boolean completed() {
        return status == RunStatus.COMPLETED;
    }

    SimJob view() {
        return new SimJob(id, run.id, 1, run.wf.name(), name, run.headSha, run.headBranch, status, conclusion,
                createdAt, startedAt, completedAt, steps.stream().map(StepState::view).toList(), id, environment,
                group, runnerName, List.of("ubuntu-latest"));
    }

    /** A lock held in S3: where, and the LockInfo ID Terraform will compare on release. */
    record HeldLock(String bucket, String lockKey, String lockId) {
    }
}
