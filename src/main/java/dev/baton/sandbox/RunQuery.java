package dev.baton.sandbox;

import java.time.Instant;

/**
 * Filters for listing runs; null means "any". status matches a status OR a conclusion (GitHub's
 * list-runs semantics: status=success works). created bounds are inclusive. workflowId restricts to
 * one workflow. The HTTP layer parses query strings (e.g. created=>=2026-11-26) into this.
 */
public record RunQuery(Long workflowId, String status, String event, String branch, String headSha, String actor,
                       Instant createdFrom, Instant createdTo) {
    public static final RunQuery ALL = new RunQuery(null, null, null, null, null, null, null, null);

    public RunQuery withWorkflow(long id) {
        return new RunQuery(id, status, event, branch, headSha, actor, createdFrom, createdTo);
    }
}
