package dev.baton.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything baton knows at one instant. Immutable; frontends render it, the watch engine diffs two.
 * environments: run id -> the GitHub environment its jobs name (`production-auto`), where the workflow file tells.
 */
public record Snapshot(Instant takenAt, RepoRef repo, ApiMode mode, RateLimit rateLimit,
                       List<Run> runs, List<ConcurrencyGroup> groups, List<StateLock> locks,
                       List<Stage> stages, List<Finding> findings, Map<String, SourceHealth> health,
                       Map<Long, String> environments) {
    public Snapshot {
        runs = runs == null ? List.of() : List.copyOf(runs);
        groups = groups == null ? List.of() : List.copyOf(groups);
        locks = locks == null ? List.of() : List.copyOf(locks);
        stages = stages == null ? List.of() : List.copyOf(stages);
        findings = findings == null ? List.of() : List.copyOf(findings);
        health = health == null ? Map.of() : Map.copyOf(health);
        environments = environments == null ? Map.of() : Map.copyOf(environments);
    }

    public Snapshot(Instant takenAt, RepoRef repo, ApiMode mode, RateLimit rateLimit, List<Run> runs, List<ConcurrencyGroup> groups,
                    List<StateLock> locks, List<Stage> stages, List<Finding> findings, Map<String, SourceHealth> health) {
        this(takenAt, repo, mode, rateLimit, runs, groups, locks, stages, findings, health, Map.of());
    }

    /** The GitHub environment the run's jobs name, if known. */
    public java.util.Optional<String> environment(long runId) {
        return java.util.Optional.ofNullable(environments.get(runId));
    }

    /**
     * How old the data on show is: when the least fresh source last answered (takenAt while every source
     * answers). Null when a failing source never answered, or before the first poll.
     */
    public Instant dataAsOf() {
        Instant oldest = takenAt;
        for (SourceHealth h : health.values()) {
            if (h.healthy()) continue;
            if (h.lastOk() == null) return null;
            if (oldest == null || h.lastOk().isBefore(oldest)) oldest = h.lastOk();
        }
        return oldest;
    }

    /** The lock sources (every source but GitHub) whose last poll failed: their locks are unknown, not absent. */
    public List<SourceHealth> unreadLockSources() {
        return health.values().stream().filter(h -> !h.healthy() && !h.source().equals("github")).toList();
    }

    public static Snapshot empty(RepoRef repo) {
        return new Snapshot(null, repo, ApiMode.UNKNOWN, RateLimit.UNKNOWN, null, null, null, null, null, null);
    }

    public java.util.Optional<Run> run(long id) {
        return runs.stream().filter(r -> r.id() == id).findFirst();
    }
}
