package dev.baton.sandbox;

import dev.baton.workflow.RunContexts;

import java.util.LinkedHashMap;
import java.util.Map;

/** The expression contexts of a run (and job): the shared run-level github keys (RunContexts), inputs, vars, env, and for jobs needs, matrix, strategy. */
final class Contexts {
    private Contexts() {
    }

    /** A fresh mutable map; callers may add "job" (status functions read job.status). */
    static Map<String, Object> of(SimStore store, RunState run, JobState job) {
        Map<String, Object> ctx = new LinkedHashMap<>();
        String repo = store.content.owner + "/" + store.content.name;
        Map<String, Object> g = RunContexts.github(run.wf.spec, run.event, run.actor, run.triggeringActor, run.headBranch,
                run.headSha, run.id, run.runNumber);
        g.put("repository", repo);
        g.put("repository_owner", store.content.owner);
        g.put("workflow", run.wf.name());
        g.put("workflow_ref", repo + "/" + run.wf.path + "@refs/heads/" + run.headBranch);
        g.put("event", run.payload);
        g.put("server_url", "https://github.com");
        g.put("api_url", store.apiUrl());
        g.put("job", job == null ? "" : job.spec.id());
        ctx.put("github", g);
        ctx.put("inputs", run.inputs);
        ctx.put("vars", store.content.vars);
        Map<String, Object> env = new LinkedHashMap<>(run.wf.spec.env());
        if (job != null) {
            env.putAll(job.spec.env());
            ctx.put("matrix", job.matrix);
            Map<String, Object> strategy = new LinkedHashMap<>();
            strategy.put("fail-fast", true);
            strategy.put("job-index", (double) job.matrixIndex);
            strategy.put("job-total", (double) job.matrixTotal);
            strategy.put("max-parallel", (double) job.matrixTotal);
            ctx.put("strategy", strategy);
            Map<String, Object> needs = new LinkedHashMap<>();
            for (String need : job.spec.needs()) {
                Map<String, Object> n = new LinkedHashMap<>();
                n.put("result", JobGates.needResult(run, need));
                n.put("outputs", Map.of());
                needs.put(need, n);
            }
            ctx.put("needs", needs);
        }
        ctx.put("env", env);
        return ctx;
    }
}
