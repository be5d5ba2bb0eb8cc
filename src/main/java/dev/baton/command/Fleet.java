package dev.baton.command;

import dev.baton.github.GitHubClient;
import dev.baton.github.GitHubException;
import dev.baton.github.GitHubSettings;
import dev.baton.github.WorkflowCatalog;
import dev.baton.model.RepoRef;
import dev.baton.model.Snapshot;
import dev.baton.model.SourceHealth;
import dev.baton.render.FleetRender;
import dev.baton.workflow.JobSpec;
import dev.baton.workflow.StepSpec;
import dev.baton.workflow.TerraformCommands;
import dev.baton.workflow.WorkflowSpec;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

// Over 400 lines: selection, an org's discovery and judging, and every member's reads are one lifecycle of the
// members (built, judged, started, read, closed) kept in one place; the judging's threads are FleetJudge's.
/**
 * Many repositories in one process: one {@link Baton} per repository - its own RepoRef, API URL (github.com
 * and a GHES side by side), credential, client, engine, layout and journals - built on first use from the
 * root's configuration. What can be shared is ({@link Shared}): one lock store client per kind, one listing
 * of a bucket or table for every repository in it, one `gh auth token` per API host. Without fleet options
 * (`status --all` alone) the root's own repository is a member as itself (one engine, not two).
 * Selection: every --repo and --org given; else the configuration's repositories and orgs; else BATON_REPOS
 * and BATON_ORG (as the sandbox exports them); else the root's repository alone. An org's repositories whose workflows declare concurrency groups or run
 * Terraform are members, discovered through GitHub's API and again every {@link #REDISCOVER}.
 */
