package dev.baton.sandbox;

import dev.baton.model.Simulation;
import dev.baton.model.Simulation.SimulatedRun;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The simulator on the manual clock: the sandbox's rules over given workflow files, classified run by run. */
class SandboxSimulatorTest {
    private final SandboxSimulator simulator = new SandboxSimulator();

    private static List<SimulatedRun> of(Simulation sim, String workflow) {
        return sim.runs().stream().filter(r -> r.workflow().equals(workflow)).toList();
    }

    private static Map<String, String> repo(String... overlays) {
        return new LinkedHashMap<>(RepoContent.load(List.of(overlays), Map.of()).files);
    }

    @Test
    void threeMergesInTwentySecondsEvictTheMiddleOneAtEveryStage() {
        Simulation sim = simulator.simulate(Map.of(), "rapid-merges", null, 0, null);
        List<SimulatedRun> dev = of(sim, "deploy-dev.yml");
        assertThat(dev).extracting(SimulatedRun::actor).containsExactly("alice", "bob", "carol");
        assertThat(dev).extracting(SimulatedRun::outcome).containsExactly(Simulation.SUCCESS, Simulation.EVICTED, Simulation.SUCCESS);
        assertThat(dev.get(1).replacedBy()).isEqualTo(dev.get(2).id());
        assertThat(dev.get(1).detail()).isEqualTo("evicted from terraform-deploy-dev by deploy-dev.yml #3");
        assertThat(dev.get(1).startedAt()).isNull();
        assertThat(dev.get(1).endedAt()).as("evicted the instant #3 arrived").isEqualTo(dev.get(2).createdAt());
        assertThat(dev.get(2).startedAt()).as("#3 waits for #1").isEqualTo(dev.get(0).endedAt());
        // the evicted commit's follow-up runs are skipped; the other two commits reach production in order
        for (String wf : List.of("build-and-promote.yml", "deploy-prod.yml")) {
            assertThat(of(sim, wf)).extracting(r -> r.actor() + " " + r.outcome())
                    .containsExactly("bob skipped", "alice success", "carol success");
        }
        assertThat(of(sim, "build-and-promote.yml").get(0).detail()).isEqualTo("its jobs' if: was false (after deploy-dev.yml #2, cancelled)");
        assertThat(of(sim, "deploy-prod.yml").get(1).detail()).isEqualTo("waited 45s (production needs approval)");
        assertThat(sim.runs()).allMatch(r -> r.overlaps().isEmpty());
        assertThat(sim.events()).extracting(Simulation.Step::what)
                .containsExactly("merge by alice: Fix timeout in sentiment handler (#412)", "merge by bob: Add retry to the ingest client (#413)",
                        "merge by carol: Raise analyzer memory to 1024 MB (#414)");
        assertThat(sim.notes()).anyMatch(n -> n.contains("production (reviewers release-manager)") && n.contains("approved 45s after"));
    }

    @Test
    void givenWorkflowsReplaceTheSandboxRepositorysAndOverlapsAreFound() {
        // the repository under test has no group on its production deploy
        Simulation sim = simulator.simulate(repo("no-concurrency"), "dependabot-vs-human", null, 0, null);
        List<SimulatedRun> prod = of(sim, "deploy-prod.yml");
        assertThat(prod).extracting(SimulatedRun::actor).containsExactly("dependabot[bot]", "dana");
        assertThat(prod).extracting(SimulatedRun::group).containsOnlyNulls();
        assertThat(prod.get(0).environments()).containsExactly("production-auto");
        assertThat(prod.get(1).environments()).containsExactly("production");
        assertThat(prod.get(0).overlaps()).as("production-auto and production are one target").containsExactly(prod.get(1).id());
        assertThat(prod.get(1).overlaps()).containsExactly(prod.get(0).id());
        assertThat(prod.get(1).detail()).contains("overlapped deploy-prod.yml #1");
    }

    @Test
    void overlapsCarryTheEnvironmentAndWhenAndAgreeWithEachRun() {
        Simulation sim = simulator.simulate(repo("no-concurrency"), "dependabot-vs-human", null, 0, null);
        List<SimulatedRun> prod = of(sim, "deploy-prod.yml");
        assertThat(sim.overlaps()).hasSize(1);
        Simulation.Overlap o = sim.overlaps().get(0);
        assertThat(List.of(o.a(), o.b())).containsExactlyInAnyOrder(prod.get(0).id(), prod.get(1).id());
        assertThat(o.environment()).isEqualTo("production");
        assertThat(o.from()).isBefore(o.to());
        assertThat(o.from()).isAfterOrEqualTo(prod.get(1).startedAt());

        Simulation none = simulator.simulate(Map.of(), "rapid-merges", null, 0, null);
        assertThat(none.overlaps()).isEmpty();
        assertThat(none.locksLeft()).isEmpty();
    }

