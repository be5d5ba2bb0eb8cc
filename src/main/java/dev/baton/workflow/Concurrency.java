package dev.baton.workflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Resolves a concurrency block for one run or job, with GitHub's rules: only the contexts allowed at
 * that level (workflow: github, inputs, vars; job: also needs, strategy, matrix), a non-empty group,
 * and no cancel-in-progress with queue: max. Shared by the sandbox scheduler, discovery and lint so
 * that all three agree on a group's name.
 */
public final class Concurrency {
    private static final Set<String> WORKFLOW = Set.of("github", "inputs", "vars");
    private static final Set<String> JOB = Set.of("github", "inputs", "vars", "needs", "strategy", "matrix");

    private Concurrency() {
    }

    /** A concurrency block evaluated for one run or job. key() is the case-insensitive identity of the group. */
    public record Resolved(String group, boolean cancelInProgress, QueueMode queue, ConcurrencySpec spec) {
        /** Group names are case-insensitive on GitHub: Prod and prod are one group. */
        public String key() {
            return key(group);
        }

        public static String key(String group) {
            return group.toLowerCase(Locale.ROOT);
        }
    }

    /** Contexts GitHub allows in concurrency group / cancel-in-progress at that level. */
    public static Set<String> allowedContexts(ConcurrencySpec.Level level) {
        return level == ConcurrencySpec.Level.WORKFLOW ? WORKFLOW : JOB;
    }

    /** Contexts used by the block that its level does not allow, in order of appearance. */
    public static List<String> disallowedContexts(ConcurrencySpec spec) {
        List<String> out = new ArrayList<>();
        Set<String> allowed = allowedContexts(spec.level());
        for (String text : new String[]{spec.group(), spec.cancelInProgress()}) {
            if (!Expressions.hasExpression(text)) continue;
            for (String c : Expressions.contextsUsed(text)) if (!allowed.contains(c) && !out.contains(c)) out.add(c);
        }
        return out;
    }

    /**
     * Evaluates the block. contexts: github, inputs, vars (and for jobs needs, strategy, matrix).
     * @throws WorkflowException naming the block's file:line for a context not allowed at its level,
     *         an expression error, an empty group, or cancel-in-progress true with queue: max.
     */
    public static Resolved resolve(ConcurrencySpec spec, Map<String, Object> contexts) {
        List<String> bad = disallowedContexts(spec);
        if (!bad.isEmpty()) {
            throw new WorkflowException(spec.file(), spec.line(), "concurrency uses context '" + bad.get(0) + "', which is not available at "
                    + (spec.level() == ConcurrencySpec.Level.WORKFLOW ? "workflow" : "job") + " level (allowed: "
                    + String.join(", ", sorted(allowedContexts(spec.level()))) + ")");
        }
        String group;
        try {
            group = Expressions.interpolate(spec.group(), contexts);
        } catch (ExpressionException e) {
            throw e.at(spec.file(), spec.line(), "concurrency.group");
        }
        if (group == null || group.isBlank()) {
            throw new WorkflowException(spec.file(), spec.line(), "concurrency.group '" + spec.group() + "' evaluates to an empty name");
        }
        boolean cancel;
        try {
            cancel = Expressions.condition(spec.cancelInProgress(), contexts);
        } catch (ExpressionException e) {
            throw e.at(spec.file(), spec.line(), "concurrency.cancel-in-progress");
        }
        if (cancel && spec.queue() == QueueMode.MAX) {
            throw new WorkflowException(spec.file(), spec.line(),
                    "concurrency: 'queue: max' cannot be combined with cancel-in-progress that evaluates to true",
                    WorkflowParser.QUEUE_MAX_CANCEL);
        }
        return new Resolved(group, cancel, spec.queue(), spec);
    }

    private static List<String> sorted(Set<String> s) {
        List<String> order = List.of("github", "inputs", "vars", "needs", "strategy", "matrix");
        List<String> out = new ArrayList<>();
        for (String c : order) if (s.contains(c)) out.add(c);
        return out;
    }
}
