package dev.baton.sandbox;

import dev.baton.model.RunStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One concurrency group: at most one running member, pending members in release order. */
final class GroupState {
    final String key;
    String name;
    Instant lastAcquiredAt;
    Member running;
    final List<Member> pending = new ArrayList<>();

    GroupState(String key, String name) {
        this.key = key;
        this.name = name;
    }

    boolean active() {
        return running != null || !pending.isEmpty();
    }

    SimGroup view() {
        List<SimGroupMember> members = new ArrayList<>();
        if (running != null) members.add(member(running, RunStatus.IN_PROGRESS, 0));
        int pos = 1;
        for (Member m : pending) members.add(member(m, RunStatus.PENDING, pos++));
        return new SimGroup(name, lastAcquiredAt, members);
    }

    private static SimGroupMember member(Member m, RunStatus status, int position) {
        return new SimGroupMember(m.run.id, m.run.wf.name(), m.job == null ? null : m.job.id,
                m.job == null ? null : m.job.name, status, position);
    }
}
