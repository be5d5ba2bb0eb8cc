package dev.baton.workflow;

import java.util.List;
import java.util.Map;

/**
 * One job as written. environment is the raw environment name (may hold an expression), null when
 * absent. matrix maps each matrix key to its values (empty when no strategy.matrix).
 */
public record JobSpec(String id, String name, List<String> needs, String ifExpr, String environment,
                      ConcurrencySpec concurrency, List<StepSpec> steps, Map<String, String> env,
                      Map<String, List<Object>> matrix, int line) {
    public JobSpec {
        needs = needs == null ? List.of() : List.copyOf(needs);
        steps = steps == null ? List.of() : List.copyOf(steps);
        env = env == null ? Map.of() : Map.copyOf(env);
        matrix = matrix == null ? Map.of() : Map.copyOf(matrix);
    }

    public String displayName() {
        return name == null || name.isBlank() ? id : name;
    }
}
