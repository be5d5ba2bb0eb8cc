package dev.baton.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The GitHub Actions side of the sandbox: repository, workflows, runs, jobs, concurrency groups and the
 * runner, driven by a sim clock and a timed-action queue on one thread. All state lives behind one lock.
 * Work in progress: the semantics land in the following commits; the read side is complete.
 */
public final class SimEngine implements AutoCloseable {
    private final ReentrantLock lock = new ReentrantLock();
    private final SandboxState state = new SandboxState(this);
    private final Map<Long, SimWorkflow> workflows = new LinkedHashMap<>();
    private final Map<Long, SimRun> runs = new LinkedHashMap<>();
    private final Map<Long, SimJob> jobs = new LinkedHashMap<>();
    private final Map<Long, List<SimLogLine>> logs = new LinkedHashMap<>();
    private final Map<Long, List<SimAnnotation>> annotations = new LinkedHashMap<>();
    private SimRepo repo = new SimRepo(1, "sandbox", "pipeline", "main", Map.of(), List.of(), Map.of(), Instant.EPOCH);
    private volatile FaultSettings faults = FaultSettings.NONE;
    private long version;

    private SimEngine() {
    }

    /** An empty engine (placeholder until the default repository loads). */
    public static SimEngine create() {
        return new SimEngine();
    }

    public SandboxState state() {
        return state;
    }

    <T> T locked(Supplier<T> body) {
        lock.lock();
        try {
            return body.get();
        } finally {
            lock.unlock();
        }
    }

    Instant now() {
        return Instant.now();
    }

    long version() {
        return locked(() -> version);
    }

    SimRepo repoView() {
        return repo;
    }

    Optional<String> fileAt(String path, String ref) {
        if (ref != null && !ref.isBlank() && repo.resolve(ref).isEmpty()) return Optional.empty();
        return Optional.ofNullable(repo.files().get(path));
    }

    List<SimWorkflow> workflowViews() {
        return List.copyOf(workflows.values());
    }

    Optional<SimWorkflow> workflowView(String idOrFile) {
        for (SimWorkflow w : workflows.values()) {
            if (String.valueOf(w.id()).equals(idOrFile) || w.file().equals(idOrFile) || w.path().equals(idOrFile)) {
                return Optional.of(w);
            }
        }
        return Optional.empty();
    }

    List<SimRun> runViews(RunQuery q) {
        List<SimRun> out = new ArrayList<>(runs.values());
        out.sort(Comparator.comparingLong(SimRun::id).reversed());
        return out;
    }

    Optional<SimRun> runView(long id) {
        return Optional.ofNullable(runs.get(id));
    }

    List<SimJob> jobViews(long runId) {
        return jobs.values().stream().filter(j -> j.runId() == runId).toList();
    }

    Optional<SimJob> jobView(long jobId) {
        return Optional.ofNullable(jobs.get(jobId));
    }

    Optional<List<SimLogLine>> jobLog(long jobId) {
        return Optional.ofNullable(logs.get(jobId)).map(List::copyOf);
    }

    List<SimAnnotation> annotations(long checkRunId) {
        return List.copyOf(annotations.getOrDefault(checkRunId, List.of()));
    }

    List<SimPendingDeployment> pendingDeployments(long runId) {
        return List.of();
    }

    List<SimGroup> activeGroups() {
        return List.of();
    }

    Optional<SimGroup> group(String name) {
        return Optional.empty();
    }

    Optional<List<SimGroup>> groupsOfRun(long runId) {
        return runs.containsKey(runId) ? Optional.of(List.of()) : Optional.empty();
    }

    SimRun dispatch(String workflowIdOrFile, String ref, Map<String, String> inputs, String actor) {
        throw new SandboxException(501, "dispatch: not yet");
    }

    void cancel(long runId) {
        throw new SandboxException(501, "cancel: not yet");
    }

    void approve(long runId) {
        throw new SandboxException(501, "approve: not yet");
    }

    FaultSettings faults() {
        return faults;
    }

    void setFaults(FaultSettings f) {
        faults = f == null ? FaultSettings.NONE : f;
    }

    @Override
    public void close() {
    }
}
