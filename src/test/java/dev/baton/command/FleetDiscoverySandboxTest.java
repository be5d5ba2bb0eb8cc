package dev.baton.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.github.GitHubClient;
import dev.baton.render.FleetRender;
import dev.baton.sandbox.Sandbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An org's first fleet view through hub4j against `sandbox --repos N`: every name from the org's listing at
 * once, before any repository's workflow file is read (the sandbox's counters say no request touched one),
 * then filled in as the judging reads them; archived ones out, one whose files cannot be read kept as such.
 */
class FleetDiscoverySandboxTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final int N = 20;
    static final String NAMED = "acme/service-005";
    static final String ARCHIVED = "acme/service-007";
    static final String FORBIDDEN = "acme/service-009";

    @TempDir
    Path home;
    Sandbox sandbox;

    @AfterEach
    void stop() {
        if (sandbox != null) sandbox.close();
    }

    private Map<String, String> env() {
        return dev.baton.testkit.SandboxEnv.of(sandbox, home);
    }

    /** GitHub's directory (hub4j against the sandbox) whose workflow reads wait for the gate. */
    static Fleet.Directory gated(Baton root, CountDownLatch gate) {
        OrgDirectory real = new OrgDirectory(root);
        return new Fleet.Directory() {
            @Override
            public List<String> repositories(Config.Org org, String apiUrl, String token) {
                return real.repositories(org, apiUrl, token);
            }

            @Override
            public List<GitHubClient.OrgRepository> listing(Config.Org org, String apiUrl, String token) {
                return real.listing(org, apiUrl, token);
            }

            @Override
            public boolean relevant(Baton member) {
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return real.relevant(member);
            }
        };
    }

    @Test
    void theFirstViewListsEveryNameBeforeAnyWorkflowIsReadThenFillsIn() throws Exception {
        sandbox = Sandbox.start(Sandbox.Options.defaults().withRepos(N));
        sandbox.served().archive(ARCHIVED);
        sandbox.served().forbidContents(FORBIDDEN);
        CountDownLatch gate = new CountDownLatch(1);
        try (Baton root = new Baton(env(), new BatonOptions(List.of(NAMED), null, false, List.of("acme"), false));
             Fleet fleet = new Fleet(root, gated(root, gate), 2)) {
            Commands commands = new Commands(root, FrontendIo.script());
            FleetSession session = new FleetSession(commands, fleet);
            AtomicReference<List<FleetRender.Repo>> first = new AtomicReference<>();
            AtomicReference<Map<String, Long>> readAtFirst = new AtomicReference<>();
            session.subscribe(s -> {
                if (first.compareAndSet(null, session.repos())) readAtFirst.set(sandbox.server().secondary().counts().requestsByRepo());
            });
            session.start();
            try {
                List<String> expected = new ArrayList<>(sandbox.repos());
                expected.remove(ARCHIVED);
                assertThat(first.get()).extracting(FleetRender.Repo::label).containsExactlyInAnyOrderElementsOf(expected);
                // nothing of any repository read yet but the named one's first poll: the names came from the org's listing
                Map<String, Long> read = new HashMap<>(readAtFirst.get());
                read.remove(NAMED);
                assertThat(read).isEmpty();
                assertThat(first.get()).filteredOn(r -> !r.label().equals(NAMED))
                        .allSatisfy(r -> assertThat(r.workflows()).isIn(FleetRender.Workflows.QUEUED, FleetRender.Workflows.READING));
                assertThat(first.get()).filteredOn(r -> r.label().equals(NAMED)).singleElement()
                        .satisfies(r -> assertThat(r.workflows()).isEqualTo(FleetRender.Workflows.READ)); // named: watched without judging
                assertThat(FleetRender.rows(first.get())).filteredOn(r -> !r.repo().label().equals(NAMED))
                        .allSatisfy(r -> assertThat(r.groups().text() + r.worst().text()).doesNotContain("idle").doesNotContain("ok"));
                assertThat(FleetRender.summary(FleetRender.rows(first.get()), fleet.judging())).contains(", judged 1 of " + (N - 1)); // the named one, not read

                // one opened by name before its judgement is watched at once; its row still says it is not judged
                assertThat(session.show("acme/service-003")).isNull();
                assertThat(await(() -> session.latest().takenAt() != null && session.latest().repo().name().equals("service-003"))).isTrue();
                assertThat(session.repos()).filteredOn(r -> r.label().equals("acme/service-003")).singleElement()
                        .satisfies(r -> assertThat(r.workflows()).isIn(FleetRender.Workflows.QUEUED, FleetRender.Workflows.READING));
                session.showFleet();

                gate.countDown();
                assertThat(await(() -> session.repos().stream().allMatch(r -> r.label().equals(FORBIDDEN)
                        ? r.workflows() == FleetRender.Workflows.UNREADABLE
                        : r.workflows() == FleetRender.Workflows.READ && r.snapshot() != null && r.snapshot().takenAt() != null))).isTrue();
                assertThat(session.repos()).hasSize(N - 1);
                FleetRender.FleetRow forbidden = FleetRender.rows(session.repos()).get(0); // unreadable comes before idle
                assertThat(forbidden.repo().label()).isEqualTo(FORBIDDEN);
                assertThat(forbidden.pipeline().text()).isEqualTo("workflows unreadable");
                assertThat(forbidden.worst().text()).contains("403");
                assertThat(FleetRender.summary(FleetRender.rows(session.repos()), fleet.judging())).startsWith((N - 1) + " repositories: 1 unreadable");
                assertThat(sandbox.server().secondary().counts().requestsByRepo()).doesNotContainKey(ARCHIVED);
            } finally {
                session.close();
            }
        }
    }

    @Test
    void scriptsListNamesAtOnceAndAllWaitsForTheJudgingNamingEveryRepository() throws Exception {
        sandbox = Sandbox.start(Sandbox.Options.defaults().withRepos(8));
        sandbox.served().archive("acme/service-002");
        sandbox.served().forbidContents("acme/service-003");
        try (Baton root = new Baton(env(), new BatonOptions(List.of(), null, false, List.of("acme"), false))) {
            Commands commands = new Commands(root, FrontendIo.script());
            Result repo = commands.execute(List.of("repo", "--json")).result();
            JsonNode listed = Json.MAPPER.valueToTree(repo.json());
            // discovery alone: the names, nothing of any repository read (the judging is the screen's and --all's)
            assertThat(listed).hasSize(7).allSatisfy(r -> assertThat(r.get("state").asText()).isEqualTo("not judged yet"));
            assertThat(sandbox.server().secondary().counts().requestsByRepo()).isEmpty();
            assertThat(repo.text()).endsWith("judged 0 of 7 (the others' workflows are read by the screen, status --all and watch --all)");
            assertThat(listed).extracting(r -> r.get("repository").asText()).doesNotContain("acme/service-002");

            Result status = commands.execute(List.of("status", "--json")).result();
            assertThat(status.exitCode()).as(status.error()).isEqualTo(Exit.BACKEND);
            JsonNode all = Json.MAPPER.valueToTree(status.json());
            assertThat(all).hasSize(7).allSatisfy(r -> assertThat(r.get("repository").asText()).startsWith("acme/"));
            assertThat(all).filteredOn(r -> r.get("repository").asText().equals("acme/service-003")).singleElement()
                    .satisfies(r -> {
                        assertThat(r.get("access").asText()).isEqualTo("error");
                        assertThat(r.get("error").asText()).startsWith("workflows not read: ").contains("403");
                    });
            assertThat(all).filteredOn(r -> !r.get("repository").asText().equals("acme/service-003"))
                    .allSatisfy(r -> assertThat(r.get("stages").size()).isPositive());

            // the hourly listing is conditional: unchanged, GitHub answers 304, which spends none of the primary budget
            Config.Org acme = root.fleet().orgs().get(0);
            String token = env().get("GH_TOKEN");
            int before = sandbox.server().budget().peek(token).used();
            root.fleet().discover(acme, true);
            assertThat(sandbox.server().budget().peek(token).used()).isEqualTo(before);
            assertThat(root.fleet().discoveries()).singleElement().satisfies(d -> assertThat(d.repos()).hasSize(7));

            Result again = commands.execute(List.of("repo")).result();
            assertThat(again.text()).containsPattern("acme/service-003 +workflows unreadable").endsWith("judged 7 of 7");
        }
    }

    @Test
    void watchAllEndsAtOnceWhenNoRepositoryCanBeReadAndSaysWhy() throws Exception {
        sandbox = Sandbox.start(Sandbox.Options.defaults().withRepos(2));
        for (String r : sandbox.repos()) sandbox.served().forbidContents(r);
        try (Baton root = new Baton(env(), new BatonOptions(List.of(), null, false, List.of("acme"), false))) {
            Commands commands = new Commands(root, FrontendIo.script());
            Result w = commands.execute(List.of("watch", "--until", "idle", "--timeout", "60s")).result();
            assertThat(w.exitCode()).as(w.text()).isEqualTo(Exit.BACKEND);
            assertThat(w.text()).isEqualTo("watch: idle in 0 repositories (none could be read)");
            assertThat(w.error()).contains("acme/sentiment-analyzer: workflows not read: ", "acme/service-001: workflows not read: ");
        }
    }

    private static boolean await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) return false;
            Thread.sleep(50);
        }
        return true;
    }
}
