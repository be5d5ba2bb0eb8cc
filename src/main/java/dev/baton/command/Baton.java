package dev.baton.command;

import dev.baton.github.GitHubApp;
import dev.baton.github.GitHubClient;
import dev.baton.github.GitHubException;
import dev.baton.github.GitHubPort;
import dev.baton.github.GitHubSettings;
import dev.baton.github.RequestScheduler;
import dev.baton.model.RepoRef;
import dev.baton.model.Sleeper;
import dev.baton.model.Snapshot;
import dev.baton.watch.EventJournal;
import dev.baton.watch.PollTimer;
import dev.baton.watch.WatchEngine;
import dev.baton.watch.WatchSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

// Over 400 lines: the composition root names every shared part once (settings, layout, client, stores,
// engine, clocks, journals), each a few lazy lines; what the parts do lives in their own classes.
/**
 * The composition root: builds and owns the parts every frontend shares - configuration, the repository's
 * layout, the GitHub client, the lock stores, the watch engine, the clocks - lazily, so that nothing waits
 * for a network before it is needed (the screen's first frame never does). It holds no frontend's IO: each
 * frontend brings its own {@link FrontendIo}, and any number of them may share one Baton, one engine, one
 * poll (the team server builds on that).
 */
public final class Baton implements AutoCloseable {
    private final Map<String, String> env;
    private final BatonOptions options;
    private final Config config;
    private final Config.Repository repoConfig;
    private final boolean readOnlyFromEnvironment;
    private final List<String> warnings;
    private volatile Simulator simulator;
    /** What every repository of this process shares (lock store clients, their listings, tokens per API host). */
    private final FleetShared shared;
    /** The process's Baton; a fleet member's is the one that built it. */
    private final Baton root;
    private final Lazy<Fleet> fleet = new Lazy<>(() -> new Fleet(this));
    private final Credentials credentials = new Credentials(this);

    // Built on first use. No monitor of this object is held while building or polling: the poll thread calls
    // back into github() through the topology, and a monitor held across that was exit's deadlock.
    private final Lazy<GitHubClient> github = new Lazy<>(this::newGitHubClient);
    private final Lazy<WatchEngine> engine = new Lazy<>(this::newEngine);
    private final RepoTopology topology = new RepoTopology(this);
    private final Map<dev.baton.model.LockLocation.Kind, Lazy<dev.baton.lock.ProbeReport>> probes = new java.util.concurrent.ConcurrentHashMap<>();
    /** Scripts' first poll, made once however many commands ask at the same time. */
    private final Lazy<Snapshot> firstPoll = new Lazy<>(() -> engine().pollOnce());
    private volatile boolean watching;
    private volatile Clock clock; // set: the demo's sandbox time; null: GitHub's, once connected
    private volatile Sleeper sleeper = Sleeper.SYSTEM;
    private volatile Clock wall = Clock.systemUTC(); // what GitHub's limits are kept on (the scheduler's clock)
    private volatile PollTimer pollTimer = PollTimer.SHARED; // the time between the engine's polls, on the wall time
    private final Map<String, RequestScheduler> schedulers = new java.util.concurrent.ConcurrentHashMap<>();
    private final Clock dataClock = new DataClock(() -> clock, github::ifBuilt);
    /** Who shares this baton and the leases they hold: the root's, one for every frontend and fleet member (issue 13). */
    private final Team team;

    public Baton(Map<String, String> env, BatonOptions options) {
        this.env = Map.copyOf(env);
        this.options = options;
        Path file = options.configFile() != null ? options.configFile() : Config.defaultPath(env);
        if (options.configFile() != null && !Files.exists(file)) throw new Config.ConfigException(file + ": no such file");
        this.config = Files.exists(file) ? Config.load(file) : Config.EMPTY;
        this.repoConfig = pickRepository();
        List<String> w = new java.util.ArrayList<>();
        this.readOnlyFromEnvironment = readOnlyValue(env.get("BATON_READ_ONLY"), w);
        this.warnings = List.copyOf(w);
        this.shared = new FleetShared(config.refreshInterval().dividedBy(2));
        this.root = this;
        this.team = new Team(dataClock, new LeaseFiles(() -> stateDir().resolve("leases"))); // shared with the other processes of this state folder
    }

