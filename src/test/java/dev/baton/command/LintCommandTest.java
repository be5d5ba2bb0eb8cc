package dev.baton.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.sandbox.GitHubServer;
import dev.baton.sandbox.SimEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The lint command over the sandbox's default repository: as a checkout and through the contents API (real hub4j). */
class LintCommandTest {
    /** The sandbox's default repository as it sits in the source tree: a checkout. */
    static final Path SANDBOX_REPO = Path.of("src/main/resources/sandbox/repo");

    @TempDir
    Path home;
    @RegisterExtension
    final SessionPerTest session = new SessionPerTest(() -> home);

    private Commands.Execution lint(String... args) {
        List<String> words = new ArrayList<>(List.of("lint"));
        words.addAll(List.of(args));
        return new Commands(session.baton(), FrontendIo.script()).execute(words);
    }

    @Test
    void explainsTheEvictionRiskOfDeployProduction() {
        Result r = lint(SANDBOX_REPO.toString()).result();
        assertThat(r.exitCode()).as("warnings only").isEqualTo(Exit.OK);
        assertThat(r.kind()).as("the screen keeps a report in a pane").isEqualTo(Result.Kind.REPORT);
        String text = r.text();
        assertThat(text.lines().findFirst().orElseThrow()).isEqualTo("lint " + SANDBOX_REPO + " (3 workflows, 4 backend files)");
        assertThat(text).contains(".github/workflows/deploy-prod.yml:");
        String prod = block(text, ".github/workflows/deploy-prod.yml");
        assertThat(prod).contains("warning [deploy-queue-single]", "deploy-production");
        String unwrapped = text.replaceAll("\\s+", " ");
        assertThat(unwrapped.split("A runs, B is cancelled, C runs after A", -1)).as("the rule's why, once for 3 findings").hasSize(2);
        assertThat(unwrapped).contains("fix: Add 'queue: max'");
        assertThat(text.strip()).endsWith("0 errors, 3 warnings, 0 notes");
    }

