package dev.baton.workflow;

import java.util.List;
import java.util.Map;

/**
 * One job as written. environment is the raw environment name (may hold an expression), null when
 * absent. matrix maps each matrix key to its values (empty when no strategy.matrix). uses is the reusable
 * workflow a job calls (jobs.x.uses: ./.github/workflows/y.yml or owner/repo/.github/workflows/y.yml@ref),
 * null for a job of steps; with is what it passes as inputs (values as written, may hold expressions).
 */
public record JobSpec(String id, String name, List<String> needs, String ifExpr, String environment,
                      ConcurrencySpec concurrency, List<StepSpec> steps, Map<String, String> env,
                      Map<String, List<Object>> matrix, String uses, Map<String, String> with, int line) {
    public JobSpec {
        needs = needs == null ? List.of() : List.copyOf(needs);
        steps = steps == null ? List.of() : List.copyOf(steps);
        env = env == null ? Map.of() : Map.copyOf(env);
        matrix = matrix == null ? Map.of() : Map.copyOf(matrix);
        with = with == null ? Map.of() : Map.copyOf(with);
    }

    /** A job that calls a reusable workflow instead of running steps. */
    public boolean callsWorkflow() {
        return uses != null;
    }

    public String displayName() {
        return name == null || name.isBlank() ? id : name;
    }
}
