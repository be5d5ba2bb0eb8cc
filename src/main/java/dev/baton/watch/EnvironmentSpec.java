package dev.baton.watch;

import java.util.List;

/**
 * One deploy environment: the groups and workflows that deploy it and the lock URIs that protect its
 * state (s3://bucket/key.tflock, dynamodb://table/LockID). order places it in the pipeline line.
 */
public record EnvironmentSpec(String name, int order, List<String> groups, List<String> workflows, List<String> locks) {
    public EnvironmentSpec {
        groups = groups == null ? List.of() : List.copyOf(groups);
        workflows = workflows == null ? List.of() : List.copyOf(workflows);
        locks = locks == null ? List.of() : List.copyOf(locks);
    }

    /** Pipeline position guessed from common names, for environments found without configuration. */
    public static int conventionalOrder(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        if (n.startsWith("dev")) return 0;
        if (n.startsWith("test") || n.startsWith("qa") || n.startsWith("int")) return 1;
        if (n.startsWith("stag") || n.startsWith("pre") || n.startsWith("uat")) return 2;
        if (n.startsWith("prod")) return 3;
        return 2;
    }
}
