package dev.baton.workflow;

/**
 * A concurrency block as written. group and cancelInProgress are raw text that may contain
 * ${{ }} expressions; cancelInProgress is "false" when absent. level tells which contexts are allowed.
 */
public record ConcurrencySpec(String group, String cancelInProgress, QueueMode queue, Level level, String file, int line) {
    public enum Level { WORKFLOW, JOB }

    /** True when the group name has no expression, so it is known without evaluating. */
    public boolean staticGroup() {
        return !group.contains("${{");
    }
}
