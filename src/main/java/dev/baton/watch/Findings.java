package dev.baton.watch;

import dev.baton.model.ConcurrencyGroup;
import dev.baton.model.Conclusion;
import dev.baton.model.Finding;
import dev.baton.model.GroupMember;
import dev.baton.model.LockInfo;
import dev.baton.model.LockLocation;
import dev.baton.model.Run;
import dev.baton.model.RunStatus;
import dev.baton.model.Severity;
import dev.baton.model.Snapshot;
import dev.baton.model.StateLock;
import dev.baton.model.Times;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The invariants baton checks on every snapshot, each finding with its evidence: RACE, EVICTED,
 * OUT-OF-ORDER, STALE LOCK, FOREIGN LOCK, SPLIT LOCK, MALFORMED LOCK, and who most likely holds each lock.
 */
public final class Findings {
    /** Clock skew allowed between GitHub's run times and the runner's lock time. */
    static final Duration SKEW = Duration.ofSeconds(30);

    private final WatchSettings settings;

    Findings(WatchSettings settings) {
        this.settings = settings;
    }

    public List<Finding> evaluate(Snapshot s, List<EnvironmentSpec> environments, Map<Long, String> seenPending, Instant now) {
        List<Finding> out = new ArrayList<>();
        races(s, now, out);
        evictions(s, seenPending, now, out);
        outOfOrder(s, environments, now, out);
        locks(s, environments, now, out);
        return out;
    }

    private static void races(Snapshot s, Instant now, List<Finding> out) {
        for (ConcurrencyGroup g : s.groups()) {
            if (g.runningCount() <= 1) continue;
            List<String> evidence = g.members().stream().filter(GroupMember::running)
                    .map(m -> "run " + m.runId() + (m.jobName() == null ? "" : " job " + m.jobName()) + " in_progress").toList();
            out.add(new Finding(Finding.Kind.RACE, Severity.ERROR, g.name(),
                    g.runningCount() + " members of " + g.name() + " in progress at once", evidence, now));
        }
    }

    private void evictions(Snapshot s, Map<Long, String> seenPending, Instant now, List<Finding> out) {
        for (Run r : s.runs()) {
            String group = seenPending.get(r.id());
            if (group == null || r.status() != RunStatus.COMPLETED || r.conclusion() != Conclusion.CANCELLED) continue;
            if (r.updatedAt() != null && Duration.between(r.updatedAt(), now).compareTo(settings.keepEvicted()) > 0) continue;
            Run by = replacement(s, group, r, seenPending);
            if (by == null) continue; // cancelled while pending, but nothing newer arrived: a person cancelled it
            out.add(new Finding(Finding.Kind.EVICTED, Severity.WARNING, group,
                    SnapshotDiff.label(r) + " evicted by " + replacer(by) + "; commit " + r.shortSha() + " was skipped",
                    List.of("run " + r.id() + " was pending in " + group + " and ended cancelled",
                            "run " + by.id() + " (" + SnapshotDiff.label(by) + ", " + by.actor() + ") took the pending slot"
                                    + (deployedNothing(by) ? " and deployed nothing: its jobs' if: was false" : ""),
                            "queue: single keeps one pending member per group; queue: max would have kept both"),
                    now, r.id(), by.id()));
        }
    }

    /** "deploy-auto.yml #4 (ccccccc)", and ", which deployed nothing (its jobs' if: was false)" when it skipped them all. */
    static String replacer(Run by) {
        return SnapshotDiff.label(by) + (deployedNothing(by) ? ", which deployed nothing (its jobs' if: was false)" : "");
    }

    /** A run whose jobs were all skipped by `if:` still takes its group's pending slot, and deploys nothing. */
    static boolean deployedNothing(Run r) {
        return r.status() == RunStatus.COMPLETED && r.conclusion() == Conclusion.SKIPPED;
    }

