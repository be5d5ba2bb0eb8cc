package dev.baton.github;

import dev.baton.model.GroupMember;

import java.util.List;

/** One active group as the concurrency-groups API answers it: members in release order. */
public record GroupDetail(String name, List<GroupMember> members) {
    public GroupDetail {
        members = List.copyOf(members);
    }
}