    /** One repository of the root's fleet: the root's configuration, environment and shared parts, its own repository. */
    Baton(Baton root, Config.Repository repository) {
        this.env = root.env;
        this.options = root.options;
        this.config = root.config;
        this.repoConfig = repository;
        this.readOnlyFromEnvironment = root.readOnlyFromEnvironment;
        this.warnings = List.of();
        this.shared = root.shared;
        this.root = root;
        this.simulator = root.simulator;
        this.sleeper = root.sleeper;
        this.wall = root.wall;
        this.pollTimer = root.pollTimer; // a fleet's engines wait on the root's wall time, a test's manual clock too
        this.clock = root.clock;
        this.team = root.team; // a lease taken in a repository opened from the fleet shows on every screen
    }

    public BatonOptions options() {
        return options;
    }

    /** More than one repository is watched (several --repo, --org, --all): commands and the screen show the fleet. */
    public boolean fleetMode() {
        return !member() && options.fleet(); // a member's commands are about the member (the screen's split view)
    }

    /** Every repository this process watches or may watch (built on first use; the root's own repository is one). */
    public Fleet fleet() {
        return root == this ? fleet.get() : root.fleet();
    }

    FleetShared shared() {
        return shared;
    }

    /** Whether this is a fleet member rather than the process's own Baton. */
    boolean member() {
        return root != this;
    }

    private Config.Repository pickRepository() {
        List<Config.Repository> repos = config.repositoriesOrEmpty();
        String wanted = options.repo() != null ? options.repo() : firstNonBlank(env.get("BATON_REPO"), env.get("GITHUB_REPOSITORY"));
        for (Config.Repository r : repos) {
            if (wanted == null || r.repo().equalsIgnoreCase(wanted)) return r;
        }
        if (wanted == null) return null;
        return Config.Repository.named(wanted);
    }

    /** Presence and leases of every frontend sharing this baton (each session of `baton serve`, a local screen). */
    public Team team() {
        return team;
    }

    public Map<String, String> env() {
        return env;
    }

    public Config config() {
        return config;
    }

    public Config.Repository repoConfig() {
        return repoConfig;
    }

    public boolean readOnly() {
        return options.readOnly() || Boolean.TRUE.equals(config.readOnly()) || readOnlyFromEnvironment;
    }

    /** Things the operator should read once at start (an unrecognised BATON_READ_ONLY value). */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * BATON_READ_ONLY fails closed: unset, empty, 0, false, no and off leave baton writable; 1, true, yes and on
     * make it read-only, and so does any other value (with a warning), since a typo must never unlock writes.
     */
    static boolean readOnlyValue(String value, List<String> warnings) {
        if (value == null || value.isBlank()) return false;
        String v = value.strip().toLowerCase(java.util.Locale.ROOT);
        if (List.of("0", "false", "no", "off").contains(v)) return false;
        if (!List.of("1", "true", "yes", "on").contains(v)) {
            warnings.add("BATON_READ_ONLY='" + value + "' is not one of 1/true/yes/on or 0/false/no/off: read-only");
        }
        return true;
    }

    public RepoRef repo() {
        if (repoConfig == null) {
            throw new Config.ConfigException("no repository: pass --repo OWNER/NAME, set BATON_REPO, or list one in " + Config.defaultPath(env));
        }
        return RepoRef.parse(repoConfig.repo());
    }

    /**
     * The folder of everything this baton writes but its log: $XDG_STATE_HOME/baton, or its {@code demo}
     * folder when GitHub is the sandbox ({@code --demo}, or a shell that ran {@code baton sandbox}'s exports),
     * so a demo never writes into the real journals.
     */
    public Path stateDir() {
        Path base = Config.stateDir(env);
        return sandbox() ? base.resolve("demo") : base;
    }

    /** The REST API root in use: the repository's api-url, else GITHUB_API_URL, else https://api.github.com. */
    public String apiUrl() {
        String api = firstNonBlank(repoConfig == null ? null : repoConfig.apiUrl(), env.get("GITHUB_API_URL"));
        return new GitHubSettings(api, null, null, null, null).apiUrl();
    }

