package dev.baton.lint;

import dev.baton.workflow.BackendConfig;
import dev.baton.workflow.WorkflowSpec;

import java.util.List;
import java.util.Map;

/**
 * What lint reads: parsed workflows and backends, the raw text of every file (path -> content, for
 * precise lines), and the files that could not be parsed, already as findings. workflowFiles counts every
 * workflow file read, valid or not, so that "3 workflows, 2 invalid" is said and not "1 workflow".
 */
public record LintInput(List<WorkflowSpec> workflows, List<BackendConfig> backends, Map<String, String> rawFiles,
                        List<LintFinding> problems, int workflowFiles) {
    public LintInput {
        workflows = List.copyOf(workflows);
        backends = List.copyOf(backends);
        rawFiles = Map.copyOf(rawFiles);
        problems = List.copyOf(problems);
    }

    /** Workflow files read that GitHub would not run. */
    public int invalidWorkflows() {
        return workflowFiles - workflows.size();
    }
}
