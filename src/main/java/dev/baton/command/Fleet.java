package dev.baton.command;

import dev.baton.github.GitHubClient;
import dev.baton.github.GitHubException;
import dev.baton.github.GitHubSettings;
import dev.baton.github.WorkflowCatalog;
import dev.baton.model.RepoRef;
import dev.baton.model.Snapshot;
import dev.baton.model.SourceHealth;
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

    /** An org's repositories as last discovered, or why they could not be. */
    public record Discovery(String org, String apiUrl, List<String> repos, Instant at, String error) {
    }

    /** How an org's repositories are listed and judged: GitHub through hub4j, a fake in unit tests. */
    public interface Directory {
        /** owner/name of every repository of the org. @throws GitHubException when they cannot be listed */
        List<String> repositories(Config.Org org, String apiUrl, String token);

        /** Whether the repository's workflows declare concurrency groups or run Terraform. */
        boolean relevant(Baton member);
    }

    private final Baton root;
    private final Directory directory;
    private final Map<String, Baton> built = new LinkedHashMap<>(); // guarded by this; building one connects nothing
    private final Map<String, Discovery> discovered = new ConcurrentHashMap<>();
    private final Map<String, Access> access = new ConcurrentHashMap<>();

    Fleet(Baton root) {
        this(root, new GitHubDirectory(root));
    }

    Fleet(Baton root, Directory directory) {
        this.root = root;
        this.directory = directory;
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

    /** An org's repositories that matter, from the last discovery younger than {@link #REDISCOVER}, else listed now. */
    Discovery discover(Config.Org org, boolean force) {
        String api = new GitHubSettings(Baton.firstNonBlank(org.apiUrl(), root.env().get("GITHUB_API_URL")), null, null, null, null).apiUrl();
        String key = api + "|" + org.org().toLowerCase(Locale.ROOT);
        Discovery before = discovered.get(key);
        Instant now = root.clock().instant();
        if (!force && before != null && Duration.between(before.at(), now).compareTo(REDISCOVER) < 0) return before;
        Discovery d;
        try {
            String token = org.tokenEnv() != null ? Baton.firstNonBlank(root.env().get(org.tokenEnv().strip()))
                    : root.shared().token(api, root::usualToken);
            List<String> relevant = new ArrayList<>();
            for (String name : directory.repositories(org, api, token)) {
                Baton candidate;
                synchronized (this) {
                    candidate = batonFor(new Config.Repository(name, org.apiUrl(), null, null, null, org.tokenEnv()));
                }
                boolean keep = false;
                try {
                    keep = directory.relevant(candidate);
                } catch (GitHubException e) {
                    // GitHub's limits are no answer about the repository: kept (unjudged) rather than lost for an hour
                    keep = e.rateLimited();
                    LOG.info("{}: workflows not read ({}): {}", name, e.getMessage(), keep ? "kept until GitHub answers" : "left out of the fleet");
                } catch (RuntimeException e) {
                    LOG.info("{}: workflows not read ({}): left out of the fleet", name, e.getMessage());
                }
                if (keep) {
                    relevant.add(name);
                } else if (candidate != root && named().stream().noneMatch(rc -> rc.repo().equalsIgnoreCase(name))) {
                    synchronized (this) {
                        built.values().remove(candidate);
                    }
                    candidate.close(); // frees its HTTP cache
                }
            }
            d = new Discovery(org.org(), api, List.copyOf(relevant), now, null);
        } catch (GitHubException e) {
            // an org that cannot be listed keeps the repositories found before; the error is said where problems are
            d = new Discovery(org.org(), api, before == null ? List.of() : before.repos(), now, e.getMessage());
        }
        discovered.put(key, d);
        return d;
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

    /** Starts every member's engine (the screen, watch --all). */
    public void startWatching() {
        for (Member m : members()) m.baton().startWatching();
    }

    /** Closes every member the fleet built (the root closes itself). */
    @Override
    public synchronized void close() {
        for (Baton b : built.values()) {
            try {
                b.close();
            } catch (RuntimeException e) {
                LOG.warn("closing {}: {}", b.repo(), e.toString());
            }
        }
        built.clear();
    }

    /** GitHub's: GET /orgs/{org}/repos through hub4j, then each repository's workflow files. */
    static final class GitHubDirectory implements Directory {
        private final Baton root;

        GitHubDirectory(Baton root) {
            this.root = root;
        }

        @Override
        public List<String> repositories(Config.Org org, String apiUrl, String token) {
            // the credential's scheduler, shared with every member: a client of its own would spend points the
            // others do not see, and the first minute's polls would then cross GitHub's 900 points
            GitHubSettings settings = new GitHubSettings(apiUrl, token, null, null, Duration.ofSeconds(10));
            try (GitHubClient c = new GitHubClient(settings, root.sleeper(), root.scheduler(settings))) {
                return c.organizationRepositories(org.org().strip());
            }
        }

        @Override
        public boolean relevant(Baton member) {
            return Fleet.relevant(WorkflowCatalog.load(member.github()));
        }
    }
}
