package dev.baton.watch;

import dev.baton.github.DeclaredGroup;
import dev.baton.github.GitHubException;
import dev.baton.github.GitHubPort;
import dev.baton.github.GroupDetail;
import dev.baton.github.RequestScheduler;
import dev.baton.github.WorkflowCatalog;
import dev.baton.model.ApiMode;
import dev.baton.model.ConcurrencyGroup;
import dev.baton.model.Conclusion;
import dev.baton.model.Event;
import dev.baton.model.Finding;
import dev.baton.model.GroupMember;
import dev.baton.model.GroupSource;
import dev.baton.model.Job;
import dev.baton.model.RateLimit;
import dev.baton.model.RepoRef;
import dev.baton.model.Run;
import dev.baton.model.RunStatus;
import dev.baton.model.Snapshot;
import dev.baton.model.SourceHealth;
import dev.baton.model.StateLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The poll loop: reads GitHub and the lock stores, builds an immutable {@link Snapshot}, diffs it against
 * the previous one into {@link Event}s and evaluates {@link Finding}s. One thread polls, so there is never
 * more than one request in flight per resource; a failing source keeps its last data, is marked stale
 * and retried with backoff while the others go on.
 * <p>
 * Threads: every poll runs on the engine's own thread ("baton-watch"), also one a caller asks for with
 * {@link #pollOnce()}, so the poll state needs no lock and no monitor is ever held across I/O: a frontend
 * reading {@link #latest()} or {@link #recentEvents} never waits for a slow GitHub, and {@link #close()}
 * cannot deadlock with a poll that calls back into the topology. close() waits at most {@link #CLOSE_DEADLINE}.
 */
public final class WatchEngine implements SnapshotFeed, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WatchEngine.class);
    private static final Duration CATALOG_REFRESH = Duration.ofMinutes(10);
    /** First wait before a partial layout is read again; doubles up to the catalog refresh. */
    static final Duration LAYOUT_RETRY = Duration.ofSeconds(15);
    private static final int EVENT_MEMORY = 2000;
    /** How long close() waits for a poll in flight to end (its requests are interrupted). */
    static final Duration CLOSE_DEADLINE = Duration.ofSeconds(2);

    private final RepoRef repo;
    private final GitHubPort github;
    private final Topology topology;
    private volatile List<LockSource> lockSources = List.of();
    private volatile List<EnvironmentSpec> environments = List.of();
    private volatile List<String> problems = List.of();
    private final List<String> configuredGroups;
    private final WatchSettings settings;
    private final Clock clock;
    private final EventJournal journal;

    private final Map<String, Backoff> health = new LinkedHashMap<>();
    private final Map<String, List<StateLock>> locksBySource = new LinkedHashMap<>();
    private final List<Consumer<Snapshot>> listeners = new CopyOnWriteArrayList<>();
    private final Deque<Event> events = new ArrayDeque<>();
    private final Findings findings;

    // GitHub state carried between polls: touched only on the watch thread
    private volatile WorkflowCatalog catalog = new WorkflowCatalog(Map.of());
    private Instant catalogLoadedAt;
    /** When a partial layout (a backend folder unread) is read again, and the wait after that; null: complete. */
    private Instant layoutRetryAt;
    private Duration layoutRetryDelay = LAYOUT_RETRY;
    private ApiMode mode = ApiMode.UNKNOWN;
    private List<Run> runs = List.of();
    private List<ConcurrencyGroup> activeGroups = List.of();
    /** run id -> group it was last seen pending in: a later cancellation of it is an eviction. */
    private final Map<Long, String> seenPending = new HashMap<>();
    /** finding identity -> when it was first seen, for the findings of the latest poll. */
    private final Map<String, Instant> firstSeen = new HashMap<>();
    /** cancelled runs already classified (evicted or not), so each costs at most one jobs request. */
    private final Set<Long> classified = new HashSet<>();

    private volatile Snapshot latest;
    /** Guarded by this; the monitor is held only to create or take these, never across I/O. */
    private ScheduledExecutorService loop;
    private ExecutorService lockPool;
    private boolean ticking;
    private boolean closed;
    private volatile Thread watchThread;
    private boolean prewarmed;

    public WatchEngine(RepoRef repo, GitHubPort github, Topology topology,
                       List<String> configuredGroups, WatchSettings settings, Clock clock, EventJournal journal) {
        this.repo = repo;
        this.github = github;
        this.topology = topology;
        this.configuredGroups = configuredGroups == null ? List.of() : List.copyOf(configuredGroups);
        this.settings = settings;
        this.clock = clock;
        this.journal = journal;
        this.findings = new Findings(settings);
        this.latest = Snapshot.empty(repo);
        if (github != null) {
            health.put("github", new Backoff("github"));
            applyLayout(topology.remembered()); // locks stay in sight while GitHub does not answer
        } else {
            applyLayout(topology.resolve(catalog));
        }
    }

    /** Problems met while resolving the layout (an unreadable backend file, a workflow that does not parse). */
    public List<String> problems() {
        return problems;
    }

    private void resolveLayout(Instant now, boolean freshCatalog) {
        Topology.Layout layout = topology.resolve(catalog);
        applyLayout(layout);
        if (!layout.partial()) {
            layoutRetryAt = null;
            layoutRetryDelay = LAYOUT_RETRY;
            return;
        }
        if (freshCatalog) layoutRetryDelay = LAYOUT_RETRY;
        layoutRetryAt = now.plus(layoutRetryDelay);
        Duration next = layoutRetryDelay.multipliedBy(2);
        layoutRetryDelay = next.compareTo(CATALOG_REFRESH) > 0 ? CATALOG_REFRESH : next;
    }

    private void applyLayout(Topology.Layout layout) {
        environments = layout.environments();
        lockSources = layout.lockSources();
        List<String> all = new ArrayList<>(catalog.errors());
        all.addAll(layout.problems());
        problems = List.copyOf(all);
        Set<String> names = new HashSet<>();
        for (LockSource s : lockSources) {
            names.add(s.name());
            health.computeIfAbsent(s.name(), Backoff::new);
        }
        health.keySet().removeIf(k -> !k.equals("github") && !names.contains(k));
        locksBySource.keySet().retainAll(names);
    }

    // ---- SnapshotFeed ------------------------------------------------------------------------------

    @Override
    public Snapshot latest() {
        return latest;
    }

    @Override
    public void subscribe(Consumer<Snapshot> listener) {
        listeners.add(listener);
    }

    public void unsubscribe(Consumer<Snapshot> listener) {
        listeners.remove(listener);
    }

    /** Where events are journalled; null when they are not. */
    public java.nio.file.Path journalFile() {
        return journal == null ? null : journal.file();
    }

    @Override
    public List<Event> recentEvents(int max) {
        synchronized (events) {
            List<Event> all = new ArrayList<>(events);
            return all.subList(Math.max(0, all.size() - max), all.size());
        }
    }

    public WorkflowCatalog catalog() {
        return catalog;
    }

    public List<EnvironmentSpec> environments() {
        return environments;
    }

    public GitHubPort github() {
        return github;
    }

    // ---- the loop ----------------------------------------------------------------------------------

    /** Starts polling in the background; the first poll starts at once. */
    public void start() {
        ScheduledExecutorService l;
        synchronized (this) {
            if (ticking || closed) return;
            ticking = true;
            l = loop();
        }
        l.execute(() -> tick(l));
    }

    /** The watch thread's executor, made on first use. Caller holds this. */
    private ScheduledExecutorService loop() {
        if (loop == null) {
            loop = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "baton-watch");
                t.setDaemon(true);
                watchThread = t;
                return t;
            });
        }
        return loop;
    }

    private void tick(ScheduledExecutorService l) {
        try {
            // the loop's own polls go behind the operator's requests; one a command asks for (pollOnce) does not
            RequestScheduler.polling(this::poll);
        } catch (RuntimeException e) {
            LOG.error("poll failed", e); // a bug, not a source error: keep watching regardless
        } finally {
            try {
                if (!l.isShutdown()) l.schedule(() -> tick(l), nextDelay().toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                // closed meanwhile
            }
        }
    }

    /**
     * In a fleet the repository's heat sets the pace (watch/Heat: hot at the refresh interval, warm and cold slower); a spent
     * budget waits for its reset. A low budget is the request scheduler's to pace (github/RequestScheduler).
     */
    Duration nextDelay() {
        Duration interval = settings.byHeat() ? Heat.interval(Heat.of(latest, clock.instant()), settings.interval()) : settings.interval();
        RateLimit rl = github == null ? RateLimit.UNKNOWN : github.rateLimit();
        if (!rl.known() || rl.limit() <= 0) return interval;
        if (rl.remaining() == 0 && rl.reset() != null) {
            Duration untilReset = Duration.between(clock.instant(), rl.reset());
            return untilReset.isNegative() ? interval : untilReset.plusSeconds(1);
        }
        return interval;
    }

    /**
     * Stops polling: a poll in flight is interrupted and waited for at most {@link #CLOSE_DEADLINE}. Never
     * blocks on a poll's monitor (there is none), so any thread may close at any time.
     */
    @Override
    public void close() {
        ScheduledExecutorService l;
        ExecutorService p;
        synchronized (this) {
            closed = true;
            l = loop;
            p = lockPool;
        }
        if (p != null) p.shutdownNow();
        if (l == null) return;
        l.shutdownNow();
        try {
            if (!l.awaitTermination(CLOSE_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("a poll did not end within {} of close; left behind (daemon thread)", CLOSE_DEADLINE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Polls every due source now, on the watch thread (the caller waits for it), and returns the new
     * snapshot, also published to listeners. After close, or when the caller is interrupted, the latest
     * snapshot instead.
     */
    public Snapshot pollOnce() {
        if (Thread.currentThread() == watchThread) return poll();
        java.util.concurrent.Future<Snapshot> f;
        try {
            synchronized (this) {
                if (closed) return latest;
                f = loop().submit(this::poll);
            }
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return latest;
        }
        try {
            return f.get();
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            return latest;
        } catch (java.util.concurrent.CancellationException e) {
            return latest;
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        }
    }

    /** One poll of every due source, on the watch thread. */
    private Snapshot poll() {
        Instant now = clock.instant();
        List<Event> newEvents = new ArrayList<>();
        LockRound round = new LockRound(now);
        if (github != null) pollGitHub(now, newEvents, round);
        newEvents.addAll(round.finish());

        Snapshot previous = latest;
        List<ConcurrencyGroup> groups = mergeGroups();
        List<StateLock> locks = locksBySource.values().stream().flatMap(List::stream).toList();
        List<dev.baton.model.Stage> stages = Stages.compute(environments, runs, groups);
        Map<String, SourceHealth> healthNow = new LinkedHashMap<>();
        health.forEach((k, v) -> healthNow.put(k, v.health()));
        RateLimit rl = github == null ? RateLimit.UNKNOWN : github.rateLimit();

        Map<Long, String> githubEnvironments = githubEnvironments();
        Snapshot draft = new Snapshot(now, repo, mode, rl, runs, groups, locks, stages, List.of(), healthNow, githubEnvironments);
        List<Finding> found = firstSeen(findings.evaluate(draft, environments, seenPendingView(), now), draft, now);
        Snapshot next = new Snapshot(now, repo, mode, rl, runs, groups, locks, stages, found, healthNow, githubEnvironments);

        newEvents.addAll(SnapshotDiff.events(previous, next, seenPendingView()));
        trackPending(next);
        remember(newEvents);
        latest = next;
        for (Consumer<Snapshot> l : listeners) {
            try {
                l.accept(next);
            } catch (RuntimeException e) {
                LOG.warn("snapshot listener failed", e);
            }
        }
        return next;
    }

    /**
     * Each finding keeps the time it was first seen while it stands (same {@link Finding#identity()} poll after
     * poll); one that goes away and comes back is new again. While GitHub is unread the lock verdicts are
     * suspended, not gone, so nothing is forgotten then. Returned in {@link Finding#ORDER}.
     */
    private List<Finding> firstSeen(List<Finding> found, Snapshot draft, Instant now) {
        Map<String, Instant> seen = new HashMap<>();
        List<Finding> out = new ArrayList<>(found.size());
        for (Finding f : found) {
            Instant first = firstSeen.getOrDefault(f.identity(), now);
            seen.putIfAbsent(f.identity(), first);
            out.add(first.equals(f.seenAt()) ? f : f.seenAt(first));
        }
        if (LockOwnership.githubUnknown(draft) != null) firstSeen.forEach(seen::putIfAbsent);
        firstSeen.clear();
        firstSeen.putAll(seen);
        out.sort(Finding.ORDER);
        return out;
    }

    /** Run id -> the GitHub environment its workflow file names for it (`production-auto`), where the file tells. */
    private Map<Long, String> githubEnvironments() {
        Map<Long, String> out = new HashMap<>();
        WorkflowCatalog c = catalog;
        for (Run r : runs) c.resolveEnvironment(r).ifPresent(e -> out.put(r.id(), e));
        return out;
    }

    private Map<Long, String> seenPendingView() {
        return Map.copyOf(seenPending);
    }

    private void pollGitHub(Instant now, List<Event> out, LockRound round) {
        Backoff b = health.get("github");
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
            round.start(); // the layout names the lock sources: read them while GitHub answers the rest
            List<Run> fresh = github.recentRuns(settings.runsPerPage());
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
            if ((e.status() == 403 || e.status() == 429) && github.rateLimit().limitedUntil() != null) {
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

    /** One lock source's poll: its locks (null when not due or failed) and the events it caused. Runs off the engine's thread. */
    private Polled pollLocks(LockSource source, Instant now) {
        Backoff b = health.get(source.name());
        List<Event> out = new ArrayList<>();
        if (!b.due(now)) return new Polled(source.name(), null, out);
        try {
            List<StateLock> locks = source.list();
            if (b.failing()) out.add(new Event(now, Event.Kind.SOURCE_RECOVERED, source.name(), source.name() + " answers again", 0));
            b.ok(now);
            return new Polled(source.name(), locks, out);
        } catch (RuntimeException e) {
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (b.failed(now, msg, settings.interval(), 0)) {
                out.add(new Event(now, Event.Kind.SOURCE_ERROR, source.name(), msg, 0));
            }
            LOG.warn("lock poll of {} failed: {}", source.name(), msg);
            return new Polled(source.name(), null, out);
        }
    }

    private record Polled(String source, List<StateLock> locks, List<Event> events) {
    }

    /**
     * This round's lock polls, each source on its own thread beside GitHub's requests (an S3 client's first
     * request alone costs a few hundred ms of SDK start-up). Started once the layout is known; finish()
     * starts them if GitHub was not polled, waits, and applies the results on the engine's thread.
     */
    private final class LockRound {
        private final Instant now;
        private final List<CompletableFuture<Polled>> polls = new ArrayList<>();
        private boolean started;

        LockRound(Instant now) {
            this.now = now;
        }

        void start() {
            if (started) return;
            started = true;
            for (LockSource source : lockSources) {
                try {
                    polls.add(CompletableFuture.supplyAsync(() -> pollLocks(source, now), lockPool()));
                } catch (java.util.concurrent.RejectedExecutionException closed) {
                    polls.add(CompletableFuture.completedFuture(pollLocks(source, now)));
                }
            }
        }

        List<Event> finish() {
            start();
            List<Event> out = new ArrayList<>();
            for (CompletableFuture<Polled> f : polls) {
                Polled p = f.join(); // pollLocks catches what a source throws
                if (p.locks() != null) locksBySource.put(p.source(), p.locks());
                out.addAll(p.events());
            }
            return out;
        }
    }

    private synchronized ExecutorService lockPool() {
        if (closed) throw new java.util.concurrent.RejectedExecutionException("closed");
        if (lockPool == null) {
            lockPool = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "baton-locks");
                t.setDaemon(true);
                return t;
            });
        }
        return lockPool;
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
    private List<ConcurrencyGroup> mergeGroups() {
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

    private void trackPending(Snapshot next) {
        for (ConcurrencyGroup g : next.groups()) {
            for (GroupMember m : g.members()) {
                if (m.status() == RunStatus.PENDING) seenPending.put(m.runId(), g.name());
            }
        }
        // forget runs that left the window
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

    /**
     * An event from outside the poll (an operator's result or note, issue 13): kept and journalled as the poll's
     * are, and every listener is given the latest snapshot again so that every screen shows it now, not at the next poll.
     */
    public void record(Event e) {
        remember(List.of(e));
        Snapshot now = latest;
        if (now == null) return;
        for (Consumer<Snapshot> l : listeners) {
            try {
                l.accept(now);
            } catch (RuntimeException ex) {
                LOG.warn("snapshot listener failed", ex);
            }
        }
    }

    private void remember(List<Event> fresh) {
        if (fresh.isEmpty()) return;
        synchronized (events) {
            for (Event e : fresh) {
                events.addLast(e);
                if (events.size() > EVENT_MEMORY) events.removeFirst();
            }
        }
        if (journal != null) journal.append(fresh); // file I/O outside the monitor the screen reads under
    }
}