    /** The finding's lines (up to the next unindented line), unwrapped. */
    private static String block(String text, String file) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).startsWith(file + ":")) continue;
            StringBuilder sb = new StringBuilder(lines.get(i));
            for (int j = i + 1; j < lines.size() && lines.get(j).startsWith(" "); j++) sb.append(' ').append(lines.get(j).strip());
            return sb.toString();
        }
        throw new AssertionError("no finding for " + file + " in\n" + text);
    }

    @Test
    void textIsWrappedForAPopUp() {
        String text = lint(SANDBOX_REPO.toString()).result().text();
        assertThat(text.lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(Text.WRAP));
        assertThat(text.lines().filter(l -> !l.startsWith(" ")).skip(1).limit(3))
                .allSatisfy(l -> assertThat(l).matches("\\.github/workflows/[a-z-]+\\.yml:\\d+: warning \\[deploy-queue-single\\]( .*)?"));
    }

    @Test
    void sarifIsAValidLogWithTheRuleAndTheLocation() throws IOException {
        Commands.Execution ex = lint(SANDBOX_REPO.toString(), "--format", "sarif");
        assertThat(ex.json()).as("printed as the SARIF text, not as -o json").isFalse();
        JsonNode sarif = Json.MAPPER.readTree(ex.result().text());
        assertThat(sarif).isEqualTo(ex.result().json());
        assertThat(sarif.path("version").asText()).isEqualTo("2.1.0");
        assertThat(sarif.path("$schema").asText()).contains("sarif-2.1.0");
        JsonNode run = sarif.path("runs").get(0);
        assertThat(run.path("tool").path("driver").path("name").asText()).isEqualTo("baton");
        JsonNode rules = run.path("tool").path("driver").path("rules");
        JsonNode prod = null;
        for (JsonNode res : run.path("results")) {
            if (res.at("/locations/0/physicalLocation/artifactLocation/uri").asText().equals(".github/workflows/deploy-prod.yml")) prod = res;
        }
        assertThat(prod).as("a result on deploy-prod.yml").isNotNull();
        assertThat(prod.path("ruleId").asText()).isEqualTo("deploy-queue-single");
        assertThat(prod.path("level").asText()).isEqualTo("warning");
        assertThat(rules.get(prod.path("ruleIndex").asInt()).path("id").asText()).isEqualTo("deploy-queue-single");
        int line = prod.at("/locations/0/physicalLocation/region/startLine").asInt();
        String source = Files.readAllLines(SANDBOX_REPO.resolve(".github/workflows/deploy-prod.yml")).get(line - 1);
        assertThat(source).as("line %d points at the group", line).containsAnyOf("concurrency", "group: deploy-production");
        assertThat(prod.at("/message/text").asText()).contains("deploy-production");
    }

    @Test
    void anErrorLevelFindingExitsOneWithTheReportOnStdoutAndJsonOnRequest(@TempDir Path repo) throws IOException {
        Path wf = repo.resolve(".github/workflows");
        Files.createDirectories(wf);
        Files.writeString(wf.resolve("deploy.yml"), """
                name: Deploy
                on:
                  push:
                    branches: [main]
                concurrency:
                  group: deploy-production
                  cancel-in-progress: true
                jobs:
                  deploy:
                    environment: production
                    runs-on: ubuntu-latest
                    steps:
                      - run: terraform apply -auto-approve -lock-timeout=5m
                """);
        Result text = lint(repo.toString()).result();
        assertThat(text.exitCode()).isEqualTo(Exit.CHECK_FAILED);
        assertThat(text.text()).contains(".github/workflows/deploy.yml:7: error [deploy-cancel-in-progress]");

        Commands.Execution json = lint(repo.toString(), "-o", "json");
        assertThat(json.json()).isTrue();
        assertThat(json.result().exitCode()).isEqualTo(Exit.CHECK_FAILED);
        assertThat(json.result().text()).as("one line for stderr").doesNotContain("\n").contains("1 error");
        JsonNode tree = (JsonNode) json.result().json();
        assertThat(tree.path("source").asText()).isEqualTo(repo.toString());
        assertThat(tree.path("summary").path("errors").asInt()).isEqualTo(1);
        assertThat(tree.path("findings").get(0).path("rule").asText()).isEqualTo("deploy-cancel-in-progress");

        assertThat(lint(repo.toString(), "--format", "json").json()).isTrue();
        assertThat(lint(repo.toString(), "--format", "text", "--json").json()).as("--format wins").isFalse();
    }

    @Test
    void invalidFilesAreCountedAndEachRuleExplainedOnce(@TempDir Path repo) throws IOException {
        Path wf = repo.resolve(".github/workflows");
        Files.createDirectories(wf);
        Files.writeString(wf.resolve("a.yml"), "on: 5\njobs: {a: {runs-on: x, steps: [{run: echo}]}}\n");
        Files.writeString(wf.resolve("b.yml"), "on: [push\njobs: {\n");
        Files.writeString(wf.resolve("c.yml"), "on: push\njobs: {a: {runs-on: x, steps: [{run: echo}]}}\n");
        Result text = lint(repo.toString()).result();
        assertThat(text.text().replaceAll("\\s+", " ")).startsWith("lint " + repo + " (3 workflows, 2 invalid, 0 backend files)");
        assertThat(text.text()).contains("a.yml:1: error [workflow-invalid]", "b.yml:");
        assertThat(text.text().split("why:", -1)).as("one why for two findings of one rule").hasSize(2);
        assertThat(text.text().split("fix:", -1)).as("the same fix is not repeated").hasSize(2);

        JsonNode tree = (JsonNode) lint(repo.toString(), "--json").result().json();
        assertThat(tree.path("workflows").asInt()).isEqualTo(3);
        assertThat(tree.path("invalidWorkflows").asInt()).isEqualTo(2);
        assertThat(tree.path("findings").get(1).path("explanation").asText()).as("JSON keeps every field").isNotBlank();
    }

    @Test
    void badInputIsAOneLineUsageError(@TempDir Path empty) {
        Result missing = lint(empty.resolve("nope").toString()).result();
        assertThat(missing.exitCode()).isEqualTo(Exit.USAGE);
        assertThat(missing.text()).isEqualTo("lint: no such file or folder: " + empty.resolve("nope"));
        assertThat(lint(".", "--repo", "a/b").result().text()).isEqualTo("lint: give PATH or --repo, not both");
        assertThat(lint("--repo", "nonsense").result().exitCode()).isEqualTo(Exit.USAGE);
        assertThat(lint("--format", "xml").result().exitCode()).isEqualTo(Exit.USAGE);
    }

    @Test
    void throughTheApiItFindsWhatTheCheckoutGives() {
        try (SimEngine engine = SimEngine.create()) {
            GitHubServer server = new GitHubServer(engine.state(), 0, "t0ken").start();
            try {
                session.env.put("GITHUB_API_URL", server.baseUrl());
                session.env.put("GH_TOKEN", "t0ken");
                Result remote = lint("--repo", engine.state().repo().fullName(), "-o", "json").result();
                Result local = lint(SANDBOX_REPO.toString(), "-o", "json").result();
                JsonNode r = (JsonNode) remote.json();
                assertThat(r.path("source").asText()).isEqualTo("acme/sentiment-analyzer");
                assertThat(r.path("workflows").asInt()).isEqualTo(3);
                assertThat(r.path("backends").asInt()).as("found through the terraform steps' working-directory: 3 .hcl and main.tf").isEqualTo(4);
                assertThat(r.path("findings")).isEqualTo(((JsonNode) local.json()).path("findings"));
            } finally {
                server.close();
            }
        }
    }

    @Test
    void backendFoldersAreWhereTerraformStepsRun() {
        String wf = """
                on: push
                jobs:
                  a:
                    runs-on: ubuntu-latest
                    steps:
                      - run: terraform init -backend-config=prod.hcl
                        working-directory: ./deploy/tf/
                      - run: tofu -chdir=stacks/prod apply -lock-timeout=5m
                      - run: echo not terraform
                        working-directory: docs
                      - run: terraform -chdir=../outside plan
                """;
        assertThat(RepoFiles.terraformDirs(Map.of(".github/workflows/a.yml", wf, "README.md", "terraform")))
                .containsExactly("deploy/tf", "stacks/prod");
    }
}
