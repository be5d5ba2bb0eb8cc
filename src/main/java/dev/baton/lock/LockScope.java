package dev.baton.lock;

/**
 * Where to look for locks: a bucket (or table) and a key prefix ("" for all). environment is a
 * label copied onto each LockLocation; workspaceKeyPrefix (Terraform's workspace_key_prefix, default
 * "env:") lets keys such as "env:/staging/app.tfstate.tflock" be labelled workspace "staging".
 */
public record LockScope(String container, String prefix, String environment, String workspaceKeyPrefix) {
    public static final String DEFAULT_WORKSPACE_KEY_PREFIX = "env:";

    public LockScope {
        if (container == null || container.isBlank()) throw new IllegalArgumentException("a bucket or table name is required");
        prefix = prefix == null ? "" : prefix;
        workspaceKeyPrefix = workspaceKeyPrefix == null || workspaceKeyPrefix.isBlank()
                ? DEFAULT_WORKSPACE_KEY_PREFIX : workspaceKeyPrefix;
    }

    public static LockScope of(String container, String prefix) {
        return new LockScope(container, prefix, null, null);
    }

    /**
     * The workspace a state key belongs to: "default", or W for "<workspaceKeyPrefix>/W/...".
     * stateKey is the S3 key (without the bucket) or, for DynamoDB, the LockID after "<bucket>/".
     */
    public String workspaceOf(String stateKey) {
        String p = workspaceKeyPrefix + "/";
        if (stateKey.startsWith(p)) {
            int end = stateKey.indexOf('/', p.length());
            if (end > p.length()) return stateKey.substring(p.length(), end);
        }
        return "default";
    }
}
