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
        if (count < 1 || count > 100) throw new IllegalArgumentException("--count must be 1..100, got " + count);
        if (gap == null || gap.isNegative()) throw new IllegalArgumentException("--gap must not be negative");
        if (timeout == null || timeout.isZero() || timeout.isNegative()) throw new IllegalArgumentException("--timeout must be positive");
        if (ref == null || ref.isBlank()) throw new IllegalArgumentException("--ref must name a branch or tag");
        workflows = List.copyOf(workflows);
        inputs = inputs == null ? Map.of() : Map.copyOf(inputs);
    }

    public String workflowOf(int index) {
        return workflows.get(index % workflows.size());
    }
}
