package dev.baton.model;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A concurrency group and its current members. Names are case-insensitive and repository-wide;
 * {@link #key()} is the comparison key. A pattern group (e.g. "deploy-${{ inputs.environment }}")
 * stands for groups that are only known once evaluated.
 */
public record ConcurrencyGroup(String name, List<GroupMember> members, Instant lastAcquiredAt,
                               GroupSource source, boolean pattern, List<String> workflows) {
    public ConcurrencyGroup {
        members = members == null ? List.of() : List.copyOf(members);
        workflows = workflows == null ? List.of() : List.copyOf(workflows);
    }

    public String key() {
        return key(name);
    }

    public static String key(String groupName) {
        return groupName.toLowerCase(Locale.ROOT);
    }

    public long runningCount() {
        return members.stream().filter(GroupMember::running).count();
    }

    public boolean idle() {
        return members.isEmpty();
    }
}
