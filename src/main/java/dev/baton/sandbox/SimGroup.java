package dev.baton.sandbox;

import java.time.Instant;
import java.util.List;

/**
 * A concurrency group. name keeps the spelling of the member that made it active (groups compare
 * case-insensitively). members: in_progress first, then pending in release order. lastAcquiredAt is
 * null for a group never acquired. A group is active while it has members.
 */
public record SimGroup(String name, Instant lastAcquiredAt, List<SimGroupMember> members) {
    public SimGroup {
        members = List.copyOf(members);
    }

    public boolean active() {
        return !members.isEmpty();
    }
}
