package dev.baton.workflow;

import dev.baton.model.Run;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The expression contexts (github, inputs, vars, env) of a run, built once for every reader: the watch's
 * group resolution, rapid-fire's and the sandbox's engine. Before, each built its own and the input
 * defaults differed, so the watch and rapid-fire could put one run in different groups.
 */
public final class RunContexts {
    private RunContexts() {
    }

    /** The github context's run-level keys, as GitHub sets them for a branch run. */
    public static Map<String, Object> github(WorkflowSpec spec, String event, String actor, String triggeringActor, String branch,
                                             String sha, long runId, long runNumber) {
        String b = branch == null ? "" : branch;
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("workflow", spec.displayName());
        g.put("event_name", event == null ? "" : event);
        g.put("actor", actor);
        g.put("triggering_actor", triggeringActor == null ? actor : triggeringActor);
        g.put("ref", "refs/heads/" + b);
        g.put("ref_name", b);
        g.put("ref_type", "branch");
        g.put("head_ref", "");
        g.put("base_ref", "");
        g.put("sha", sha);
        g.put("run_id", String.valueOf(runId));
        g.put("run_number", String.valueOf(runNumber));
        g.put("run_attempt", "1");
        return g;
    }

    /** The inputs context: each declared dispatch input's default as GitHub types it, then what was given. */
    public static Map<String, Object> inputs(WorkflowSpec spec, Map<String, ?> given) {
        Map<String, Object> inputs = new LinkedHashMap<>(spec.defaultInputs());
        if (given != null) inputs.putAll(given);
        return inputs;
    }

    /**
     * The contexts of a run as its API object tells them: branch falls back to fallbackBranch when the run does
     * not say (a dispatch just made), inputs to the declared defaults plus given.
     */
    public static Map<String, Object> of(WorkflowSpec spec, Run run, String fallbackBranch, Map<String, ?> given) {
        String branch = run.headBranch() == null ? fallbackBranch : run.headBranch();
        Map<String, Object> g = github(spec, run.event() == null ? "workflow_dispatch" : run.event(), run.actor(), run.actor(), branch,
                run.headSha(), run.id(), run.runNumber());
        Map<String, Object> inputs = inputs(spec, given);
        g.put("event", Map.of("inputs", inputs));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("github", g);
        out.put("inputs", inputs);
        out.put("vars", Map.of());
        out.put("env", Map.of());
        return out;
    }
}
