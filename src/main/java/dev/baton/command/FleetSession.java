package dev.baton.command;

import dev.baton.model.Event;
import dev.baton.model.Snapshot;
import dev.baton.render.FleetRender;
import dev.baton.watch.SnapshotFeed;
import dev.baton.watch.WatchEngine;
import org.jline.reader.Completer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * One screen's view of the fleet: what it shows (every repository, or one of them) and where its commands go.
 * As a {@link SnapshotFeed} it serves the shown repository's snapshots and events (the fleet view: every
 * repository's events, each named); as a {@link CommandRunner} it runs a command line or a key's request on
 * the shown repository's {@link Commands} (one per repository, all on this frontend's IO), so an unlock in a
 * repository's split view acts on that repository. Rows are worked out on the engines' threads, never the screen's.
 */
public final class FleetSession implements SnapshotFeed, CommandRunner, FleetControls {
    private final Fleet fleet;
    private final Commands root;
    private final Map<Baton, Commands> commands = new ConcurrentHashMap<>();
    private final Map<Commands, Completer> completers = new ConcurrentHashMap<>();
    private final Map<Fleet.Member, FleetRender.Repo> repos = new ConcurrentHashMap<>();
    private final List<Consumer<Snapshot>> listeners = new CopyOnWriteArrayList<>();
    private final Map<Fleet.Member, Consumer<Snapshot>> subscribed = new ConcurrentHashMap<>();
    private volatile List<Fleet.Member> members = List.of();
    private volatile Fleet.Member shown; // null: the fleet view
    private volatile boolean closed;

    public FleetSession(Commands root) {
        this(root, root.baton().fleet());
    }

    /** Over a fleet of its own (tests whose directory holds the judging back). */
    FleetSession(Commands root, Fleet fleet) {
        this.root = root;
        this.fleet = fleet;
        commands.put(root.baton(), root);
    }

