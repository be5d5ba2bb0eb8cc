package dev.baton.workflow;

/**
 * A Terraform S3 backend as configured in a backend-<env>.hcl file (or a backend "s3" block).
 * workspaceKeyPrefix defaults to "env:". dynamodbTable is null when absent.
 */
public record BackendConfig(String file, String environment, String bucket, String key, String region,
                            boolean useLockfile, String dynamodbTable, String workspaceKeyPrefix, int line) {
    /** The S3 lock object key for a workspace ("default" or null for the default workspace). */
    public String lockKey(String workspace) {
        return stateKey(workspace) + ".tflock";
    }

    public String stateKey(String workspace) {
        if (workspace == null || workspace.equals("default")) return key;
        String prefix = workspaceKeyPrefix == null ? "env:" : workspaceKeyPrefix;
        return prefix + "/" + workspace + "/" + key;
    }
}
