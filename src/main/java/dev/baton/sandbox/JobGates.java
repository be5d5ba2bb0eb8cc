package dev.baton.sandbox;

import dev.baton.model.Conclusion;
import dev.baton.workflow.Expressions;
import dev.baton.workflow.JobSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's jobs from its workflow: matrix expansion and job names, and each job's gate once its needs are
 * done (if:, environment, whether a reviewer must approve), as GitHub evaluates them.
 */
final class JobGates {
    private final SimStore store;
    private final JobLog log;

    JobGates(SimStore store, JobLog log) {
        this.store = store;
        this.log = log;
    }

    /** One job per matrix combination (cartesian product in key order), named as GitHub names them. */
    List<JobState> expand(RunState run, JobSpec spec, boolean assignIds) {
        List<Map<String, Object>> combos = new ArrayList<>();
        combos.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<Object>> e : spec.matrix().entrySet()) {
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> c : combos) {
                for (Object v : e.getValue()) {
                    Map<String, Object> n = new LinkedHashMap<>(c);
                    n.put(e.getKey(), v);
                    next.add(n);
                }
            }
            combos = next;
        }
        List<JobState> out = new ArrayList<>();
        int i = 0;
        for (Map<String, Object> combo : combos) {
            long id = 0;
            if (assignIds) id = store.newJobId();
            JobState tmp = new JobState(id, run, spec, combo, i, combos.size(), spec.displayName(), store.now());
            String name = jobName(tmp);
            out.add(new JobState(id, run, spec, combo, i, combos.size(), name, store.now()));
            i++;
        }
        return out;
    }

    private String jobName(JobState job) {
        String base = job.spec.displayName();
        boolean hasExpr = Expressions.hasExpression(base);
        if (hasExpr) {
            try {
                base = Expressions.interpolate(base, Contexts.of(store, job.run, job));
            } catch (RuntimeException e) {
                base = job.spec.id();
            }
        }
        if (job.matrix.isEmpty() || (hasExpr && job.spec.displayName().contains("matrix."))) return base;
        List<String> vals = job.matrix.values().stream().map(Expressions::toText).toList();
        return base + " (" + String.join(", ", vals) + ")";
    }

    record Gate(boolean ifPassed, String environment, boolean needsApproval, String error) {
    }

    /** Evaluates a ready job's if: and environment (needs are done, so needs.* is known). */
    Gate gate(JobState job) {
        Map<String, Object> ctx = Contexts.of(store, job.run, job);
        ctx.put("job", Map.of("status", needsStatus(job)));
        try {
            boolean pass = Expressions.condition(job.spec.ifExpr(), ctx);
            String env = job.spec.environment() == null ? null : Expressions.interpolate(job.spec.environment(), ctx).strip();
            if (env != null && env.isEmpty()) env = null;
            List<String> reviewers = env == null ? List.of() : store.reviewers(env);
            return new Gate(pass, env, !reviewers.isEmpty(), null);
        } catch (RuntimeException e) {
            return new Gate(false, null, false, job.run.wf.path + ": job '" + job.spec.id() + "': " + e.getMessage());
        }
    }

    void applyGate(JobState job) {
        if (job.gateChecked) return;
        Gate g = gate(job);
        job.gateChecked = true;
        job.ifPassed = g.ifPassed;
        job.environment = g.environment;
        job.needsApproval = g.needsApproval;
        if (g.error != null) {
            job.ifPassed = true;
            job.needsApproval = false;
            job.failed = true;
            log.append(job, "##[error]" + g.error);
        }
    }

    /** What success()/failure()/cancelled() see in a job's if: the results of its needs. */
    private String needsStatus(JobState job) {
        if (job.run.cancelRequested) return "cancelled";
        String status = "success";
        for (String need : job.spec.needs()) {
            String r = needResult(job.run, need);
            if (r.equals("failure")) return "failure";
            if (r.equals("cancelled")) status = "cancelled";
            else if (!r.equals("success") && status.equals("success")) status = r;
        }
        return status;
    }

    /** A needed job's result; a matrix job's result aggregates its legs as GitHub does. */
    static String needResult(RunState run, String needId) {
        boolean any = false;
        boolean allSkipped = true;
        String result = "success";
        for (JobState j : run.jobs) {
            if (!j.spec.id().equals(needId)) continue;
            any = true;
            Conclusion c = j.conclusion;
            if (c != Conclusion.SKIPPED) allSkipped = false;
            if (c == Conclusion.FAILURE || c == Conclusion.STARTUP_FAILURE || c == Conclusion.TIMED_OUT) return "failure";
            if (c == Conclusion.CANCELLED) result = "cancelled";
        }
        if (!any) return "success";
        return allSkipped ? "skipped" : result;
    }

    static boolean needsDone(JobState job) {
        for (String need : job.spec.needs()) {
            for (JobState j : job.run.jobs) {
                if (j.spec.id().equals(need) && !j.completed()) return false;
            }
        }
        return true;
    }
}
