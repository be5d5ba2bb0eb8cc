package dev.baton.model;

import java.time.Instant;

/** One workflow run as GitHub reports it. */
public record Run(long id, String workflowName, String workflowPath, long runNumber, int attempt,
                  String event, String actor, String headSha, String headBranch, String displayTitle,
                  RunStatus status, Conclusion conclusion,
                  Instant createdAt, Instant startedAt, Instant updatedAt, String htmlUrl) {

    public boolean alive() {
        return status.alive();
    }

    /** The workflow file name, e.g. "deploy-prod.yml", from ".github/workflows/deploy-prod.yml". */
    public String workflowFile() {
        if (workflowPath == null) return "";
        int slash = workflowPath.lastIndexOf('/');
        return slash < 0 ? workflowPath : workflowPath.substring(slash + 1);
    }

    public String shortSha() {
        return Times.shortSha(headSha);
    }
}
