package dev.baton.github;

import dev.baton.workflow.ConcurrencySpec;

/**
 * A concurrency group as a workflow file declares it. name is the text as written; pattern is true when
 * it holds an expression (e.g. "deploy-${{ inputs.environment }}"), so only its evaluations are real groups.
 * jobId is null for a workflow-level group.
 */
public record DeclaredGroup(String name, boolean pattern, String workflowFile, String jobId, ConcurrencySpec spec) {
}
