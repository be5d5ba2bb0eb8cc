package dev.baton.probe;

import dev.baton.probe.DispatchChain.Link;
import dev.baton.probe.DispatchChain.Via;
import dev.baton.workflow.WorkflowParser;
import dev.baton.workflow.WorkflowSpec;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DispatchChainTest {
    /** The sandbox's pipeline: deploy-dev -> workflow_run -> build-and-promote -> workflow_run -> deploy-prod, on main. */
    static Map<String, WorkflowSpec> sandbox() {
        Map<String, WorkflowSpec> out = new LinkedHashMap<>();
        for (String f : List.of("deploy-dev.yml", "build-and-promote.yml", "deploy-prod.yml")) {
            String path = ".github/workflows/" + f;
            try (InputStream in = DispatchChainTest.class.getResourceAsStream("/sandbox/repo/" + path)) {
                out.put(f, WorkflowParser.parse(path, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    static Map<String, WorkflowSpec> repo(String... fileThenYaml) {
        Map<String, WorkflowSpec> out = new LinkedHashMap<>();
        for (int i = 0; i < fileThenYaml.length; i += 2) {
            out.put(fileThenYaml[i], WorkflowParser.parse(".github/workflows/" + fileThenYaml[i], fileThenYaml[i + 1]));
        }
        return out;
    }

    static List<String> files(DispatchChain c) {
        return c.links().stream().map(Link::workflow).toList();
    }

    @Test
    void buildAndPromoteOnMainSetsOffTheProductionDeploy() {
        DispatchChain c = DispatchChain.of(sandbox(), "build-and-promote.yml", "main", Map.of());
        assertThat(files(c)).containsExactly("build-and-promote.yml", "deploy-prod.yml");
        Link root = c.links().get(0), prod = c.links().get(1);
        assertThat(root.via()).isEqualTo(Via.DISPATCH);
        assertThat(root.environments()).containsExactly("preprod");
        assertThat(root.deploysProduction()).as("preprod is not production").isFalse();
        assertThat(prod.via()).isEqualTo(Via.WORKFLOW_RUN);
        assertThat(prod.parent()).isZero();
        assertThat(prod.environments()).containsExactly("production", "production-auto");
        assertThat(prod.production()).containsExactly("deploy-production", "production", "production-auto");
        assertThat(c.path(prod)).isEqualTo("build-and-promote.yml -> workflow_run -> deploy-prod.yml");
        assertThat(c.productionText()).isEqualTo("build-and-promote.yml -> workflow_run -> deploy-prod.yml deploys production"
                + " (deploy-production, production, production-auto)");
        assertThat(c.chainedRunWorkflows()).containsExactly("deploy-prod.yml");
        assertThat(c.chainedRuns()).containsExactly(Map.entry("deploy-prod.yml", true));
    }

    @Test
    void deployDevReachesProductionTwoLevelsDown() {
        DispatchChain c = DispatchChain.of(sandbox(), "deploy-dev.yml", "main", Map.of());
        assertThat(files(c)).containsExactly("deploy-dev.yml", "build-and-promote.yml", "deploy-prod.yml");
        assertThat(c.links()).extracting(Link::depth).containsExactly(0, 1, 2);
        assertThat(c.path(c.links().get(2))).isEqualTo("deploy-dev.yml -> workflow_run -> build-and-promote.yml -> workflow_run -> deploy-prod.yml");
        assertThat(c.production()).extracting(Link::workflow).containsExactly("deploy-prod.yml");
    }

    @Test
    void theDispatchedProductionWorkflowKeepsTheGuardsWording() {
        DispatchChain c = DispatchChain.of(sandbox(), "deploy-prod.yml", "main", Map.of());
        assertThat(files(c)).containsExactly("deploy-prod.yml");
        assertThat(c.productionText()).isEqualTo("deploy-prod.yml (deploy-production, production, production-auto) looks like production");
    }

    @Test
    void aBranchFilterThatExcludesTheRefStopsTheChain() {
        DispatchChain c = DispatchChain.of(sandbox(), "build-and-promote.yml", "feature/x", Map.of());
        assertThat(files(c)).containsExactly("build-and-promote.yml");
        assertThat(c.productionText()).isNull();
        assertThat(DispatchChain.of(sandbox(), "build-and-promote.yml", "refs/heads/main", Map.of()).links()).hasSize(2);
    }

    @Test
    void branchGlobsAndIgnoreLists() {
        Map<String, Object> release = Map.of("branches", List.of("release/**", "!release/old/*"));
        assertThat(DispatchChain.branchMatches(release, "release/1/2")).isTrue();
        assertThat(DispatchChain.branchMatches(release, "release/old/x")).isFalse();
        assertThat(DispatchChain.branchMatches(release, "main")).isFalse();
        assertThat(DispatchChain.branchMatches(Map.of("branches", List.of("rel-*")), "rel-1")).isTrue();
        assertThat(DispatchChain.branchMatches(Map.of("branches", List.of("rel-*")), "rel-1/x")).isFalse();
        assertThat(DispatchChain.branchMatches(Map.of("branches-ignore", List.of("main")), "main")).isFalse();
        assertThat(DispatchChain.branchMatches(Map.of("types", List.of("completed")), "anything")).isTrue();
    }

    static final String CALLEE = """
            name: Reusable deploy
            on:
              workflow_call:
                inputs:
                  environment: {type: string, default: staging}
            jobs:
              apply:
                runs-on: ubuntu-latest
                environment: ${{ inputs.environment }}
                steps: [{run: terraform apply}]
            """;

    @Test
    void aReusableWorkflowPassedProductionDeploysProduction() {
        Map<String, WorkflowSpec> repo = repo("release.yml", """
                name: Release
                on: workflow_dispatch
                jobs:
                  build:
                    runs-on: ubuntu-latest
                    steps: [{run: make}]
                  ship:
                    needs: build
                    uses: ./.github/workflows/deploy.yml
                    with:
                      environment: production
                """, "deploy.yml", CALLEE);
        DispatchChain c = DispatchChain.of(repo, "release.yml", "main", Map.of());
        assertThat(files(c)).containsExactly("release.yml", "deploy.yml");
        Link callee = c.links().get(1);
        assertThat(callee.via()).isEqualTo(Via.USES);
        assertThat(callee.job()).isEqualTo("ship");
        assertThat(callee.ownRun()).isFalse();
        assertThat(callee.environments()).containsExactly("production");
        assertThat(c.productionText()).isEqualTo("release.yml -> uses (job ship) -> deploy.yml deploys production (production)");
        assertThat(c.chainedRunWorkflows()).as("a reusable workflow runs inside its caller's run").isEmpty();
        assertThat(c.chainedRuns()).isEmpty();
    }

    @Test
    void aReusableWorkflowFollowsTheDispatchInputsAndItsOwnDefaults() {
        String caller = """
                on:
                  workflow_dispatch:
                    inputs:
                      target: {type: choice, options: [staging, production], default: staging}
                jobs:
                  ship:
                    uses: ./.github/workflows/deploy.yml
                    with:
                      environment: ${{ inputs.target }}
                  again:
                    uses: ./.github/workflows/deploy.yml
                """;
        Map<String, WorkflowSpec> repo = repo("release.yml", caller, "deploy.yml", CALLEE);
        DispatchChain staging = DispatchChain.of(repo, "release.yml", "main", Map.of());
        assertThat(staging.links()).extracting(Link::job).containsExactly(null, "ship", "again");
        assertThat(staging.links().get(1).environments()).containsExactly("staging");
        assertThat(staging.links().get(2).environments()).as("the callee's default").containsExactly("staging");
        assertThat(staging.productionText()).isNull();
        DispatchChain prod = DispatchChain.of(repo, "release.yml", "main", Map.of("target", "production"));
        assertThat(prod.production()).extracting(Link::job).containsExactly("ship");
    }

    @Test
    void anEnvironmentThatCannotBeKnownCountsAsPossiblyProduction() {
        Map<String, WorkflowSpec> repo = repo("deploy.yml", """
                on: workflow_dispatch
                jobs:
                  apply:
                    runs-on: ubuntu-latest
                    environment: ${{ vars.DEPLOY_ENV }}
                    steps: [{run: terraform apply}]
                """);
        DispatchChain c = DispatchChain.of(repo, "deploy.yml", "main", Map.of());
        assertThat(c.links().get(0).production()).containsExactly("${{ vars.DEPLOY_ENV }} (could be production)");
    }

    @Test
    void anotherRepositorysReusableWorkflowIsListedAndJudgedByItsPath() {
        Map<String, WorkflowSpec> repo = repo("release.yml", """
                on: workflow_dispatch
                jobs:
                  prod:
                    uses: acme/infra/.github/workflows/deploy-production.yml@v1
                  docs:
                    uses: acme/infra/.github/workflows/publish-docs.yml@v1
                """);
        DispatchChain c = DispatchChain.of(repo, "release.yml", "main", Map.of());
        assertThat(c.links()).extracting(Link::external).containsExactly(false, true, true);
        assertThat(c.production()).extracting(Link::workflow).containsExactly("acme/infra/.github/workflows/deploy-production.yml@v1");
    }

    @Test
    void cyclesEndAndOnlyARunsNameTriggersWorkflowRun() {
        Map<String, WorkflowSpec> repo = repo(
                "a.yml", """
                        name: A
                        on:
                          workflow_dispatch:
                          workflow_run: {workflows: [B]}
                          workflow_call:
                        jobs:
                          call: {uses: ./.github/workflows/b.yml}
                        """,
                "b.yml", """
                        name: B
                        on:
                          workflow_run: {workflows: [A]}
                          workflow_call:
                        jobs:
                          call: {uses: ./.github/workflows/a.yml}
                          deploy: {runs-on: x, environment: prod, steps: [{run: x}]}
                        """);
        DispatchChain c = DispatchChain.of(repo, "a.yml", "main", Map.of());
        // inside one run a.yml and b.yml call each other: followed once; each workflow_run is a new run (and path),
        // until GitHub's three levels
        assertThat(c.links()).extracting(l -> c.path(l)).containsExactly(
                "a.yml",
                "a.yml -> uses (job call) -> b.yml",
                "a.yml -> workflow_run -> b.yml",
                "a.yml -> workflow_run -> b.yml -> uses (job call) -> a.yml",
                "a.yml -> workflow_run -> b.yml -> workflow_run -> a.yml",
                "a.yml -> workflow_run -> b.yml -> workflow_run -> a.yml -> uses (job call) -> b.yml");
        assertThat(c.chainedRunWorkflows()).containsExactly("b.yml", "a.yml");
        assertThat(c.production()).extracting(Link::workflow).containsOnly("b.yml");
        // a.yml's run set off by b.yml calls b.yml, which deploys prod: that run deploys production
        assertThat(c.chainedRuns()).containsExactly(Map.entry("b.yml", true), Map.entry("a.yml", true));
    }

    @Test
    void workflowRunChainsStopAtGitHubsThreeLevels() {
        Map<String, WorkflowSpec> repo = new LinkedHashMap<>();
        for (int i = 1; i <= 5; i++) {
            repo.putAll(repo("w" + i + ".yml", "name: W" + i + "\non:\n  workflow_dispatch:\n"
                    + (i > 1 ? "  workflow_run: {workflows: [W" + (i - 1) + "]}\n" : "")
                    + "jobs:\n  j: {runs-on: x, environment: production, steps: [{run: x}]}\n"));
        }
        assertThat(files(DispatchChain.of(repo, "w1.yml", "main", Map.of()))).containsExactly("w1.yml", "w2.yml", "w3.yml");
    }

    @Test
    void anUnknownRootIsAnError() {
        assertThatThrownBy(() -> DispatchChain.of(sandbox(), "nope.yml", "main", Map.of())).hasMessageContaining("nope.yml");
    }
}