    /** GitHub is a sandbox: BATON_SANDBOX (exported by the sandbox with its API root) names the API in use. */
    public boolean sandbox() {
        String s = env.get("BATON_SANDBOX");
        return s != null && !s.isBlank() && new GitHubSettings(s, null, null, null, null).apiUrl().equals(apiUrl());
    }

    /**
     * The current repository's own folder, for its event and audit journals:
     * stateDir/repos/HOST/OWNER/NAME, HOST being the API's host (and port), {@code sandbox} for the sandbox.
     * Each part is made safe as one folder name; owner and name in lower case, as GitHub ignores their case.
     * Throws as {@link #repo()} does when there is no repository.
     */
    public Path repoStateDir() {
        RepoRef r = repo();
        return stateDir().resolve("repos").resolve(segment(sandbox() ? "sandbox" : apiHost()))
                .resolve(segment(r.owner())).resolve(segment(r.name()));
    }

    /** The event journal of the current repository (written by the engine, read by `events`). */
    public Path eventsFile() {
        return repoStateDir().resolve("events.jsonl");
    }

    private String apiHost() {
        String api = apiUrl();
        try {
            java.net.URI uri = java.net.URI.create(api);
            if (uri.getHost() != null) return uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
        } catch (IllegalArgumentException e) {
            // not a URL: the client says so when it connects; the folder takes the text as it is
        }
        return api;
    }

