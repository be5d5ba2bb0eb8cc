package dev.baton.sandbox;

import dev.baton.model.RunStatus;
import dev.baton.workflow.JobSpec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Immutable views of the engine's records, as the HTTP layer ({@link GitHubApi}, {@link GitHubJson})
 * reads them through {@link SandboxState}, which takes the engine lock around each call.
 */
final class ReadViews {
    private final SimStore store;
    private final GroupRules groups;

    ReadViews(SimStore store, GroupRules groups) {
        this.store = store;
        this.groups = groups;
    }

    SimRepo repo() {
        return store.repoView();
    }

    Optional<String> file(String path, String ref) {
        if (ref != null && !ref.isBlank() && store.repoView().resolve(ref).isEmpty()) return Optional.empty();
        return Optional.ofNullable(store.content.files.get(path));
    }

    List<SimWorkflow> workflows() {
        return store.workflows.values().stream().map(WorkflowDef::view).toList();
    }

    Optional<SimWorkflow> workflow(String idOrFile) {
        return store.workflowDef(idOrFile).map(WorkflowDef::view);
    }

    List<SimRun> runs(RunQuery q) {
        List<SimRun> out = new ArrayList<>();
        for (RunState r : store.runs.values()) {
            if (q.workflowId() != null && r.wf.id != q.workflowId()) continue;
            if (q.status() != null && !q.status().equalsIgnoreCase(r.status.api())
                    && !q.status().equalsIgnoreCase(String.valueOf(r.conclusion.api()))) continue;
            if (q.event() != null && !q.event().equals(r.event)) continue;
            if (q.branch() != null && !q.branch().equals(r.headBranch)) continue;
            if (q.headSha() != null && !q.headSha().equalsIgnoreCase(r.headSha)) continue;
            if (q.actor() != null && !q.actor().equalsIgnoreCase(r.actor)) continue;
            if (q.createdFrom() != null && r.createdAt.isBefore(q.createdFrom())) continue;
            if (q.createdTo() != null && r.createdAt.isAfter(q.createdTo())) continue;
            out.add(r.view());
        }
        out.sort(Comparator.comparingLong(SimRun::id).reversed());
        return out;
    }

    Optional<SimRun> run(long id) {
        return Optional.ofNullable(store.runs.get(id)).map(RunState::view);
    }

    List<SimJob> jobs(long runId) {
        RunState r = store.runs.get(runId);
        return r == null ? List.of() : r.jobs.stream().map(JobState::view).toList();
    }

    Optional<SimJob> job(long jobId) {
        return Optional.ofNullable(store.jobs.get(jobId)).map(JobState::view);
    }

    Optional<List<SimLogLine>> jobLog(long jobId) {
        return Optional.ofNullable(store.jobs.get(jobId)).map(j -> List.copyOf(j.log));
    }

    List<SimAnnotation> annotations(long checkRunId) {
        return store.annotations(checkRunId);
    }

    /** The run's jobs that wait for a reviewer, with the environment's reviewers. */
    List<SimPendingDeployment> pendingDeployments(long runId) {
        RunState r = store.runs.get(runId);
        if (r == null) return List.of();
        List<SimPendingDeployment> out = new ArrayList<>();
        for (JobState j : r.jobs) {
            if (j.status != RunStatus.WAITING || j.approved || j.environment == null) continue;
            long envId = 90_000_000L + Math.abs(j.environment.toLowerCase(Locale.ROOT).hashCode() % 1_000_000);
            out.add(new SimPendingDeployment(envId, j.environment, j.id, j.name, store.reviewers(j.environment), j.waitingSince));
        }
        return out;
    }

    List<SimGroup> activeGroups() {
        return groups.activeViews();
    }

    Optional<SimGroup> group(String name) {
        return groups.activeView(name);
    }

    /** The run's workflow-level group and its jobs' job-level groups (static ones before the jobs exist). */
    Optional<List<SimGroup>> groupsOfRun(long runId) {
        RunState r = store.runs.get(runId);
        if (r == null) return Optional.empty();
        Map<String, SimGroup> out = new LinkedHashMap<>();
        if (r.group != null) out.put(r.group.toLowerCase(Locale.ROOT), groups.viewOrEmpty(r.group));
        for (JobState j : r.jobs) {
            String name = j.group;
            if (name == null && j.spec.concurrency() != null && j.spec.concurrency().staticGroup()) name = j.spec.concurrency().group();
            if (name != null) out.putIfAbsent(name.toLowerCase(Locale.ROOT), groups.viewOrEmpty(name));
        }
        if (r.jobs.isEmpty() && r.wf.spec != null) {
            for (JobSpec s : r.wf.spec.jobs()) {
                if (s.concurrency() != null && s.concurrency().staticGroup()) {
                    out.putIfAbsent(s.concurrency().group().toLowerCase(Locale.ROOT), groups.viewOrEmpty(s.concurrency().group()));
                }
            }
        }
        return Optional.of(List.copyOf(out.values()));
    }
}
