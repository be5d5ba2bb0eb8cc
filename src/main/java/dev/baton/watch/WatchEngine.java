package dev.baton.watch;

import dev.baton.github.GitHubPort;
import dev.baton.github.RequestScheduler;
import dev.baton.github.WorkflowCatalog;
import dev.baton.model.ApiMode;
import dev.baton.model.ConcurrencyGroup;
import dev.baton.model.Event;
import dev.baton.model.Finding;
import dev.baton.model.RateLimit;
import dev.baton.model.RepoRef;
import dev.baton.model.Run;
import dev.baton.model.Snapshot;
import dev.baton.model.SourceHealth;
import dev.baton.model.StateLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
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
    /** First wait before a partial layout is read again; doubles up to the catalog refresh. */
    static final Duration LAYOUT_RETRY = Duration.ofSeconds(15);
    /** How long close() waits for a poll in flight to end (its requests are interrupted). */
    static final Duration CLOSE_DEADLINE = Duration.ofSeconds(2);

    private final RepoRef repo;
    private final GitHubPort github;
    private final Topology topology;
    private volatile List<LockSource> lockSources = List.of();
    private volatile List<EnvironmentSpec> environments = List.of();
    private volatile List<String> problems = List.of();
    private final WatchSettings settings;
    private final Clock clock;

    private final Map<String, Backoff> health = new LinkedHashMap<>();
    private final Map<String, List<StateLock>> locksBySource = new LinkedHashMap<>();
    private final List<Consumer<Snapshot>> listeners = new CopyOnWriteArrayList<>();
    private final EventMemory events;
    private final Findings findings;
    /** The GitHub side of a poll (catalog, layout refresh, runs, groups, evictions): touched only on the watch thread. */
    private final GitHubPoll gh;
    /** finding identity -> when it was first seen, for the findings of the latest poll. */
    private final Map<String, Instant> firstSeen = new HashMap<>();

    private volatile Snapshot latest;
    /**
     * The time between polls is kept by the timer (the product's: one thread for every engine of the process); a poll
     * runs on the engine's own thread, which ends after {@link #IDLE} without one: a fleet's 300 cold repositories,
     * polled once a minute, kept 300 threads (their stacks and per-thread buffers, ~40 MB) for a few seconds of work a minute.
     */
    private final PollTimer timer;
    static final Duration IDLE = Duration.ofSeconds(10);

    /** Guarded by this; the monitor is held only to create or take these, never across I/O. */
    private ExecutorService loop;
    private PollTimer.Turns turns; // made at start
    private ExecutorService lockPool;
    private boolean ticking;
    private boolean closed;
    private volatile Thread watchThread;

    public WatchEngine(RepoRef repo, GitHubPort github, Topology topology,
                       List<String> configuredGroups, WatchSettings settings, Clock clock, EventJournal journal) {
        this(repo, github, topology, configuredGroups, settings, clock, journal, PollTimer.SHARED);
    }

    /** timer: how the time between polls is kept ({@link PollTimer#SHARED}, or a test's on its manual clock). */
    public WatchEngine(RepoRef repo, GitHubPort github, Topology topology, List<String> configuredGroups, WatchSettings settings,
                       Clock clock, EventJournal journal, PollTimer timer) {
        this.timer = timer;
        this.repo = repo;
        this.github = github;
        this.topology = topology;
        this.settings = settings;
        this.clock = clock;
        this.events = new EventMemory(journal);
        this.findings = new Findings(settings);
        this.gh = new GitHubPoll(github, topology, configuredGroups == null ? List.of() : List.copyOf(configuredGroups), settings, this::applyLayout);
        this.latest = Snapshot.empty(repo);
        if (github != null) {
            health.put("github", new Backoff("github"));
            applyLayout(topology.remembered()); // locks stay in sight while GitHub does not answer
        } else {
            applyLayout(topology.resolve(gh.catalog()));
        }
    }

    /** Problems met while resolving the layout (an unreadable backend file, a workflow that does not parse). */
    public List<String> problems() {
        return problems;
    }

    private void applyLayout(Topology.Layout layout) {
        environments = layout.environments();
        lockSources = layout.lockSources();
        List<String> all = new ArrayList<>(gh.catalog().errors());
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
        return events.journalFile();
    }

    @Override
    public List<Event> recentEvents(int max) {
        return events.recent(max);
    }

    public WorkflowCatalog catalog() {
        return gh.catalog();
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
        ExecutorService l;
        synchronized (this) {
            if (ticking || closed) return;
            ticking = true;
            turns = timer.turns();
            l = loop();
        }
        l.execute(() -> tick(l));
    }

    /** The watch thread's executor (one thread at most, made when a poll comes, gone when idle), made on first use. Caller holds this. */
    private ExecutorService loop() {
        if (loop == null) {
            java.util.concurrent.ThreadPoolExecutor one = new java.util.concurrent.ThreadPoolExecutor(1, 1, IDLE.toMillis(), TimeUnit.MILLISECONDS,
                    new java.util.concurrent.LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "baton-watch");
                t.setDaemon(true);
                watchThread = t; // at most one at a time: the pool's only thread
                return t;
            });
            one.allowCoreThreadTimeOut(true);
            loop = one;
        }
        return loop;
    }

    private void tick(ExecutorService l) {
        try {
            // the loop's own polls go behind the operator's requests, in a fleet by heat; one a command asks for (pollOnce) does not
            RequestScheduler.polling(priority(), this::poll);
        } catch (RuntimeException e) {
            LOG.error("poll failed", e); // a bug, not a source error: keep watching regardless
        } finally {
            Duration delay = nextDelay();
            synchronized (this) {
                if (!closed && !l.isShutdown()) turns.next(() -> {
                    try {
                        l.execute(() -> tick(l));
                    } catch (java.util.concurrent.RejectedExecutionException closing) {
                        // closed meanwhile
                    }
                }, delay);
            }
        }
    }

    /** The loop's polls: in a fleet by the repository's heat (a hot one's poll goes before cold ones when the budget is short). */
    RequestScheduler.Priority priority() {
        if (!settings.byHeat()) return RequestScheduler.Priority.POLL;
        return switch (Heat.of(latest, clock.instant())) {
            case HOT -> RequestScheduler.Priority.HOT;
            case WARM -> RequestScheduler.Priority.WARM;
            case COLD -> RequestScheduler.Priority.COLD;
        };
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
        ExecutorService l;
        ExecutorService p;
        synchronized (this) {
            closed = true;
            l = loop;
            p = lockPool;
            if (turns != null) turns.close();
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
        LockRound round = new LockRound(now, () -> lockSources, health, settings.interval(), this::lockPool);
        if (github != null) gh.poll(now, health.get("github"), newEvents, round::start, Heat.of(latest, now) == Heat.Level.HOT);
        newEvents.addAll(round.finish(locksBySource));

        Snapshot previous = latest;
        List<ConcurrencyGroup> groups = gh.mergeGroups();
        List<Run> runs = gh.runs();
        ApiMode mode = gh.mode();
        List<StateLock> locks = locksBySource.values().stream().flatMap(List::stream).toList();
        List<dev.baton.model.Stage> stages = Stages.compute(environments, runs, groups);
        Map<String, SourceHealth> healthNow = new LinkedHashMap<>();
        health.forEach((k, v) -> healthNow.put(k, v.health()));
        RateLimit rl = github == null ? RateLimit.UNKNOWN : github.rateLimit();
        Duration held = github == null ? null : github.heldFor();
        if (held != null) rl = rl.limitedUntil(now.plus(held)); // on the data's clock, as every other time shown

        Map<Long, String> githubEnvironments = gh.githubEnvironments();
        Snapshot draft = new Snapshot(now, repo, mode, rl, runs, groups, locks, stages, List.of(), healthNow, githubEnvironments);
        List<Finding> found = firstSeen(findings.evaluate(draft, environments, gh.seenPending(), now), draft, now);
        Snapshot next = new Snapshot(now, repo, mode, rl, runs, groups, locks, stages, found, healthNow, githubEnvironments);

        newEvents.addAll(SnapshotDiff.events(previous, next, gh.seenPending()));
        gh.trackPending(next);
        events.remember(newEvents);
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

    private synchronized ExecutorService lockPool() {
        if (closed) throw new java.util.concurrent.RejectedExecutionException("closed");
        if (lockPool == null) {
            // threads end after IDLE, as the poll thread's: a cold repository's lock reads come once a minute
            lockPool = new java.util.concurrent.ThreadPoolExecutor(0, Integer.MAX_VALUE, IDLE.toMillis(), TimeUnit.MILLISECONDS,
                    new java.util.concurrent.SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "baton-locks");
                t.setDaemon(true);
                return t;
            });
        }
        return lockPool;
    }

    /**
     * An event from outside the poll (an operator's result or note, issue 13): kept and journalled as the poll's
     * are, and every listener is given the latest snapshot again so that every screen shows it now, not at the next poll.
     */
    public void record(Event e) {
        events.remember(List.of(e));
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
}