public final class Fleet implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Fleet.class);
    public static final Duration REDISCOVER = Duration.ofHours(1);
    /** At most this many repositories are polled at once for a script's first look (each is a few requests). */
    static final int PARALLEL = 8;

    /** One watched repository: label is owner/name, or HOST/owner/name when two hosts have the same one. */
    public record Member(String label, Baton baton) {
        public RepoRef repo() {
            return baton.repo();
        }
    }

    /**
     * An org's repositories as last listed (those not skipped: each is a member until judged irrelevant), how many
     * the listing itself left out (archived, disabled or empty), or why the org could not be listed.
     */
    public record Discovery(String org, String apiUrl, List<String> repos, Instant at, String error, int skipped) {
    }

    /** How an org's repositories are listed and judged: GitHub through hub4j, a fake in unit tests. */
    public interface Directory {
        /** owner/name of every repository of the org. @throws GitHubException when they cannot be listed */
        List<String> repositories(Config.Org org, String apiUrl, String token);

        /** The org's listing with what it says of each repository; by default names alone (nothing skipped, no push time). */
        default List<GitHubClient.OrgRepository> listing(Config.Org org, String apiUrl, String token) {
            return repositories(org, apiUrl, token).stream().map(n -> new GitHubClient.OrgRepository(n, false, false, null, -1)).toList();
        }

        /** Whether the repository's workflows declare concurrency groups or run Terraform. */
        boolean relevant(Baton member);
    }

    private final Baton root;
    private final Directory directory;
    private final Map<String, Baton> built = new LinkedHashMap<>(); // guarded by this; building one connects nothing
    private final Map<String, Discovery> discovered = new ConcurrentHashMap<>();
    private final Map<String, Access> access = new ConcurrentHashMap<>();
    private final FleetJudge judge;

    Fleet(Baton root) {
        this(root, new OrgDirectory(root));
    }

    Fleet(Baton root, Directory directory) {
        this(root, directory, PARALLEL);
    }

    /** judges: how many repositories' workflows are read at once (1 in tests of the order). */
    Fleet(Baton root, Directory directory, int judges) {
        this.root = root;
        this.directory = directory;
        this.judge = new FleetJudge(judges);
        judge.onChange(this::judgedOne);
    }

    // ---- selection ---------------------------------------------------------------------------------------

    /** The repositories named (not discovered): the command line's, else the configuration's, else the root's. */
    List<Config.Repository> named() {
        BatonOptions o = root.options();
        List<Config.Repository> out = new ArrayList<>();
        if (!o.repos().isEmpty() || !o.orgs().isEmpty()) {
            for (String r : o.repos()) out.add(configured(r));
        } else {
            out.addAll(root.config().repositoriesOrEmpty());
            if (out.isEmpty() && root.config().orgsOrEmpty().isEmpty()) {
                // BATON_REPOS (comma-separated, as `baton sandbox --repos N` exports it), else the current repository
                String env = Baton.firstNonBlank(root.env().get("BATON_REPOS"));
                if (env != null) for (String r : env.split(",")) if (!r.isBlank()) out.add(configured(r.strip()));
                if (out.isEmpty() && root.repoConfig() != null) out.add(root.repoConfig());
            }
        }
        return out;
    }

    /** The orgs whose repositories are discovered: every --org, else (with no --repo either) the configuration's. */
    List<Config.Org> orgs() {
        BatonOptions o = root.options();
        if (!o.orgs().isEmpty()) {
            List<Config.Org> out = new ArrayList<>();
            for (String name : o.orgs()) {
                out.add(root.config().orgsOrEmpty().stream().filter(c -> c.org().equalsIgnoreCase(name)).findFirst()
                        .orElse(new Config.Org(name, null, null)));
            }
            return out;
        }
        if (!o.repos().isEmpty()) return List.of();
        if (!root.config().orgsOrEmpty().isEmpty() || !root.config().repositoriesOrEmpty().isEmpty()) return root.config().orgsOrEmpty();
        String env = Baton.firstNonBlank(root.env().get("BATON_ORG")); // with no repositories or orgs configured
        return env == null ? List.of() : List.of(new Config.Org(env.strip(), null, null));
    }

    private Config.Repository configured(String repo) {
        return root.config().repositoriesOrEmpty().stream().filter(r -> r.repo().equalsIgnoreCase(repo)).findFirst()
                .orElse(Config.Repository.named(repo));
    }

    /**
     * Every member, named ones first, then each org's discovered ones (discovering an org now when it never was or
     * its discovery is older than {@link #REDISCOVER}). A repository named twice is one member.
     */
    public List<Member> members() {
        List<Config.Repository> wanted = new ArrayList<>(named());
        for (Config.Org org : orgs()) {
            Discovery d = discover(org, false);
            for (String r : d.repos()) {
                FleetJudge.Verdict v = judge.verdict(verdictKey(d.apiUrl(), r));
                if (v != null && v.state() == FleetJudge.State.IRRELEVANT) continue; // no concurrency groups, no Terraform
                Config.Repository c = configured(r);
                wanted.add(c.apiUrl() != null || org.apiUrl() == null && org.tokenEnv() == null ? c
                        : new Config.Repository(c.repo(), org.apiUrl(), c.environments(), c.groups(), c.backendDirs(), org.tokenEnv()));
            }
        }
        List<Baton> batons = new ArrayList<>();
        synchronized (this) {
            for (Config.Repository rc : wanted) {
                Baton b = batonFor(rc);
                if (!batons.contains(b)) batons.add(b);
            }
        }
        return labelled(batons);
    }

    /** The member whose label, owner/name or name is this (case-insensitive), if one. */
    public java.util.Optional<Member> find(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        List<Member> all = members();
        for (Member m : all) if (m.label().equalsIgnoreCase(n) || m.repo().toString().equalsIgnoreCase(n)) return java.util.Optional.of(m);
        List<Member> byName = all.stream().filter(m -> m.repo().name().equalsIgnoreCase(n)).toList();
        return byName.size() == 1 ? java.util.Optional.of(byName.get(0)) : java.util.Optional.empty();
    }

    // ---- judging ------------------------------------------------------------------------------------------

    private final List<Runnable> changeListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Told (on a judging thread) whenever a repository's judgement moves: the screen takes the members again. */
    public void onChange(Runnable r) {
        changeListeners.add(r);
    }

    public void removeOnChange(Runnable r) {
        changeListeners.remove(r);
    }

    private void judgedOne() {
        for (Runnable r : changeListeners) r.run();
    }

    /** Where a member's workflows stand: read (named, or judged relevant), queued, being read, or unreadable. */
    public FleetRender.Workflows workflows(Member m) {
        FleetJudge.Verdict v = judge.verdict(key(m.baton()));
        if (v == null) return FleetRender.Workflows.READ;
        return switch (v.state()) {
            case QUEUED -> FleetRender.Workflows.QUEUED;
            case READING -> FleetRender.Workflows.READING;
            case UNREADABLE -> FleetRender.Workflows.UNREADABLE;
            case RELEVANT, IRRELEVANT -> FleetRender.Workflows.READ;
        };
    }

    /** Why a member's workflows could not be read, or null. */
    public String unreadable(Member m) {
        FleetJudge.Verdict v = judge.verdict(key(m.baton()));
        return v == null || v.state() != FleetJudge.State.UNREADABLE ? null : v.why();
    }

    /** How far the judging of the orgs' repositories is: judged of listed, and how many were left out; null without orgs. */
    public FleetRender.Judging judging() {
        int of = 0;
        int judged = 0;
        int leftOut = 0;
        boolean any = false;
        List<String> unlisted = new ArrayList<>();
        for (Discovery d : discovered.values()) {
            any = true;
            if (d.error() != null) unlisted.add("org " + d.org() + ": " + d.error());
            List<String> keys = d.repos().stream().map(r -> verdictKey(d.apiUrl(), r)).toList();
            of += keys.size();
            judged += judge.judged(keys);
            for (String k : keys) {
                FleetJudge.Verdict v = judge.verdict(k);
                if (v != null && v.state() == FleetJudge.State.IRRELEVANT) leftOut++;
            }
        }
        return any ? new FleetRender.Judging(judged, of, leftOut, unlisted) : null;
    }

    /** Lists the orgs if due, then waits until every repository is judged (scripts' --all: they show judged members only). */
    public void awaitJudged() {
        for (Config.Org org : orgs()) discover(org, false);
        judge.start();
        try {
            judge.awaitSettled();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    /** The orgs' discoveries so far (what each found, or why it could not list). */
    public List<Discovery> discoveries() {
        return List.copyOf(discovered.values());
    }

    private Baton batonFor(Config.Repository rc) {
        Baton probe = new Baton(root, rc);
        String key = key(probe);
        // the root is its repository's member unless it speaks for the whole fleet (several --repo, --org, --all):
        // then its commands are the fleet's, and the screen's split view needs one whose commands are the repository's
        if (!root.fleetMode() && root.repoConfig() != null && key.equals(key(root))) return root;
        return built.computeIfAbsent(key, k -> probe);
    }

    private static String key(Baton b) {
        return b.apiUrl() + "|" + b.repo().toString().toLowerCase(Locale.ROOT);
    }

    private static List<Member> labelled(List<Baton> batons) {
        Map<String, Integer> names = new HashMap<>();
        for (Baton b : batons) names.merge(b.repo().toString().toLowerCase(Locale.ROOT), 1, Integer::sum);
        List<Member> out = new ArrayList<>();
        for (Baton b : batons) {
            boolean twice = names.get(b.repo().toString().toLowerCase(Locale.ROOT)) > 1;
            out.add(new Member(twice ? hostOf(b.apiUrl()) + "/" + b.repo() : b.repo().toString(), b));
        }
        return out;
    }

    static String hostOf(String apiUrl) {
        try {
            java.net.URI u = java.net.URI.create(apiUrl);
            if (u.getHost() != null) return u.getHost() + (u.getPort() >= 0 ? ":" + u.getPort() : "");
        } catch (IllegalArgumentException e) {
            // shown as written
        }
        return apiUrl;
    }

    /**
     * An org's repositories from the last listing younger than {@link #REDISCOVER}, else listed now (a few pages: the
     * names come at once). Archived, disabled and empty repositories are skipped from the listing alone; the others
     * are members at once and queued for judging in the background ({@link FleetJudge}), by {@link #priority}.
     */
    Discovery discover(Config.Org org, boolean force) {
        String api = new GitHubSettings(Baton.firstNonBlank(org.apiUrl(), root.env().get("GITHUB_API_URL")), null, null, null, null).apiUrl();
        String key = api + "|" + org.org().toLowerCase(Locale.ROOT);
        Discovery before = discovered.get(key);
        Instant now = root.clock().instant();
        if (!force && before != null && Duration.between(before.at(), now).compareTo(REDISCOVER) < 0) return before;
        synchronized (discovering(key)) { // one listing at a time per org: the screen's and a script's ask together
            before = discovered.get(key);
            if (!force && before != null && Duration.between(before.at(), now).compareTo(REDISCOVER) < 0) return before;
            Discovery d;
            try {
                String token = org.tokenEnv() != null ? Baton.firstNonBlank(root.env().get(org.tokenEnv().strip()))
                        : root.shared().token(api, root::usualToken);
                List<GitHubClient.OrgRepository> kept = new ArrayList<>();
                int skipped = 0;
                for (GitHubClient.OrgRepository r : directory.listing(org, api, token)) {
                    // archived and disabled repositories run nothing; an empty one has no workflow files to read
                    if (r.archived() || r.disabled() || r.sizeKb() == 0) skipped++;
                    else kept.add(r);
                }
                java.util.Set<String> named = new java.util.HashSet<>();
                for (Config.Repository rc : named()) named.add(rc.repo().toLowerCase(Locale.ROOT));
                List<FleetJudge.Job> jobs = new ArrayList<>();
                for (GitHubClient.OrgRepository r : priority(kept, named)) {
                    String name = r.fullName();
                    jobs.add(new FleetJudge.Job(verdictKey(api, name), name, r.pushedAt(), () -> directory.relevant(candidate(org, name)),
                            () -> leftOut(org, name)));
                }
                d = new Discovery(org.org(), api, kept.stream().map(GitHubClient.OrgRepository::fullName).toList(), now, null, skipped);
                discovered.put(key, d);
                judge.queue(jobs, n -> named.contains(n.toLowerCase(Locale.ROOT)));
            } catch (GitHubException e) {
                // an org that cannot be listed keeps the repositories found before; the error is said where problems are
                d = new Discovery(org.org(), api, before == null ? List.of() : before.repos(), now, e.getMessage(),
                        before == null ? 0 : before.skipped());
                discovered.put(key, d);
            }
            return d;
        }
    }

    private final Map<String, Object> discoveringLocks = new ConcurrentHashMap<>();

    private Object discovering(String key) {
        return discoveringLocks.computeIfAbsent(key, k -> new Object());
    }

    /**
     * The order repositories are judged in: those named (config, --repo) first, then the most recently pushed (what
     * an incident is likeliest about), then the listing's order; a repository without a push time last.
     */
    static List<GitHubClient.OrgRepository> priority(List<GitHubClient.OrgRepository> listed, java.util.Set<String> named) {
        List<GitHubClient.OrgRepository> out = new ArrayList<>(listed);
        out.sort(java.util.Comparator.<GitHubClient.OrgRepository>comparingInt(r -> named.contains(r.fullName().toLowerCase(Locale.ROOT)) ? 0 : 1)
                .thenComparing(GitHubClient.OrgRepository::pushedAt, java.util.Comparator.nullsLast(java.util.Comparator.reverseOrder())));
        return out;
    }

    private static String verdictKey(String api, String name) {
        return api + "|" + name.toLowerCase(Locale.ROOT);
    }

    private Baton candidate(Config.Org org, String name) {
        synchronized (this) {
            return batonFor(new Config.Repository(name, org.apiUrl(), null, null, null, org.tokenEnv()));
        }
    }

    /** A repository judged to have no concurrency groups and no Terraform: its Baton is dropped (frees its HTTP cache). */
    private void leftOut(Config.Org org, String name) {
        if (named().stream().anyMatch(rc -> rc.repo().equalsIgnoreCase(name))) return;
        Baton candidate = candidate(org, name);
        if (candidate == root) return;
        synchronized (this) {
            built.values().remove(candidate);
        }
        candidate.close();
    }

    /** Whether a repository's workflows declare concurrency groups or run Terraform (hashicorp/setup-terraform, terraform or tofu). */
    static boolean relevant(WorkflowCatalog catalog) {
        if (!catalog.declaredGroups().isEmpty()) return true;
        for (WorkflowSpec w : catalog.workflows().values()) {
            for (JobSpec j : w.jobs()) {
                for (StepSpec s : j.steps()) {
                    if (s.uses() != null && s.uses().toLowerCase(Locale.ROOT).startsWith("hashicorp/setup-terraform")) return true;
                    if (s.run() != null && !TerraformCommands.parse(s.run()).isEmpty()) return true;
                }
            }
        }
        return false;
    }

    // ---- reading every member ----------------------------------------------------------------------------

    /** One member's look: its snapshot, or why there is none; denied when its credential cannot read the repository. */
    public record Look(Member member, Snapshot snapshot, String error, boolean denied) {
        public boolean readable() {
            return snapshot != null && !denied;
        }
    }

    /** Every member's latest snapshot (each polled once first if nobody has, several at a time), in members' order. */
    public List<Look> look() {
        awaitJudged();
        List<Member> members = members();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(PARALLEL, members.size())), r -> {
            Thread t = new Thread(r, "baton-fleet");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Look>> futures = new ArrayList<>();
            for (Member m : members) futures.add(pool.submit(() -> lookAt(m)));
            List<Look> out = new ArrayList<>();
            for (Future<Look> f : futures) {
                try {
                    out.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                }
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        } finally {
            pool.shutdownNow();
        }
    }

    /** A member's snapshot as it stands (no poll): the screen's and watch's reading. */
    public Look latest(Member m) {
        return judged(m, m.baton().engine().latest());
    }

    private Look lookAt(Member m) {
        String unread = unreadable(m);
        if (unread != null) return new Look(m, null, unread, false); // not polled: its layout could not be read either
        try {
            return judged(m, m.baton().snapshot());
        } catch (RuntimeException e) {
            return new Look(m, null, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), false);
        }
    }

    /**
     * A snapshot whose GitHub source fails is asked once why (GET the repository: 401, 403 or 404 is a credential
     * without access, said as such); the answer is kept until GitHub answers the member's polls again.
     */
    private Look judged(Member m, Snapshot s) {
        SourceHealth gh = s.health().get("github");
        String key = key(m.baton());
        if (gh == null || gh.healthy()) {
            access.remove(key);
            return new Look(m, s, null, false);
        }
        Access a = access.get(key);
        if (a == null) { // asked outside the map: computeIfAbsent would hold its lock across the request
            a = Access.of(m.baton());
            access.putIfAbsent(key, a);
        }
        return new Look(m, s, a.denied() ? a.why() : gh.describe(), a.denied());
    }

    private record Access(boolean denied, String why) {
        static Access of(Baton b) {
            try {
                b.github().access();
                return new Access(false, null);
            } catch (GitHubException e) {
                boolean denied = e.status() == 404 || e.authProblem();
                return new Access(denied, "no access to " + b.repo() + " with " + b.tokenSource() + " (" + e.getMessage() + ")");
            } catch (RuntimeException e) {
                return new Access(false, null);
            }
        }
    }

    /**
     * Starts the engine of every member whose workflows were read (named, or judged relevant), named ones first (the
     * members' order); one still queued or unreadable is not polled. Called again as judgements arrive (the screen).
     */
    public void startWatching() {
        List<Member> all = members();
        judge.start(); // after the names: the first frame lists them without the judging's reads in its way
        for (Member m : all) if (workflows(m) == FleetRender.Workflows.READ) m.baton().startWatching();
    }

    /** Closes every member the fleet built (the root closes itself). */
    @Override
    public synchronized void close() {
        judge.close();
        if (directory instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("closing the org listing's client: {}", e.toString());
            }
        }
        for (Baton b : built.values()) {
            try {
                b.close();
            } catch (RuntimeException e) {
                LOG.warn("closing {}: {}", b.repo(), e.toString());
            }
        }
        built.clear();
    }
}
