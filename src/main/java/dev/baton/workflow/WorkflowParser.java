package dev.baton.workflow;

/** Reads a workflow YAML file into a {@link WorkflowSpec}, keeping line numbers for errors and lint. */
public final class WorkflowParser {
    private WorkflowParser() {
    }

    /** @throws WorkflowException naming path and line when the YAML or a concurrency block is malformed. */
    public static WorkflowSpec parse(String path, String yaml) {
        throw new UnsupportedOperationException("not yet");
    }
}
