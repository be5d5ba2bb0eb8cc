package dev.baton.workflow;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A workflow file as written: its triggers (event name -> that event's mapping, empty when given
 * as a bare name), workflow-level concurrency (null when absent), env and jobs in file order.
 */
public record WorkflowSpec(String path, String name, Map<String, Map<String, Object>> on,
                           ConcurrencySpec concurrency, Map<String, String> env, List<JobSpec> jobs) {
    public WorkflowSpec {
        on = on == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(on));
        env = env == null ? Map.of() : Map.copyOf(env);
        jobs = jobs == null ? List.of() : List.copyOf(jobs);
    }

    /** The file name, e.g. "deploy-prod.yml". */
    public String file() {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }

    /** The displayed name: the name key, else the path as GitHub shows it. */
    public String displayName() {
        return name == null || name.isBlank() ? path : name;
    }

    public boolean triggeredBy(String event) {
        return on.containsKey(event);
    }

    /** The declared workflow_dispatch inputs in file order (empty when not dispatchable or without inputs). */
    public List<DispatchInput> dispatchInputs() {
        Map<String, Object> dispatch = on.get("workflow_dispatch");
        Object inputs = dispatch == null ? null : dispatch.get("inputs");
        List<DispatchInput> out = new ArrayList<>();
        if (!(inputs instanceof Map<?, ?> map)) return out;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            Map<?, ?> def = e.getValue() instanceof Map<?, ?> m ? m : Map.of();
            Object options = def.get("options");
            List<String> opts = new ArrayList<>();
            if (options instanceof List<?> l) for (Object o : l) opts.add(String.valueOf(o));
            out.add(new DispatchInput(String.valueOf(e.getKey()), text(def.get("type")), text(def.get("description")),
                    "true".equalsIgnoreCase(text(def.get("required"))), text(def.get("default")), opts));
        }
        return out;
    }

    /** The inputs context for a dispatch that sets nothing: each input's typed default. */
    public Map<String, Object> defaultInputs() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (DispatchInput in : dispatchInputs()) {
            Object v = in.defaultForContext();
            if (v != null) out.put(in.name(), v);
        }
        return out;
    }

    /** For on.workflow_run: the names of the workflows whose runs trigger this one. */
    public List<String> workflowRunSources() {
        Map<String, Object> wr = on.get("workflow_run");
        Object workflows = wr == null ? null : wr.get("workflows");
        List<String> out = new ArrayList<>();
        if (workflows instanceof List<?> l) for (Object o : l) out.add(String.valueOf(o));
        else if (workflows != null) out.add(workflows.toString());
        return out;
    }

    public JobSpec job(String id) {
        for (JobSpec j : jobs) if (j.id().equals(id)) return j;
        return null;
    }

    private static String text(Object o) {
        return o == null ? null : o.toString();
    }
}
