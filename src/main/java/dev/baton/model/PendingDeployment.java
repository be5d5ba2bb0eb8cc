package dev.baton.model;

import java.util.List;

/**
 * A run's deployment waiting for a reviewer (GitHub's pending_deployments): the environment, whether the
 * token's user may approve it, and who may (user logins and team slugs).
 */
public record PendingDeployment(long environmentId, String environment, boolean canApprove, List<String> reviewers) {
    public PendingDeployment {
        reviewers = List.copyOf(reviewers);
    }
}