    /**
     * Lists the members (an org's listing takes a few requests: never on the screen's thread) and starts the engines
     * of those whose workflows were read; takes them again as the fleet judges the others (a frame shows every name
     * from the start), and every {@link #ADOPT_EVERY} on a daemon thread, so that an org's repositories found by its
     * hourly discovery join the screen.
     */
    public void start() {
        java.util.concurrent.ScheduledExecutorService again = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "baton-fleet-members");
            t.setDaemon(true);
            return t;
        });
        adopter = again;
        fleet.onChange(onJudged);
        adopt();
        again.scheduleWithFixedDelay(() -> {
            try {
                adopt();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(FleetSession.class).warn("fleet members: {}", e.toString());
            }
        }, ADOPT_EVERY.toMillis(), ADOPT_EVERY.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** How often the screen asks the fleet for its members (the fleet lists an org again only once an hour). */
    static final java.time.Duration ADOPT_EVERY = java.time.Duration.ofMinutes(5);
    private volatile java.util.concurrent.ScheduledExecutorService adopter;

    /**
     * Takes the fleet's members as they are now: every name at once (an org's repositories before their judgement,
     * each row saying so), judged ones subscribed to and started; one judged irrelevant leaves the rows.
     */
    void adopt() {
        if (closed) return;
        List<Fleet.Member> all = fleet.members();
        members = all;
        repos.keySet().retainAll(all);
        for (Fleet.Member m : all) {
            FleetRender.Workflows w = fleet.workflows(m);
            if (w != FleetRender.Workflows.READ) {
                repos.put(m, new FleetRender.Repo(m.label(), null, fleet.unreadable(m), false, w));
                continue;
            }
            FleetRender.Repo before = repos.get(m);
            if (before == null || before.workflows() != FleetRender.Workflows.READ) {
                repos.put(m, new FleetRender.Repo(m.label(), null, null, false));
                // opened by name before its judgement: already polled, and a cold repository polls again only in a minute
                if (subscribed.containsKey(m) && m.baton().engine().latest().takenAt() != null) polled(m);
            }
            subscribe(m);
        }
        for (Consumer<Snapshot> l : listeners) l.accept(latest()); // the names first, then the reads behind them
        fleet.startWatching();
    }

    /** Follows a member's engine (once): its polls update its row. */
    private void subscribe(Fleet.Member m) {
        WatchEngine e = m.baton().engine();
        Consumer<Snapshot> l = s -> polled(m);
        if (closed || subscribed.putIfAbsent(m, l) != null) return;
        e.subscribe(l);
        if (e.latest().takenAt() != null) polled(m); // polled before this screen subscribed
    }

    private final Runnable onJudged = this::judged;
    private final java.util.concurrent.atomic.AtomicBoolean adoptDue = new java.util.concurrent.atomic.AtomicBoolean();

    /** A judgement arrived: the members are taken again shortly, once for a burst of judgements (not once each). */
    private void judged() {
        var a = adopter;
        if (closed || a == null || !adoptDue.compareAndSet(false, true)) return;
        try {
            a.schedule(() -> {
                adoptDue.set(false);
                try {
                    adopt();
                } catch (RuntimeException e) {
                    org.slf4j.LoggerFactory.getLogger(FleetSession.class).warn("fleet members: {}", e.toString());
                }
            }, JUDGED_BATCH.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            adoptDue.set(false); // closed
        }
    }

    /** How long judgements gather before the rows are taken again (a frame's worth: the rows fill in as they come). */
    static final java.time.Duration JUDGED_BATCH = java.time.Duration.ofMillis(250);

    @Override
    public FleetRender.Judging judging() {
        return fleet.judging();
    }

    private void polled(Fleet.Member m) {
        Fleet.Look look = fleet.latest(m); // on the member's poll thread: an access check may ask GitHub once
        if (!members.contains(m)) return;
        repos.put(m, new FleetRender.Repo(m.label(), look.snapshot(), look.error(), look.denied(), fleet.workflows(m)));
        Fleet.Member now = shown;
        if (now == null || now.equals(m)) for (Consumer<Snapshot> l : listeners) l.accept(latest());
    }

    /** The screen is gone: its listeners leave the engines (they outlive it under baton serve). */
    public void close() {
        closed = true;
        fleet.removeOnChange(onJudged);
        var a = adopter;
        if (a != null) a.shutdownNow();
        subscribed.forEach((m, l) -> m.baton().engine().unsubscribe(l));
        subscribed.clear();
        listeners.clear();
    }

    /** Every repository's row as last polled, in members' order (FleetRender sorts them). */
    @Override
    public List<FleetRender.Repo> repos() {
        List<FleetRender.Repo> out = new ArrayList<>();
        for (Fleet.Member m : members) out.add(repos.getOrDefault(m, new FleetRender.Repo(m.label(), null, null, false)));
        return out;
    }

    /** The shown repository's name, or null in the fleet view. */
    @Override
    public String shown() {
        Fleet.Member m = shown;
        return m == null ? null : m.label();
    }

    /** Shows one repository (its split view); null, or a name no member has, returns an error line and changes nothing. */
    @Override
    public String show(String name) {
        Fleet.Member m = name == null ? null : members.stream().filter(x -> x.label().equalsIgnoreCase(name)).findFirst()
                .orElseGet(() -> fleet.find(name).filter(members::contains).orElse(null));
        if (m == null) {
            return "no repository '" + name + "' in the fleet" + Names.didYouMean(name == null ? "" : name, names(), "");
        }
        shown = m;
        if (fleet.workflows(m) == FleetRender.Workflows.QUEUED || fleet.workflows(m) == FleetRender.Workflows.READING) {
            subscribe(m); // asked for by name before its judgement: watched now (its row still says not judged)
            m.baton().startWatching();
        }
        for (Consumer<Snapshot> l : listeners) l.accept(latest());
        return null;
    }

    /** Back to every repository. */
    @Override
    public void showFleet() {
        shown = null;
        for (Consumer<Snapshot> l : listeners) l.accept(latest());
    }

    /** The Baton of the repository shown (the fleet view: the root's), for what the screen fetches itself (job logs). */
    public Baton shownBaton() {
        Fleet.Member m = shown;
        return m == null ? root.baton() : m.baton();
    }

    @Override
    public List<String> names() {
        return members.stream().map(Fleet.Member::label).toList();
    }

    private Commands current() {
        Fleet.Member m = shown;
        return m == null ? root : commands.computeIfAbsent(m.baton(), b -> new Commands(b, root.io()));
    }

    // ---- feed --------------------------------------------------------------------------------------------

    /** The shown repository's snapshot; in the fleet view the most urgent repository's (what the header reads). */
    @Override
    public Snapshot latest() {
        Fleet.Member m = shown;
        if (m != null) return m.baton().engine().latest();
        List<FleetRender.FleetRow> rows = FleetRender.rows(repos());
        Snapshot first = null;
        List<dev.baton.model.Finding> findings = new ArrayList<>();
        for (FleetRender.FleetRow r : rows) {
            Snapshot s = r.repo().snapshot();
            if (s == null) continue;
            if (first == null) first = s;
            for (dev.baton.model.Finding f : s.findings()) findings.add(FleetRender.named(r.repo().label(), f));
        }
        if (first == null) return Snapshot.empty(new dev.baton.model.RepoRef("-", "-")); // nothing polled yet: nothing built here
        // the fleet view's Events pane lists every repository's findings, each named; the rest is the most urgent one's
        return new Snapshot(first.takenAt(), first.repo(), first.mode(), first.rateLimit(), first.runs(), first.groups(), first.locks(),
                first.stages(), findings, first.health(), first.environments());
    }

    @Override
    public void subscribe(Consumer<Snapshot> listener) {
        if (!closed) listeners.add(listener);
    }

    /** The shown repository's events; in the fleet view every repository's, each subject named by its repository. */
    @Override
    public List<Event> recentEvents(int max) {
        Fleet.Member m = shown;
        if (m != null) return m.baton().engine().recentEvents(max);
        List<Event> all = new ArrayList<>();
        for (Fleet.Member x : members) {
            for (Event e : x.baton().engine().recentEvents(max)) all.add(FleetRender.named(x.label(), e));
        }
        all.sort(Comparator.comparing(Event::at, Comparator.nullsFirst(Comparator.naturalOrder())));
        return all.size() <= max ? all : List.copyOf(all.subList(all.size() - max, all.size()));
    }

    // ---- commands ----------------------------------------------------------------------------------------

    @Override
    public Result run(String line) {
        return current().run(line);
    }

    @Override
    public Result invoke(Request request) {
        return current().invoke(request);
    }

    @Override
    public String help() {
        return root.help();
    }

    @Override
    public Completer completer() {
        return (reader, line, candidates) -> completers.computeIfAbsent(current(), Commands::completer).complete(reader, line, candidates);
    }

    @Override
    public boolean readOnly() {
        return root.readOnly();
    }

    @Override
    public void onStream(Consumer<String> sink) {
        root.onStream(sink);
    }

    @Override
    public void onMark(java.util.function.LongConsumer sink) {
        root.onMark(sink);
    }

    @Override
    public void controls(FrontendControls c) {
        root.controls(c);
    }
}