    /**
     * The newer run that took an evicted run's place: the oldest run created after it that was seen in the
     * group (a member now, or seen pending in it), else of the group's workflows, but never one seen only
     * in other groups (a run of the same workflow dispatched to another environment is not the operator's
     * culprit). A run that skipped all its jobs is never seen in the group, so the workflows still count.
     */
    static Run replacement(Snapshot s, String group, Run evicted, Map<Long, String> seenPending) {
        String key = ConcurrencyGroup.key(group);
        Set<String> workflows = new HashSet<>();
        Map<Long, Set<String>> groupsOf = new HashMap<>();
        for (ConcurrencyGroup g : s.groups()) {
            if (g.key().equals(key)) workflows.addAll(g.workflows());
            for (GroupMember m : g.members()) groupsOf.computeIfAbsent(m.runId(), k -> new HashSet<>()).add(g.key());
        }
        seenPending.forEach((id, g) -> groupsOf.computeIfAbsent(id, k -> new HashSet<>()).add(ConcurrencyGroup.key(g)));
        if (workflows.isEmpty()) workflows.add(evicted.workflowFile());
        return s.runs().stream()
                .filter(r -> r.id() != evicted.id() && ARRIVAL.compare(r, evicted) > 0)
                .filter(r -> {
                    Set<String> in = groupsOf.get(r.id());
                    return in == null ? workflows.contains(r.workflowFile()) : in.contains(key);
                })
                .min(ARRIVAL).orElse(null);
    }

