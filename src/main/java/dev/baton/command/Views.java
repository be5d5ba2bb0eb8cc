package dev.baton.command;

import dev.baton.model.ConcurrencyGroup;
import dev.baton.model.Finding;
import dev.baton.model.GroupMember;
import dev.baton.model.Run;
import dev.baton.model.Snapshot;
import dev.baton.model.StateLock;
import dev.baton.model.Times;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON shapes of the read commands (documented in docs/commands.md; keep them stable): snapshot
 * records joined so a script needs one call, e.g. a group member with its commit and actor.
 */
public final class Views {
    private Views() {
    }

    /** status: the member's place in the group; runStatus: the run's own (waiting = held for a reviewer); environment: GitHub's, if known. */
    public record MemberView(long runId, long runNumber, String workflow, Long jobId, String job, String status, int position,
                             String headSha, String actor, String event, Instant since, String runStatus, String environment) {
    }

    public record GroupView(String name, String source, boolean pattern, List<String> workflows, List<MemberView> members) {
    }

    public record LockView(String uri, String environment, String workspace, String id, String who, String operation,
                           Instant created, String path, String verdict, String malformed) {
    }

    public static GroupView group(Snapshot s, ConcurrencyGroup g) {
        List<MemberView> members = new ArrayList<>();
        for (GroupMember m : g.members()) {
            Run r = s.run(m.runId()).orElse(null);
            members.add(new MemberView(m.runId(), r == null ? 0 : r.runNumber(), r == null ? m.runName() : r.workflowFile(),
                    m.jobId(), m.jobName(), m.status().api(), m.position(), r == null ? null : r.headSha(),
                    r == null ? null : r.actor(), r == null ? null : r.event(),
                    r == null ? null : (m.running() && r.startedAt() != null ? r.startedAt() : r.createdAt()),
                    r == null ? null : r.status().api(), s.environment(m.runId()).orElse(null)));
        }
        return new GroupView(g.name(), g.source().name().toLowerCase(), g.pattern(), g.workflows(), members);
    }

    public static LockView lock(Snapshot s, StateLock l) {
        String uri = l.location().uri();
        return new LockView(uri, l.location().environment(), l.location().workspace(),
                l.info() == null ? null : l.info().id(), l.info() == null ? null : l.info().who(),
                l.info() == null ? null : l.info().operation(), l.takenAt(),
                l.info() == null ? null : l.info().path(), verdict(s, l), l.malformed() ? l.error() : null);
    }

    /** The correlation verdict shown beside a lock: "held by run #N (...)", STALE, FOREIGN, SPLIT, MALFORMED. */
    public static String verdict(Snapshot s, StateLock lock) {
        return dev.baton.watch.LockVerdict.of(s, lock).text();
    }

    /**
     * The lock sources that did not answer the last poll, as one line ("locks unknown: s3://b unread since
     * 23:56:13 UTC: cannot connect (...)"), or null when every one did: their locks are unknown, never "none held".
     */
    public static String unreadLockSources(Snapshot s) {
        List<String> out = s.unreadLockSources().stream().map(h -> h.unread(t -> Times.clock(t) + " UTC")).toList();
        return out.isEmpty() ? null : "locks unknown: " + String.join("; ", out);
    }

    /**
     * What a snapshot lacks, as one line for stderr: GitHub unread (runs and groups as of its last answer, lock
     * verdicts unknown) and lock stores unread (their locks unknown). Null when every source answered.
     */
    public static String unread(Snapshot s) {
        List<String> parts = new ArrayList<>();
        var gh = s.health().get("github");
        if (gh != null && !gh.healthy()) parts.add(gh.unread(t -> Times.clock(t) + " UTC") + " (lock verdicts unknown)");
        String locks = unreadLockSources(s);
        if (locks != null) parts.add(locks);
        return parts.isEmpty() ? null : String.join("; ", parts);
    }

}
