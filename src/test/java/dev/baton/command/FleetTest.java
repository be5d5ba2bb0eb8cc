package dev.baton.command;

import dev.baton.github.GitHubException;
import dev.baton.lock.LockScope;
import dev.baton.lock.LockStore;
import dev.baton.model.LockLocation;
import dev.baton.model.StateLock;
import dev.baton.render.FleetRender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fleet's selection, discovery and shared parts, with a fake directory and lock store at their port boundary. */
class FleetTest {
    @TempDir
    Path home;

    Map<String, String> env(String config) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("XDG_CONFIG_HOME", home.resolve("config").toString());
        env.put("XDG_STATE_HOME", home.resolve("state").toString());
        env.put("XDG_CACHE_HOME", home.resolve("cache").toString());
        env.put("GH_TOKEN", "t0ken");
        env.put("GHE_TOKEN", "ghe-t0ken");
        Files.createDirectories(home.resolve("config/baton"));
        Files.writeString(home.resolve("config/baton/config.yaml"), config);
        return env;
    }

    static List<String> labels(Fleet f) {
        return f.members().stream().map(Fleet.Member::label).toList();
    }

    @Test
    void theConfigsRepositoriesAreTheFleetAndTheRootIsItsFirstMember() throws Exception {
        try (Baton root = new Baton(env("repositories:\n  - repo: acme/a\n  - repo: acme/b\n    api_url: https://ghe.example.com/api/v3\n"
                + "    token_env: GHE_TOKEN\n"), new BatonOptions(null, null, false))) {
            Fleet f = root.fleet();
            assertThat(labels(f)).containsExactly("acme/a", "acme/b");
            assertThat(f.members().get(0).baton()).isSameAs(root);
            Baton b = f.members().get(1).baton();
            assertThat(b.apiUrl()).isEqualTo("https://ghe.example.com/api/v3");
            assertThat(b.token()).isEqualTo("ghe-t0ken");
            assertThat(b.tokenSource()).isEqualTo("GHE_TOKEN");
            assertThat(b.repoStateDir()).isNotEqualTo(root.repoStateDir());
            assertThat(b.repoStateDir().toString()).contains("ghe.example.com");
            assertThat(f.members().get(1).baton()).as("built once").isSameAs(b);
            assertThat(root.fleetMode()).isFalse();
        }
    }

    @Test
    void repeatedRepoOptionsAreTheFleetAndTheSameNameOnTwoHostsIsToldApartByHost() throws Exception {
        try (Baton root = new Baton(env("repositories:\n  - repo: acme/a\n  - repo: acme/c\n"),
                new BatonOptions(List.of("acme/x", "acme/y", "ACME/X"), null, false, List.of(), false))) {
            assertThat(root.fleetMode()).isTrue();
            assertThat(labels(root.fleet())).containsExactly("acme/x", "acme/y");
            // the root speaks for the fleet: its repository is a member of its own, whose commands are that repository's
            assertThat(root.fleet().members().get(0).baton()).isNotSameAs(root);
            assertThat(root.fleet().members().get(0).baton().fleetMode()).isFalse();
            assertThat(root.fleet().find("y").orElseThrow().label()).isEqualTo("acme/y");
            assertThat(root.fleet().find("nope")).isEmpty();
        }
        try (Baton root = new Baton(env("repositories:\n  - repo: acme/a\n  - repo: acme/a\n    api_url: https://ghe.example.com/api/v3\n"),
                new BatonOptions(null, null, false))) {
            assertThat(labels(root.fleet())).containsExactly("api.github.com/acme/a", "ghe.example.com/acme/a");
        }
    }

    @Test
    void anOrgsRelevantRepositoriesAreDiscoveredAndListedAgainAfterAnHour() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-03T10:00:00Z"));
        AtomicInteger listings = new AtomicInteger();
        List<String> inOrg = new ArrayList<>(List.of("acme/deploys", "acme/docs", "acme/infra"));
        Fleet.Directory dir = new Fleet.Directory() {
            @Override
            public List<String> repositories(Config.Org org, String apiUrl, String token) {
                listings.incrementAndGet();
                assertThat(token).isEqualTo("t0ken");
                if (inOrg.isEmpty()) throw new GitHubException(503, "repositories of acme: 503");
                return List.copyOf(inOrg);
            }

            @Override
            public boolean relevant(Baton member) {
                return !member.repo().name().equals("docs");
            }
        };
        try (Baton root = new Baton(env("orgs:\n  - org: acme\n"), new BatonOptions(null, null, false))) {
            root.clock(clock);
            Fleet f = new Fleet(root, dir);
            f.awaitJudged();
            assertThat(labels(f)).containsExactly("acme/deploys", "acme/infra");
            assertThat(labels(f)).containsExactly("acme/deploys", "acme/infra");
            assertThat(listings).hasValue(1);
            inOrg.add("acme/payments");
            clock.now = clock.now.plus(Duration.ofMinutes(59));
            assertThat(labels(f)).doesNotContain("acme/payments");
            clock.now = clock.now.plus(Duration.ofMinutes(2));
            f.awaitJudged();
            assertThat(labels(f)).containsExactly("acme/deploys", "acme/infra", "acme/payments");
            assertThat(listings).hasValue(2);
            // an org that cannot be listed keeps what was found, and says why
            inOrg.clear();
            clock.now = clock.now.plus(Duration.ofHours(2));
            assertThat(labels(f)).containsExactly("acme/deploys", "acme/infra", "acme/payments");
            assertThat(f.discoveries()).singleElement().satisfies(d -> assertThat(d.error()).contains("503"));
            assertThat(f.judging().unlisted()).containsExactly("org acme: repositories of acme: 503");
        }
    }

    @Test
    void aRepositoryWhoseWorkflowsGitHubsLimitsHeldBackIsQueuedAgainAndOneThatCannotBeReadStaysAsUnreadable() throws Exception {
        Fleet.Directory dir = new Fleet.Directory() {
            @Override
            public List<String> repositories(Config.Org org, String apiUrl, String token) {
                return List.of("acme/a", "acme/held", "acme/denied");
            }

            @Override
            public boolean relevant(Baton member) {
                return switch (member.repo().name()) {
                    case "held" -> throw new GitHubException(403, "files: 403 secondary rate limit", 60);
                    case "denied" -> throw new GitHubException(403, "files: 403 forbidden");
                    default -> true;
                };
            }
        };
        try (Baton root = new Baton(env("orgs:\n  - org: acme\n"), new BatonOptions(null, null, false));
             Fleet f = new Fleet(root, dir)) {
            assertThat(labels(f)).containsExactly("acme/a", "acme/held", "acme/denied");
            f.startWatching(); // the screen: starts the judging
            assertThat(await(() -> f.judging().judged() == 2)).isTrue(); // a and denied; held waits for its retry-after
            Fleet.Member held = f.find("held").orElseThrow();
            Fleet.Member denied = f.find("denied").orElseThrow();
            assertThat(f.workflows(held)).isEqualTo(FleetRender.Workflows.QUEUED);
            assertThat(f.workflows(denied)).isEqualTo(FleetRender.Workflows.UNREADABLE);
            assertThat(f.unreadable(denied)).isEqualTo("workflows not read: files: 403 forbidden");
            assertThat(f.workflows(f.find("a").orElseThrow())).isEqualTo(FleetRender.Workflows.READ);
            // its row says so, unreadable before any idle repository
            var rows = FleetRender.rows(List.of(new FleetRender.Repo("acme/denied", null, f.unreadable(denied), false, f.workflows(denied)),
                    new FleetRender.Repo("acme/held", null, null, false, f.workflows(held))));
            assertThat(rows.get(0).pipeline().text()).isEqualTo("workflows unreadable");
            assertThat(rows.get(0).worst().text()).contains("403 forbidden");
            assertThat(rows.get(1).pipeline().text()).startsWith("not judged yet");
        }
    }

    /** An org whose listing says what GitHub's does: archived, disabled, empty, pushed at. */
    static Fleet.Directory listing(List<dev.baton.github.GitHubClient.OrgRepository> repos, java.util.function.Predicate<String> relevant,
                                   List<String> read, java.util.concurrent.CountDownLatch gate) {
        return new Fleet.Directory() {
            @Override
            public List<String> repositories(Config.Org org, String apiUrl, String token) {
                throw new AssertionError("the listing is asked for");
            }

            @Override
            public List<dev.baton.github.GitHubClient.OrgRepository> listing(Config.Org org, String apiUrl, String token) {
                return repos;
            }

            @Override
            public boolean relevant(Baton member) {
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                synchronized (read) {
                    read.add(member.repo().toString());
                }
                return relevant.test(member.repo().name());
            }
        };
    }

    static dev.baton.github.GitHubClient.OrgRepository listed(String name, int minutesAgo) {
        return new dev.baton.github.GitHubClient.OrgRepository("acme/" + name, false, false,
                minutesAgo < 0 ? null : Instant.parse("2026-12-03T10:00:00Z").minus(Duration.ofMinutes(minutesAgo)), 12);
    }

    @Test
    void everyNameIsAMemberBeforeAnyWorkflowIsReadAndTheJudgingLeavesOutWhatHasNeither() throws Exception {
        List<String> read = new ArrayList<>();
        java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
        var repos = List.of(listed("web", 30), listed("infra", 5), listed("docs", 60),
                new dev.baton.github.GitHubClient.OrgRepository("acme/old", true, false, Instant.parse("2026-12-03T09:59:00Z"), 40),
                new dev.baton.github.GitHubClient.OrgRepository("acme/off", false, true, null, 40),
                new dev.baton.github.GitHubClient.OrgRepository("acme/empty", false, false, null, 0));
        try (Baton root = new Baton(env("orgs:\n  - org: acme\n"), new BatonOptions(null, null, false));
             Fleet f = new Fleet(root, listing(repos, n -> !n.equals("docs"), read, gate), 1)) {
            // the names at once, archived, disabled and empty ones out, nothing read yet: each is not judged yet
            assertThat(labels(f)).containsExactly("acme/web", "acme/infra", "acme/docs");
            assertThat(f.members()).allSatisfy(m -> assertThat(f.workflows(m)).isIn(FleetRender.Workflows.QUEUED, FleetRender.Workflows.READING));
            assertThat(f.judging()).isEqualTo(new FleetRender.Judging(0, 3, 0));
            assertThat(FleetRender.summary(List.of(), f.judging())).isEqualTo("0 repositories, judged 0 of 3");
            synchronized (read) {
                assertThat(read).isEmpty();
            }
            f.startWatching(); // an unjudged repository is not polled
            assertThat(f.members()).allSatisfy(m -> assertThat(m.baton().watching()).isFalse());
            gate.countDown();
            f.awaitJudged();
            // the most recently pushed first; a repository without concurrency groups or Terraform leaves the fleet
            assertThat(read).containsExactly("acme/infra", "acme/web", "acme/docs");
            assertThat(labels(f)).containsExactly("acme/web", "acme/infra");
            assertThat(f.judging()).isEqualTo(new FleetRender.Judging(3, 3, 1));
            assertThat(FleetRender.summary(List.of(), f.judging())).isEqualTo("0 repositories (1 left out: no concurrency groups or Terraform)");
        }
    }

    @Test
    void namedRepositoriesComeFirstAndAreNotJudgedThenTheMostRecentlyPushed() throws Exception {
        var repos = List.of(listed("a", 50), listed("b", -1), listed("c", 1), listed("d", 20), listed("mine", 90));
        assertThat(Fleet.priority(repos, java.util.Set.of("acme/mine")))
                .extracting(dev.baton.github.GitHubClient.OrgRepository::fullName).containsExactly("acme/mine", "acme/c", "acme/d", "acme/a", "acme/b");
        List<String> read = new ArrayList<>();
        try (Baton root = new Baton(env("repositories:\n  - repo: acme/mine\norgs:\n  - org: acme\n"), new BatonOptions(null, null, false));
             Fleet f = new Fleet(root, listing(repos, n -> true, read, new java.util.concurrent.CountDownLatch(0)), 1)) {
            f.awaitJudged();
            assertThat(read).containsExactly("acme/c", "acme/d", "acme/a", "acme/b"); // acme/mine is watched as named
            assertThat(labels(f)).containsExactly("acme/mine", "acme/a", "acme/b", "acme/c", "acme/d");
        }
    }

    @Test
    void aVerdictStandsUntilTheRepositoryIsPushedToAndAnUnreadableOneIsReadAgainAtTheNextListing() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-03T10:00:00Z"));
        List<dev.baton.github.GitHubClient.OrgRepository> repos = new ArrayList<>(List.of(listed("web", 30), listed("docs", 60), listed("closed", 10)));
        List<String> read = new ArrayList<>();
        Fleet.Directory dir = new Fleet.Directory() {
            @Override
            public List<String> repositories(Config.Org org, String apiUrl, String token) {
                throw new AssertionError("the listing is asked for");
            }

            @Override
            public List<dev.baton.github.GitHubClient.OrgRepository> listing(Config.Org org, String apiUrl, String token) {
                return List.copyOf(repos);
            }

            @Override
            public boolean relevant(Baton member) {
                synchronized (read) {
                    read.add(member.repo().name());
                }
                if (member.repo().name().equals("closed")) throw new GitHubException(404, "files: 404 not found");
                return member.repo().name().equals("web");
            }
        };
        try (Baton root = new Baton(env("orgs:\n  - org: acme\n"), new BatonOptions(null, null, false));
             Fleet f = new Fleet(root, dir, 1)) {
            root.clock(clock);
            f.awaitJudged();
            assertThat(read).containsExactly("closed", "web", "docs");
            assertThat(labels(f)).containsExactly("acme/web", "acme/closed");
            // an hour later, nobody pushed: only the unreadable one is read again
            clock.now = clock.now.plus(Duration.ofMinutes(61));
            f.awaitJudged();
            assertThat(read).containsExactly("closed", "web", "docs", "closed");
            // docs is pushed to: read again (still neither groups nor Terraform: still left out), the most recent first
            repos.set(1, listed("docs", 0));
            clock.now = clock.now.plus(Duration.ofMinutes(61));
            f.awaitJudged();
            assertThat(read).containsExactly("closed", "web", "docs", "closed", "docs", "closed");
            assertThat(labels(f)).containsExactly("acme/web", "acme/closed");
            assertThat(f.judging()).isEqualTo(new FleetRender.Judging(3, 3, 1));
        }
    }

    private static boolean await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) return false;
            Thread.sleep(20);
        }
        return true;
    }

    @Test
    void anOrgOptionReplacesTheConfigsListAndTakesItsHostFromTheConfig() throws Exception {
        Fleet.Directory dir = new Fleet.Directory() {
            @Override
            public List<String> repositories(Config.Org org, String apiUrl, String token) {
                assertThat(apiUrl).isEqualTo("https://ghe.example.com/api/v3");
                assertThat(token).isEqualTo("ghe-t0ken");
                return List.of("platform/svc");
            }

            @Override
            public boolean relevant(Baton member) {
                return true;
            }
        };
        try (Baton root = new Baton(env("repositories:\n  - repo: acme/a\norgs:\n  - org: platform\n    api_url: https://ghe.example.com/api/v3\n"
                + "    token_env: GHE_TOKEN\n"), new BatonOptions(List.of(), null, false, List.of("platform"), false))) {
            Fleet f = new Fleet(root, dir);
            assertThat(labels(f)).containsExactly("platform/svc");
            Baton svc = f.members().get(0).baton();
            assertThat(svc.apiUrl()).isEqualTo("https://ghe.example.com/api/v3");
            assertThat(svc.token()).isEqualTo("ghe-t0ken");
        }
    }

    @Test
    void noRepositoryAtAllIsAUsageErrorNotAnEmptyAnswer() throws Exception {
        Map<String, String> env = env("refresh: 5s\n");
        try (Baton root = new Baton(env, new BatonOptions(List.of(), null, false, List.of(), true))) {
            Commands commands = new Commands(root, FrontendIo.script());
            for (String cmd : List.of("status", "locks", "groups", "watch --until idle")) {
                Result r = commands.execute(List.of(cmd.split(" "))).result();
                assertThat(r.exitCode()).as(cmd).isEqualTo(Exit.USAGE);
                assertThat(r.text()).as(cmd).startsWith("no repository to show: pass --repo OWNER/NAME or --org ORG");
            }
        }
    }

    @Test
    void withNothingConfiguredBatonReposAndBatonOrgNameTheFleet() throws Exception {
        Map<String, String> env = env("refresh: 5s\n");
        env.put("BATON_REPO", "acme/one");
        env.put("BATON_REPOS", "acme/one, acme/two,");
        env.put("BATON_ORG", "acme");
        Fleet.Directory dir = new Fleet.Directory() {
            @Override
            public List<String> repositories(Config.Org org, String apiUrl, String token) {
                assertThat(org.org()).isEqualTo("acme");
                return List.of("acme/two", "acme/three");
            }

            @Override
            public boolean relevant(Baton member) {
                return true;
            }
        };
        try (Baton root = new Baton(env, new BatonOptions(null, null, false))) {
            assertThat(labels(new Fleet(root, dir))).containsExactly("acme/one", "acme/two", "acme/three");
        }
        // a configuration's repositories win over the environment's
        try (Baton root = new Baton(env("repositories:\n  - repo: acme/a\n"), new BatonOptions(null, null, false))) {
            assertThat(labels(new Fleet(root, dir))).containsExactly("acme/a");
        }
    }

    @Test
    void relevantMeansDeclaredGroupsOrTerraform() {
        var groups = new dev.baton.github.WorkflowCatalog(Map.of(".github/workflows/d.yml",
                "on: push\nconcurrency: deploy\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo\n"));
        var tf = new dev.baton.github.WorkflowCatalog(Map.of(".github/workflows/t.yml",
                "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: terraform -chdir=infra apply -auto-approve\n"));
        var neither = new dev.baton.github.WorkflowCatalog(Map.of(".github/workflows/n.yml",
                "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: npm test\n"));
        assertThat(Fleet.relevant(groups)).isTrue();
        assertThat(Fleet.relevant(tf)).isTrue();
        assertThat(Fleet.relevant(neither)).isFalse();
    }

    @Test
    void aBucketIsListedOnceForTheRepositoriesInItWhileTheListingIsFresh() {
        CountingStore store = new CountingStore();
        FleetShared shared = new FleetShared(Duration.ofHours(1));
        LockScope bucket = LockScope.of("state-bucket", "");
        assertThat(shared.list(store, bucket)).isEmpty();
        assertThat(shared.list(store, bucket)).isEmpty();
        assertThat(shared.list(store, LockScope.of("other-bucket", ""))).isEmpty();
        assertThat(store.lists).hasValue(2);
        assertThat(shared.listingReads()).containsValues(1, 1);
        // a failure is never kept: the next asker reads again
        store.fail = true;
        FleetShared stale = new FleetShared(Duration.ZERO);
        assertThatThrownBy(() -> stale.list(store, bucket)).isInstanceOf(IllegalStateException.class);
        store.fail = false;
        assertThat(stale.list(store, bucket)).isEmpty();
        assertThat(store.lists).hasValue(4);
    }

    static final class MutableClock extends Clock {
        volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** A lock store at the port boundary that counts its listings. */
    static final class CountingStore implements LockStore {
        final AtomicInteger lists = new AtomicInteger();
        volatile boolean fail;

        @Override
        public LockLocation.Kind kind() {
            return LockLocation.Kind.S3;
        }

        @Override
        public List<StateLock> list(LockScope scope) {
            lists.incrementAndGet();
            if (fail) throw new IllegalStateException("s3 down");
            return List.of();
        }

        @Override
        public Optional<StateLock> get(LockLocation location) {
            return Optional.empty();
        }

        @Override
        public Optional<String> createIfAbsent(LockLocation location, String body) {
            return Optional.empty();
        }

        @Override
        public DeleteOutcome deleteIfUnchanged(LockLocation location, String version) {
            return DeleteOutcome.GONE;
        }

        @Override
        public void deleteUnconditionally(LockLocation location) {
        }

        @Override
        public String name() {
            return "s3";
        }

        @Override
        public void close() {
        }
    }
}