    /**
     * Order of arrival: GitHub's created_at has whole seconds, so rapid dispatches tie; run ids only grow,
     * so they break the tie.
     */
    static final Comparator<Run> ARRIVAL = Comparator.comparing(Run::createdAt, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparingLong(Run::id);

    private void outOfOrder(Snapshot s, List<EnvironmentSpec> environments, Instant now, List<Finding> out) {
        for (EnvironmentSpec env : environments) {
            List<Run> deployed = s.runs().stream()
                    .filter(r -> env.workflows().contains(r.workflowFile()))
                    .filter(r -> r.status() == RunStatus.COMPLETED && r.conclusion() == Conclusion.SUCCESS && r.updatedAt() != null)
                    .sorted(Comparator.comparing(Run::updatedAt)).toList();
            for (int i = 1; i < deployed.size(); i++) {
                Run before = deployed.get(i - 1);
                Run after = deployed.get(i);
                if (Objects.equals(before.headSha(), after.headSha()) || after.createdAt() == null || before.createdAt() == null) continue;
                if (ARRIVAL.compare(after, before) >= 0) continue;
                if (Duration.between(after.updatedAt(), now).compareTo(settings.keepEvicted()) > 0) continue;
                out.add(new Finding(Finding.Kind.OUT_OF_ORDER, Severity.ERROR, env.name(),
                        env.name() + " deployed " + after.shortSha() + " after the newer " + before.shortSha(),
                        List.of(SnapshotDiff.label(before) + " triggered " + Times.clock(before.createdAt()) + ", finished " + Times.clock(before.updatedAt()),
                                SnapshotDiff.label(after) + " triggered " + Times.clock(after.createdAt()) + ", finished " + Times.clock(after.updatedAt())),
                        now, after.id()));
            }
        }
    }

    private void locks(Snapshot s, List<EnvironmentSpec> environments, Instant now, List<Finding> out) {
        String unknown = LockOwnership.githubUnknown(s);
        Map<String, List<StateLock>> byState = new LinkedHashMap<>();
        for (StateLock l : s.locks()) {
            if (l.malformed()) {
                out.add(new Finding(Finding.Kind.MALFORMED_LOCK, Severity.WARNING, l.location().uri(),
                        "lock body is not Terraform LockInfo: " + l.error(), List.of("raw: " + abbreviate(l.rawBody())), now));
                continue;
            }
            byState.computeIfAbsent(l.info().path() == null ? l.location().uri() : l.info().path(), k -> new ArrayList<>()).add(l);
            // without GitHub's runs nobody can tell a held lock from an orphan: no verdict rather than a false STALE
            if (unknown == null) correlate(s, l, LockOwnership.of(s, l, environments), now, out);
        }
        for (var e : byState.entrySet()) {
            Set<String> ids = new HashSet<>();
            Set<LockLocation.Kind> kinds = new HashSet<>();
            for (StateLock l : e.getValue()) {
                ids.add(l.info().id());
                kinds.add(l.location().kind());
            }
            if (kinds.size() > 1 && ids.size() > 1) {
                out.add(new Finding(Finding.Kind.SPLIT_LOCK, Severity.ERROR, e.getKey(),
                        "S3 and DynamoDB locks of " + e.getKey() + " disagree",
                        e.getValue().stream().map(l -> l.location().uri() + " id " + l.info().id()).toList(), now));
            }
        }
    }

    private void correlate(Snapshot s, StateLock lock, LockOwnership owners, Instant now, List<Finding> out) {
        LockInfo info = lock.info();
        String uri = lock.location().uri();
        EnvironmentSpec env = owners.environment();
        Instant created = owners.created();
        List<String> evidence = new ArrayList<>();
        // the time, not an age: evidence is frozen at the poll, and an age in it would disagree with the
        // lock's age shown beside it (measured on the clock now); renderers compute that one age
        evidence.add("created " + (created == null ? "at an unknown time" : Times.clock(created))
                + " by " + info.who() + ", " + info.operation());
        List<Run> own = owners.own();
        List<Run> other = owners.other();
        String envName = env == null ? "its environment" : env.name();
        boolean tooOld = created != null && Duration.between(created, now).compareTo(settings.staleAfter()) > 0;
        if (!own.isEmpty() && !tooOld) {
            Run holder = owners.holder();
            String group = owners.holderGroup();
            out.add(new Finding(Finding.Kind.LOCK_HELD, Severity.INFO, uri, "held by run #" + holder.runNumber() + " (" + holder.workflowFile() + ")",
                    List.of(SnapshotDiff.label(holder) + " in progress since " + Times.clock(Stages.started(holder))
                            + (group == null ? "" : ", running in " + group)), now, holder.id()));
            return;
        }
        List<Run> alive = s.runs().stream().filter(r -> r.alive() && (env == null || env.workflows().contains(r.workflowFile()))).toList();
        if (tooOld) evidence.add("older than " + Times.duration(settings.staleAfter()) + ", the stale threshold");
        if (own.isEmpty()) evidence.add("no run of " + envName + " that started before the lock is in progress");
        alive.forEach(r -> evidence.add(SnapshotDiff.label(r) + " is " + r.status().api() + (r.status() == RunStatus.PENDING ? " (waiting for this lock's group)" : "")));
        s.runs().stream().filter(r -> env != null && env.workflows().contains(r.workflowFile()) && !r.alive())
                .filter(r -> r.updatedAt() != null && created != null && !r.updatedAt().isBefore(created))
                .min(Comparator.comparing(Run::updatedAt))
                .ifPresent(r -> evidence.add("last run that could have taken it: " + SnapshotDiff.label(r) + " ended "
                        + r.conclusion().api() + " at " + Times.clock(r.updatedAt())));
        if (!other.isEmpty() && !tooOld) {
            other.forEach(r -> evidence.add(SnapshotDiff.label(r) + " of another environment is in progress"));
            out.add(new Finding(Finding.Kind.FOREIGN_LOCK, Severity.WARNING, uri,
                    "held while only another environment's run is active", evidence, now));
            return;
        }
        out.add(new Finding(Finding.Kind.STALE_LOCK, Severity.WARNING, uri,
                "no live run of " + envName + " can own this lock", evidence, now));
    }

    private static String abbreviate(String s) {
        if (s == null) return "";
        String one = s.replace('\n', ' ');
        return one.length() > 80 ? one.substring(0, 80) + "..." : one;
    }
}
