package dev.baton.sandbox;

import java.time.Instant;
import java.util.List;

/**
 * An environment approval a run waits for (GET /runs/{id}/pending_deployments). reviewers: logins.
 * waitTimer is 0 (the sandbox models required reviewers only).
 */
public record SimPendingDeployment(long environmentId, String environment, long jobId, String jobName,
                                   List<String> reviewers, Instant waitingSince) {
    public SimPendingDeployment {
        reviewers = List.copyOf(reviewers);
    }
}
