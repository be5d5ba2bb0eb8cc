package dev.baton.probe;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A rapid-fire test: count dispatches, round-robin over the workflows, gap apart. asDependabot makes the
 * first dispatch Dependabot's (the reference's production / production-auto race); cancelAfter cancels
 * the test's runs still pending at the end (never running ones).
 */
public record RapidFirePlan(List<String> workflows, int count, Duration gap, String ref, Map<String, String> inputs,
                            boolean asDependabot, Duration timeout, boolean cancelAfter) {
    public RapidFirePlan {
        if (workflows == null || workflows.isEmpty()) throw new IllegalArgumentException("name at least one workflow");
        if (count < 1 || count > 100) throw new IllegalArgumentException("--count must be 1..100");
        workflows = List.copyOf(workflows);
        inputs = inputs == null ? Map.of() : Map.copyOf(inputs);
    }

    public String workflowOf(int index) {
        return workflows.get(index % workflows.size());
    }
}