    /** One safe folder name: lower case, only a-z 0-9 . _ -, never empty, never . or .. or hidden. */
    static String segment(String text) {
        String s = text.strip().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9._-]", "_");
        return s.isEmpty() || s.startsWith(".") ? "_" + s : s;
    }

    /** The what-if engine for `simulate`; only the entry point can build one (it lives in the sandbox). */
    public void simulator(Simulator s) {
        this.simulator = s;
    }

    /** null when the entry point wired none. */
    public Simulator simulator() {
        return simulator;
    }

    // ---- connections ------------------------------------------------------------------------------------

    public GitHubPort github() {
        return github.get();
    }

    private GitHubClient newGitHubClient() {
        GitHubApp app = credentials.app();
        // a fleet member's HTTP cache is its own folder: the cache slots of one folder are few (CacheSlot.SLOTS)
        Path cache = member() ? Config.githubCacheDir(env).resolve("repos").resolve(segment(apiHost()))
                .resolve(segment(repo().owner()) + "_" + segment(repo().name())) : Config.githubCacheDir(env);
        GitHubSettings settings = new GitHubSettings(apiUrl(), app != null ? null : token(), repo(), cache,
                Duration.ofSeconds(10), app);
        return new GitHubClient(settings, sleeper, scheduler(settings));
    }

    /**
     * The request scheduler of an API host and credential (GitHub's limits are per credential): one for every
     * GitHub client that uses them - every repository of the fleet included, so they are the root's - made on
     * first use, waiting with {@link #sleeper()}.
     */
    public RequestScheduler scheduler(GitHubSettings settings) {
        if (member()) return root.scheduler(settings);
        return schedulers.computeIfAbsent(settings.budgetKey(), k -> new RequestScheduler(settings.apiUrl(), wall, sleeper));
    }

    /** Sets how baton waits on wall time (retry backoff, rapid-fire's and logs --follow's polls); before GitHub is first used. */
    public void sleeper(Sleeper s) {
        if (github.ifBuilt() != null) throw new IllegalStateException("the GitHub client already waits with its sleeper");
        this.sleeper = s;
    }

    /**
     * Sets the wall time GitHub's limits are kept on and how baton waits on it: a test's manual clock with a sleeper
     * that moves it, so a 60 s retry-after is measured, not spent, and the watch engine's wait between two polls
     * moves the clock too ({@link PollTimer#sleeping}). Before GitHub and the engine are first used.
     */
    public void wallTime(Clock c, Sleeper s) {
        if (engine.ifBuilt() != null) throw new IllegalStateException("the watch engine already waits on its timer");
        sleeper(s);
        this.wall = c;
        this.pollTimer = PollTimer.sleeping(c, s);
    }

    /** The wall time baton waits on (GitHub's limits, rapid-fire's gap and timeout): this machine's, or a test's manual clock. */
    public Clock wall() {
        return wall;
    }

    /** How baton waits on wall time, beside {@link #clock()}. */
    public Sleeper sleeper() {
        return sleeper;
    }

    /** Sets the clock of the data (the demo's sandbox runs ahead of the wall clock); before the engine is first used. */
    public void clock(Clock c) {
        if (engine.started()) throw new IllegalStateException("the watch engine already runs on its clock");
        this.clock = c;
    }

    /**
     * The clock the data's times are measured on, for ages and the stale verdict: the one set, else GitHub's
     * as its Date headers tell it (this machine's until the first answer). Reading it connects nothing.
     */
    public Clock clock() {
        return dataClock;
    }

    public WatchEngine engine() {
        return engine.get();
    }

    private WatchEngine newEngine() {
        WatchSettings ws = WatchSettings.defaults().withInterval(config.refreshInterval());
        ws = new WatchSettings(ws.interval(), config.staleLockThreshold(), ws.keepEvicted(), ws.runsPerPage(), member() || fleetMode());
        return new WatchEngine(repo(), github(), topology, repoConfig == null || repoConfig.groups() == null
                ? List.of() : repoConfig.groups(), ws, dataClock, new EventJournal(eventsFile()), pollTimer);
    }

    /**
     * The latest snapshot, polling once first if nobody has yet (scripts). Each source stands alone: with
     * GitHub failing, the locks that could be read are still there, and the snapshot's health says what is not.
     */
    public Snapshot snapshot() {
        if (watching) return engine().latest();
        firstPoll.get();
        return engine().latest();
    }

    /** The snapshot of a command that shows nothing without GitHub (groups, runs): a GitHub failure is thrown. */
    public Snapshot snapshotFromGitHub() {
        Snapshot s = snapshot();
        var gh = s.health().get("github");
        if (gh != null && !gh.healthy()) throw new GitHubException(0, gh.lastError());
        return s;
    }

    /** A new poll now, for a re-check just before a destructive action (the screen's latest may be a refresh old). */
    public Snapshot refresh() {
        snapshot();
        return engine().pollOnce();
    }

    /**
     * Puts an operator's event (a result, a note) on the shared timeline: through the engine when it runs, so every
     * screen shows it at once; else straight into the repository's event journal, where `events` and the next screen find it.
     */
    public void record(dev.baton.model.Event e) {
        WatchEngine running = engine.ifBuilt();
        if (running != null) {
            running.record(e);
            return;
        }
        new EventJournal(eventsFile()).append(List.of(e));
    }

    public dev.baton.lock.LockStore lockStore(dev.baton.model.LockLocation.Kind kind) {
        return topology.store(kind);
    }

    /** What the first probe of a store found in this process (probing writes scratch keys, so once is enough). */
    public dev.baton.lock.ProbeReport probe(dev.baton.model.LockLocation location) {
        return probes.computeIfAbsent(location.kind(), k -> new Lazy<>(() -> new dev.baton.lock.BackendProbe(lockStore(k))
                .probe(dev.baton.lock.LockScope.of(location.container(), "")))).get();
    }

    /** Whether its engine was started (the fleet starts a repository's only once its workflows were read). */
    boolean watching() {
        return watching;
    }

    /** Marks the engine as polled by someone else (the screen's background loop). */
    public void startWatching() {
        engine().start();
        watching = true;
    }

    /** The token in use, from {@link Credentials#token()}; never printed or logged. */
    String token() {
        return credentials.token();
    }

    /** GH_TOKEN, GITHUB_TOKEN, else `gh auth token` (a fleet asks it once per API host). */
    String usualToken() {
        return credentials.usualToken();
    }

    public String tokenSource() {
        return credentials.source();
    }

    static String firstNonBlank(String... values) {
        for (String v : values) if (v != null && !v.isBlank()) return v;
        return null;
    }

    /**
     * Stops the engine if it was started (waits at most the engine's close deadline), then frees the HTTP cache;
     * the root closes its fleet's other members first.
     */
    @Override
    public void close() {
        if (!member()) team.close();
        Fleet f = fleet.ifBuilt();
        if (f != null) f.close();
        WatchEngine e = engine.ifBuilt();
        if (e != null) e.close();
        GitHubClient g = github.ifBuilt();
        if (g != null) g.close();
    }
}
