package dev.baton.sandbox;

import dev.baton.workflow.QueueMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.Optional;

/**
 * GitHub's concurrency-group rules: at most one running member per group (names compare
 * case-insensitively), who a newcomer evicts or cancels, and who acquires a freed group. What acquiring,
 * eviction and cancellation do to a run or job is the {@link Outcomes}' business (the run lifecycle).
 * Called with the engine lock held.
 */
final class GroupRules {
    private static final Logger LOG = LoggerFactory.getLogger(GroupRules.class);
    /** GitHub's annotation on a run or job a newer arrival pushed out. */
    static final String EVICTION = "Canceling since a higher priority waiting request for '%s' exists";
    /** queue: max holds at most this many pending members; the next newcomer is cancelled. */
    static final int QUEUE_MAX = 100;

    /** What the rules ask of the run lifecycle. */
    interface Outcomes {
        /** The member now holds its group: start the run, or the job. */
        void acquired(Member m);

        /** The member left the group without running (pushed out, or the queue was full): it ends cancelled. */
        void evicted(Member m, String annotation);

        /** cancel-in-progress: the running member is cancelled (it leaves the group when it ends). */
        void cancelRunning(Member m, String annotation);
    }

    private final SimStore store;
    private final Map<String, GroupState> groups = new LinkedHashMap<>();
    private Outcomes outcomes;

    GroupRules(SimStore store) {
        this.store = store;
    }

    /** Set once by the engine (the lifecycle is built after the rules). */
    void outcomes(Outcomes o) {
        this.outcomes = o;
    }

    /** The group of that name (case-insensitive); an inactive group takes the newest spelling. */
    GroupState group(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        GroupState g = groups.computeIfAbsent(key, k -> new GroupState(k, name));
        if (!g.active()) g.name = name;
        return g;
    }

    /**
     * A newcomer enters its group. cancel-in-progress: the running member is cancelled and every pending
     * one evicted. queue single: every older pending member is evicted. queue max: appended FIFO, unless
     * 100 are pending, then the newcomer itself is cancelled. Then a free group goes to the next in line.
     */
    void enter(Member m, boolean cancelInProgress) {
        GroupState g = m.group;
        String message = String.format(EVICTION, g.name);
        if (cancelInProgress) {
            if (g.running != null) outcomes.cancelRunning(g.running, message);
            for (Member p : new ArrayList<>(g.pending)) evict(p, message);
            g.pending.add(m);
        } else if (m.queue == QueueMode.SINGLE) {
            for (Member p : new ArrayList<>(g.pending)) evict(p, message);
            g.pending.add(m);
        } else {
            if (g.pending.size() >= QUEUE_MAX) {
                LOG.info("sandbox: group {} has {} pending; newcomer run {} cancelled", g.name, QUEUE_MAX, m.run.id);
                drop(m);
                outcomes.evicted(m, message);
                return;
            }
            g.pending.add(m);
        }
        store.changed();
        release(g);
    }

    /** Gives a free group to its first eligible pending member (FIFO by entry; waiting members are skipped). */
    void release(GroupState g) {
        if (g.running != null) return;
        Member next = null;
        for (Member p : g.pending) {
            if (p.eligible) {
                next = p;
                break;
            }
        }
        if (next == null) return;
        g.pending.remove(next);
        g.running = next;
        g.lastAcquiredAt = store.now();
        store.changed();
        LOG.info("sandbox: group {} acquired by run {}{}", g.name, next.run.id, next.job == null ? "" : " job " + next.job.id);
        outcomes.acquired(next);
    }

    /** The member is done (or gives up its place): it leaves, and the group goes to the next in line. */
    void leave(Member m) {
        GroupState g = m.group;
        drop(m);
        store.changed();
        release(g);
    }

    /** Removes the member from its group and unlinks it from its run or job, without releasing the group. */
    void drop(Member m) {
        GroupState g = m.group;
        if (g.running == m) g.running = null;
        else g.pending.remove(m);
        if (m.job == null) {
            if (m.run.member == m) m.run.member = null;
        } else if (m.job.member == m) {
            m.job.member = null;
        }
    }

    private void evict(Member m, String message) {
        LOG.info("sandbox: run {}{} evicted from group {}", m.run.id, m.job == null ? "" : " job " + m.job.id, m.group.name);
        drop(m);
        outcomes.evicted(m, message);
    }

    // ---------------------------------------------------------------- reads

    /** Active groups (with at least one member), most recently acquired first. */
    List<SimGroup> activeViews() {
        return groups.values().stream().filter(GroupState::active)
                .sorted(Comparator.comparing((GroupState g) -> g.lastAcquiredAt, Comparator.nullsLast(Comparator.reverseOrder())))
                .map(GroupState::view).toList();
    }

    /** An active group by name; empty when it has no member (GitHub answers 404). */
    Optional<SimGroup> activeView(String name) {
        if (name == null) return Optional.empty();
        GroupState g = groups.get(name.toLowerCase(Locale.ROOT));
        return g == null || !g.active() ? Optional.empty() : Optional.of(g.view());
    }

    /** A group by name, empty (no members) when it was never entered. */
    SimGroup viewOrEmpty(String name) {
        GroupState g = groups.get(name.toLowerCase(Locale.ROOT));
        return g == null ? new SimGroup(name, null, List.of()) : g.view();
    }
}
