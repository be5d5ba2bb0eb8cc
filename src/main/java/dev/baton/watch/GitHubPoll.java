package dev.baton.watch;

import dev.baton.github.DeclaredGroup;
import dev.baton.github.GitHubException;
import dev.baton.github.GitHubPort;
import dev.baton.github.GroupDetail;
import dev.baton.github.WorkflowCatalog;
import dev.baton.model.ApiMode;
import dev.baton.model.ConcurrencyGroup;
import dev.baton.model.Conclusion;
import dev.baton.model.Event;
import dev.baton.model.GroupMember;
import dev.baton.model.GroupSource;
import dev.baton.model.Job;
import dev.baton.model.Run;
import dev.baton.model.RunStatus;
import dev.baton.model.Snapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The GitHub side of {@link WatchEngine}'s poll: the workflow catalog and the layout it names (refreshed, a partial
 * one read again with backoff), recent runs, concurrency groups (from the API, else from the workflow files) and the
 * classification of cancelled runs as evicted. Its state is carried between polls and touched only on the watch
 * thread, except {@link #catalog()} (volatile) which frontends read.
 */
final class GitHubPoll {
    private static final Logger LOG = LoggerFactory.getLogger(WatchEngine.class);
    static final Duration CATALOG_REFRESH = Duration.ofMinutes(10);

    private final GitHubPort github;
    private final Topology topology;
    private final List<String> configuredGroups;
    private final WatchSettings settings;
    /** Applies a freshly resolved layout to the engine (environments, lock sources, problems). */
    private final Consumer<Topology.Layout> applyLayout;

    private volatile WorkflowCatalog catalog = new WorkflowCatalog(Map.of());
    private Instant catalogLoadedAt;
    /** When a partial layout (a backend folder unread) is read again, and the wait after that; null: complete. */
    private Instant layoutRetryAt;
    private Duration layoutRetryDelay = WatchEngine.LAYOUT_RETRY;
    private ApiMode mode = ApiMode.UNKNOWN;
    private List<Run> runs = List.of();
    private List<ConcurrencyGroup> activeGroups = List.of();
    /** run id -> group it was last seen pending in: a later cancellation of it is an eviction. */
    private final Map<Long, String> seenPending = new HashMap<>();
    /** cancelled runs already classified (evicted or not), so each costs at most one jobs request. */
    private final Set<Long> classified = new HashSet<>();
    private boolean prewarmed;

    GitHubPoll(GitHubPort github, Topology topology, List<String> configuredGroups, WatchSettings settings,
               Consumer<Topology.Layout> applyLayout) {
        this.github = github;
        this.topology = topology;
        this.configuredGroups = configuredGroups;
        this.settings = settings;
        this.applyLayout = applyLayout;
    }

    WorkflowCatalog catalog() {
        return catalog;
    }

    ApiMode mode() {
        return mode;
    }

    List<Run> runs() {
        return runs;
    }

    Map<Long, String> seenPending() {
        return Map.copyOf(seenPending);
    }

    /**
     * Reads GitHub when its backoff says so; startLocks is called once the layout is known (the lock sources
     * are read while GitHub answers the rest). Events of the source's health go to out. hot: the repository's heat
     * as of the last snapshot (watch/Heat); in a fleet a repository that is not hot reads its groups only when its
     * runs listing changed.
     */
    void poll(Instant now, Backoff b, List<Event> out, Runnable startLocks, boolean hot) {
        if (!b.due(now)) return;
        try {
            if (catalogLoadedAt == null || Duration.between(catalogLoadedAt, now).compareTo(CATALOG_REFRESH) > 0) {
                if (!prewarmed) {
                    prewarmed = true;
                    topology.prewarm(); // the lock stores' clients build while GitHub answers the catalog
                }
                catalog = WorkflowCatalog.load(github);
                resolveLayout(now, true);
                catalogLoadedAt = now;
            } else if (layoutRetryAt != null && !now.isBefore(layoutRetryAt)) {
                resolveLayout(now, false);
            }
            startLocks.run();
            List<Run> fresh = github.recentRuns(settings.runsPerPage());
            if (settings.byHeat() && !hot && mode != ApiMode.UNKNOWN && fresh.equals(runs)) {
                // a quiet fleet repository: its runs listing unchanged (a free 304 on the wire), so are its groups; one
                // request a poll instead of two or three keeps 300 cold repositories' polls well inside 900 points a minute
                if (b.failing()) out.add(new Event(now, Event.Kind.SOURCE_RECOVERED, "github", "github answers again", 0));
                b.ok(now);
                return;
            }
            List<ConcurrencyGroup> groups;
            Optional<List<String>> names = mode == ApiMode.WORKFLOW_FILES ? Optional.empty() : github.activeGroupNames();
            if (names.isPresent()) {
                mode = ApiMode.CONCURRENCY_API;
                groups = new ArrayList<>();
                for (String name : names.get()) {
                    Optional<GroupDetail> d = github.group(name);
                    d.ifPresent(g -> groups.add(new ConcurrencyGroup(g.name(), g.members(), null, GroupSource.API, false,
                            workflowsOf(g.name()))));
                }
            } else {
                mode = ApiMode.WORKFLOW_FILES;
                groups = groupsFromRuns(fresh);
            }
            runs = fresh;
            activeGroups = groups;
            classifyCancelled(fresh, now);
            if (b.failing()) out.add(new Event(now, Event.Kind.SOURCE_RECOVERED, "github", "github answers again", 0));
            b.ok(now);
        } catch (GitHubException e) {
            if ((e.status() == 403 || e.status() == 429) && github.heldFor() != null) {
                // (hub4j's own answer to a 429 drops its retry-after: the scheduler's hold is what tells)
                // GitHub's limits hold requests: no failure of the source; the snapshot's rate limit says until when
                LOG.info("github poll held: {}", e.getMessage());
                return;
            }
            if (b.failed(now, e.getMessage(), settings.interval(), e.retryAfterSeconds())) {
                out.add(new Event(now, Event.Kind.SOURCE_ERROR, "github", e.getMessage(), 0));
            }
            LOG.warn("github poll failed: {}", e.getMessage());
        }
    }

    private void resolveLayout(Instant now, boolean freshCatalog) {
        Topology.Layout layout = topology.resolve(catalog);
        applyLayout.accept(layout);
        if (!layout.partial()) {
            layoutRetryAt = null;
            layoutRetryDelay = WatchEngine.LAYOUT_RETRY;
            return;
        }
        if (freshCatalog) layoutRetryDelay = WatchEngine.LAYOUT_RETRY;
        layoutRetryAt = now.plus(layoutRetryDelay);
        Duration next = layoutRetryDelay.multipliedBy(2);
        layoutRetryDelay = next.compareTo(CATALOG_REFRESH) > 0 ? CATALOG_REFRESH : next;
    }

    /** Run id -> the GitHub environment its workflow file names for it (`production-auto`), where the file tells. */
    Map<Long, String> githubEnvironments() {
        Map<Long, String> out = new HashMap<>();
        WorkflowCatalog c = catalog;
        for (Run r : runs) c.resolveEnvironment(r).ifPresent(e -> out.put(r.id(), e));
        return out;
    }

    /** Without the concurrency-groups API: group alive runs by the workflow-level group their files declare. */
    private List<ConcurrencyGroup> groupsFromRuns(List<Run> fresh) {
        Map<String, List<Run>> byGroup = new LinkedHashMap<>();
        Map<String, String> display = new HashMap<>();
        List<Run> oldestFirst = fresh.stream().filter(Run::alive)
                .sorted(Findings.ARRIVAL).toList();
        for (Run r : oldestFirst) {
            catalog.resolveWorkflowGroup(r).ifPresent(g -> {
                byGroup.computeIfAbsent(ConcurrencyGroup.key(g), k -> new ArrayList<>()).add(r);
                display.putIfAbsent(ConcurrencyGroup.key(g), g);
            });
        }
        List<ConcurrencyGroup> out = new ArrayList<>();
        byGroup.forEach((key, members) -> {
            List<GroupMember> ms = new ArrayList<>();
            int pos = 0;
            for (Run r : members) {
                boolean running = r.status() == RunStatus.IN_PROGRESS || r.status() == RunStatus.WAITING;
                ms.add(new GroupMember(r.id(), r.workflowName(), null, null,
                        running ? RunStatus.IN_PROGRESS : RunStatus.PENDING, running ? 0 : ++pos));
            }
            out.add(new ConcurrencyGroup(display.get(key), ms, null, GroupSource.WORKFLOW_FILES, false, workflowsOf(display.get(key))));
        });
        return out;
    }

    /** Active groups, then idle ones the workflow files and configuration declare (patterns kept as such). */
    List<ConcurrencyGroup> mergeGroups() {
        Map<String, ConcurrencyGroup> byKey = new LinkedHashMap<>();
        for (ConcurrencyGroup g : activeGroups) byKey.put(g.key(), g);
        for (DeclaredGroup d : catalog.declaredGroups()) {
            String key = ConcurrencyGroup.key(d.name());
            if (!byKey.containsKey(key)) {
                byKey.put(key, new ConcurrencyGroup(d.name(), List.of(), null, GroupSource.WORKFLOW_FILES, d.pattern(),
                        workflowsOf(d.name())));
            }
        }
        for (String name : configuredGroups) {
            byKey.putIfAbsent(ConcurrencyGroup.key(name), new ConcurrencyGroup(name, List.of(), null, GroupSource.CONFIG, false, List.of()));
        }
        return List.copyOf(byKey.values());
    }

    private List<String> workflowsOf(String groupName) {
        String key = groupName.toLowerCase(Locale.ROOT);
        return catalog.declaredGroups().stream()
                .filter(d -> d.name().toLowerCase(Locale.ROOT).equals(key))
                .map(DeclaredGroup::workflowFile).distinct().toList();
    }

    /** Remembers the runs pending in the published snapshot; forgets runs that left the window. */
    void trackPending(Snapshot next) {
        for (ConcurrencyGroup g : next.groups()) {
            for (GroupMember m : g.members()) {
                if (m.status() == RunStatus.PENDING) seenPending.put(m.runId(), g.name());
            }
        }
        Set<Long> visible = new HashSet<>();
        for (Run r : next.runs()) visible.add(r.id());
        seenPending.keySet().retainAll(visible);
        classified.retainAll(visible);
    }

    /**
     * A cancelled run never seen pending may still have been evicted between two polls: GitHub ends an
     * evicted workflow-level member with zero jobs, and an evicted job with an annotation. Look once.
     */
    private void classifyCancelled(List<Run> fresh, Instant now) {
        for (Run r : fresh) {
            if (r.status() != RunStatus.COMPLETED || r.conclusion() != Conclusion.CANCELLED) continue;
            if (!classified.add(r.id()) || seenPending.containsKey(r.id())) continue;
            if (r.updatedAt() != null && Duration.between(r.updatedAt(), now).compareTo(settings.keepEvicted()) > 0) continue;
            try {
                List<Job> jobs = github.jobs(r.id());
                String group = null;
                if (jobs.isEmpty()) {
                    group = catalog.resolveWorkflowGroup(r).orElse(null);
                } else {
                    for (Job j : jobs) {
                        if (j.conclusion() != Conclusion.CANCELLED || j.checkRunUrl() == null) continue;
                        for (String a : github.annotations(checkRunId(j.checkRunUrl()))) {
                            String parsed = EvictionNotice.group(a);
                            if (parsed != null) group = parsed;
                        }
                    }
                }
                if (group != null) seenPending.put(r.id(), group);
            } catch (GitHubException | NumberFormatException e) {
                LOG.debug("cannot classify cancelled run {}: {}", r.id(), e.getMessage());
            }
        }
    }

    static long checkRunId(String checkRunUrl) {
        return Long.parseLong(checkRunUrl.substring(checkRunUrl.lastIndexOf('/') + 1));
    }
}
