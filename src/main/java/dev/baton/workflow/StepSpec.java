package dev.baton.workflow;

import java.util.Map;

/** One step as written (run or uses). */
public record StepSpec(String id, String name, String uses, String run, Map<String, String> with,
                       Map<String, String> env, String workingDirectory, String ifExpr, int line) {
    public StepSpec {
        with = with == null ? Map.of() : Map.copyOf(with);
        env = env == null ? Map.of() : Map.copyOf(env);
    }

    /** A readable label: name, else uses, else the first line of run. */
    public String label() {
        if (name != null && !name.isBlank()) return name;
        if (uses != null) return "Run " + uses;
        String first = run == null ? "" : run.strip().lines().findFirst().orElse("");
        return "Run " + first;
    }
}