    @Test
    void aLockLeftBehindIsReportedWithTheRunThatWroteIt() {
        Simulation sim = simulator.simulate(Map.of(), "orphaned-lock", null, 0, null);
        assertThat(sim.locksLeft()).hasSize(1);
        Simulation.LeftLock lock = sim.locksLeft().get(0);
        assertThat(lock.key()).isEqualTo("prod/terraform.tfstate.tflock");
        assertThat(lock.id()).matches("[0-9a-f-]{36}");
        SimulatedRun writer = sim.runs().stream().filter(r -> r.id() == lock.run()).findFirst().orElseThrow();
        assertThat(writer.label()).isEqualTo("deploy-prod.yml #1");
        assertThat(writer.outcome()).isEqualTo(Simulation.FAILURE);
        assertThat(sim.notes()).anyMatch(n -> n.startsWith("a state lock was left behind by deploy-prod.yml #1 (failure): s3://")
                && n.contains(lock.id()));
    }

    @Test
    void aFailureSaysTerraformsErrorNotOnlyItsExitCode() {
        Map<String, String> files = Map.of(".github/workflows/deploy.yml", """
                on: {push: {branches: [main]}}
                jobs:
                  deploy:
                    runs-on: ubuntu-latest
                    steps: [{run: terraform -chdir=infra apply -auto-approve}]
                """);
        Simulation sim = simulator.simulate(files, "rapid-merges", null, 0, null);
        assertThat(sim.runs()).isNotEmpty().allSatisfy(r -> {
            assertThat(r.outcome()).isEqualTo(Simulation.FAILURE);
            assertThat(r.detail()).isEqualTo("deploy: Error: Backend initialization required, please run \"terraform init\"");
        });
    }

    @Test
    void onlyTheGivenWorkflowsRun() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put(".github/workflows/ship.yml", repo().get(".github/workflows/deploy-dev.yml").replace("name: Deploy Dev", "name: Ship"));
        files.put("infrastructure/terraform/backend-dev.hcl", repo().get("infrastructure/terraform/backend-dev.hcl"));
        Simulation sim = simulator.simulate(files, "rapid-merges", null, 0, null);
        assertThat(sim.runs()).extracting(SimulatedRun::workflow).containsOnly("ship.yml");
        assertThat(sim.runs()).extracting(SimulatedRun::outcome).containsExactly(Simulation.SUCCESS, Simulation.EVICTED, Simulation.SUCCESS);
    }

    @Test
    void cancelInProgressCancelsTheRunningDeploy() {
        String yaml = """
                events:
                  - at: 5s
                    dispatch: {workflow: build-and-promote.yml}
                  - at: 40s
                    dispatch: {workflow: build-and-promote.yml}
                """;
        Simulation sim = simulator.simulate(repo("cancel-in-progress"), "manual-twice", yaml, 0, null);
        assertThat(sim.scenario()).isEqualTo("manual-twice");
        List<SimulatedRun> preprod = of(sim, "build-and-promote.yml");
        assertThat(preprod).extracting(SimulatedRun::outcome).containsExactly(Simulation.CANCELLED, Simulation.SUCCESS);
        assertThat(preprod.get(0).startedAt()).isNotNull();
        assertThat(preprod.get(0).replacedBy()).isEqualTo(preprod.get(1).id());
        assertThat(preprod.get(0).detail()).isEqualTo("cancelled while running by build-and-promote.yml #2 (cancel-in-progress in deploy-preprod)");
    }

    @Test
    void withoutApprovalsAHumanProductionDeployIsLeftWaiting() {
        String yaml = """
                events:
                  - at: 5s
                    dispatch: {workflow: deploy-prod.yml, actor: dana}
                """;
        Simulation sim = simulator.simulate(Map.of(), "no-reviewer", yaml, 0, null);
        assertThat(sim.runs()).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(Simulation.WAITING);
            assertThat(r.detail()).isEqualTo("waiting for approval (production)");
            assertThat(r.endedAt()).isNull();
        });
        assertThat(sim.notes()).anyMatch(n -> n.contains("this scenario approves only with approve events"));
    }

    @Test
    void progressLinesFollowEveryRunOnAScaledClock() {
        String yaml = """
                events:
                  - at: 1s
                    dependabot-merge: {}
                durations: {apply: 1s, init: 1s, checkout: 1s}
                """;
        List<String> lines = new ArrayList<>();
        Simulation sim = simulator.simulate(Map.of(), "quick", yaml, 200, lines::add);
        assertThat(sim.withOutcome(Simulation.SUCCESS)).extracting(SimulatedRun::workflow)
                .containsExactly("deploy-dev.yml", "build-and-promote.yml", "deploy-prod.yml");
        assertThat(lines).anyMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d  deploy-dev.yml #1 \\(push by dependabot\\[bot]\\) completed success  \\[terraform-deploy-dev]"));
        assertThat(lines).anyMatch(l -> l.contains("deploy-prod.yml #1 (workflow_run by dependabot[bot]) in_progress"));
    }

    @Test
    void badInputIsAOneLineError() {
        assertThatThrownBy(() -> simulator.simulate(Map.of("README.md", "hi"), "rapid-merges", null, 0, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("no workflow files (.github/workflows/*.yml) to simulate");
        assertThatThrownBy(() -> simulator.simulate(Map.of(), "nope", null, 0, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("unknown scenario 'nope' (known: idle,");
        assertThatThrownBy(() -> simulator.simulate(Map.of(), "mine", "events: [{at: 1s, explode: {}}]", 0, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("scenario mine event 1: expected exactly one of");
        assertThatThrownBy(() -> simulator.simulate(Map.of(), "idle", null, -1, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
