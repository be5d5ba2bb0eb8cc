package dev.baton.workflow;

import java.util.List;
import java.util.Map;

/**
 * A workflow file as written: its triggers (event name -> that event's mapping, empty when given
 * as a bare name), workflow-level concurrency (null when absent), env and jobs in file order.
 */
public record WorkflowSpec(String path, String name, Map<String, Map<String, Object>> on,
                           ConcurrencySpec concurrency, Map<String, String> env, List<JobSpec> jobs) {
    public WorkflowSpec {
        on = on == null ? Map.of() : on;
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
}
