package dev.baton.sandbox;

import java.time.Instant;

/**
 * A workflow file of the sandbox repository. path: ".github/workflows/deploy-prod.yml";
 * state: "active" (GitHub also knows disabled_manually etc.; the sandbox never disables).
 */
public record SimWorkflow(long id, String name, String path, String state, Instant createdAt, Instant updatedAt) {
    /** "deploy-prod.yml". */
    public String file() {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }
}
