package dev.baton.probe;

import dev.baton.github.GitHubException;
import dev.baton.github.GitHubPort;
import dev.baton.github.WorkflowCatalog;
import dev.baton.model.Conclusion;
import dev.baton.model.Job;
import dev.baton.model.Run;
import dev.baton.model.RunStatus;
import dev.baton.model.Step;
import dev.baton.workflow.Expressions;
import dev.baton.workflow.JobSpec;
import dev.baton.workflow.WorkflowSpec;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What rapid-fire reads of each run once observing ends (split from {@link RapidFire}, which fires and
 * watches): its jobs' steps (when it really executed), its workflow file (its group and environment when
 * GitHub's listing never showed them) and its finished jobs' logs (Terraform's lock messages).
 */
final class RunDetails {
    private RunDetails() {
    }

    /**
     * After observing: when each run really executed (its first step, in its group's member job for job-level
     * groups), its group and environment as the workflow file resolves them when GitHub's listing never
     * showed it, and Terraform's lock messages in the finished jobs' logs.
     */
    static void read(GitHubPort github, Observation o, WorkflowCatalog catalog, RapidFirePlan plan) {
        WorkflowSpec spec = catalog.workflow(o.workflow).orElse(null);
        Map<String, Object> contexts = o.last == null || spec == null ? null : contexts(spec, o.last, plan);
        if (o.group == null && o.last != null && spec != null) resolveGroup(o, spec, contexts, catalog);
        if (spec != null && contexts != null) o.environment = environment(spec, contexts, o.groupJob);
        List<Job> jobs;
        try {
            jobs = github.jobs(o.runId);
        } catch (GitHubException e) {
            o.lockLines.add("(jobs unreadable: " + e.getMessage() + ")");
            if (o.seenRunning) o.startedAt = o.seenInProgressAt;
            return;
        }
        o.jobCount = jobs.size();
        List<Job> member = jobs;
        if (o.groupJob != null || o.groupJobId != null) {
            member = jobs.stream().filter(j -> Objects.equals(o.groupJobId, j.id()) || j.name().equals(o.groupJob)).toList();
            if (member.isEmpty()) member = jobs;
        }
        Instant firstStep = null;
        Instant lastDone = null;
        for (Job j : member) {
            for (Step st : j.steps()) {
                if (st.startedAt() == null || st.status() == RunStatus.QUEUED || st.conclusion() == Conclusion.SKIPPED) continue;
                if (firstStep == null || st.startedAt().isBefore(firstStep)) firstStep = st.startedAt();
            }
            if (j.completedAt() != null && j.conclusion() != Conclusion.SKIPPED && (lastDone == null || j.completedAt().isAfter(lastDone))) {
                lastDone = j.completedAt();
            }
        }
        o.startedAt = firstStep != null ? firstStep : o.seenRunning ? o.seenInProgressAt : null;
        boolean memberDone = member.stream().allMatch(j -> j.status() == RunStatus.COMPLETED);
        if (o.startedAt != null && lastDone != null && (o.groupJob != null ? memberDone : o.done())) o.endedAt = lastDone;
        for (Job j : jobs) {
            if (j.status() != RunStatus.COMPLETED || j.conclusion() == Conclusion.SKIPPED) continue;
            try {
                for (String line : github.jobLog(j.id())) {
                    if (line.contains("Acquiring state lock") || line.contains("Error acquiring the state lock")) {
                        o.lockLines.add(j.name() + ": " + stripTimestamp(line));
                    }
                }
            } catch (GitHubException e) {
                o.lockLines.add(j.name() + ": (log unreadable: " + e.getMessage() + ")");
            }
        }
    }

    private static void resolveGroup(Observation o, WorkflowSpec spec, Map<String, Object> contexts, WorkflowCatalog catalog) {
        String g = catalog.resolveWorkflowGroup(o.last).orElse(null);
        if (g != null) {
            o.group = g;
            return;
        }
        for (JobSpec j : spec.jobs()) {
            if (j.concurrency() == null) continue;
            try {
                String name = Expressions.interpolate(j.concurrency().group(), contexts);
                if (name.isBlank()) continue;
                o.group = name;
                o.groupJob = Expressions.interpolate(j.displayName(), contexts);
                return;
            } catch (RuntimeException e) {
                // an expression needing contexts only GitHub has: leave the group unknown
            }
        }
    }

    /** The environment the run deployed to: its member job's, else every job's that names one, as the file resolves them. */
    static String environment(WorkflowSpec spec, Map<String, Object> contexts, String memberJob) {
        Set<String> envs = new LinkedHashSet<>();
        for (JobSpec j : spec.jobs()) {
            if (j.environment() == null) continue;
            try {
                if (memberJob != null && !Expressions.interpolate(j.displayName(), contexts).equals(memberJob)) continue;
                String e = Expressions.interpolate(j.environment(), contexts);
                if (!e.isBlank()) envs.add(e);
            } catch (RuntimeException e) {
                envs.add(j.environment());
            }
        }
        return envs.isEmpty() ? null : String.join(",", envs);
    }

    /** The contexts a dispatched run's expressions see, as far as the run object and the plan tell. */
    static Map<String, Object> contexts(WorkflowSpec spec, Run run, RapidFirePlan plan) {
        return dev.baton.workflow.RunContexts.of(spec, run, plan.ref(), plan.inputs());
    }

    static String stripTimestamp(String line) {
        int space = line.indexOf(' ');
        return space > 20 && line.charAt(4) == '-' ? line.substring(space + 1) : line;
    }
}
