package dev.baton.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.model.Simulation;
import dev.baton.sandbox.GitHubServer;
import dev.baton.sandbox.SandboxSimulator;
import dev.baton.sandbox.SimEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** The simulate command: what it hands the simulator port, and how it shows the prediction. */
class SimulateCommandTest {
    static final Path SANDBOX_REPO = LintCommandTest.SANDBOX_REPO;
    static final Instant T0 = Instant.parse("2026-11-26T14:00:00Z");

    @TempDir
    Path home;
    @RegisterExtension
    final SessionPerTest session = new SessionPerTest(() -> home);
    private final FrontendIo io = FrontendIo.script();

    /** A fake at the port boundary: records the call, answers an empty prediction. */
    static final class Recorder implements Simulator {
        Map<String, String> files;
        String name;
        String yaml;
        double speed;
        Consumer<String> progress;

        @Override
        public Simulation simulate(Map<String, String> repoFiles, String scenarioName, String scenarioYaml, double speed, Consumer<String> progress) {
            this.files = repoFiles;
            this.name = scenarioName;
            this.yaml = scenarioYaml;
            this.speed = speed;
            this.progress = progress;
            return new Simulation(scenarioName, "", T0, T0.plusSeconds(60), List.of(), List.of(), List.of(), List.of(), List.of());
        }
    }

    private Result simulate(Simulator simulator, String... args) {
        Baton baton = session.baton();
        baton.simulator(simulator);
        List<String> words = new ArrayList<>(List.of("simulate"));
        words.addAll(List.of(args));
        return new Commands(baton, io).execute(words).result();
    }

    @Test
    void withoutASimulatorItSaysSoInOneLine() {
        Result r = simulate(null, "--scenario", "rapid-merges");
        assertThat(r.exitCode()).isEqualTo(Exit.BACKEND);
        assertThat(r.text()).isEqualTo(SimulateCommand.NOT_WIRED).doesNotContain("\n");
    }

    @Test
    void predictsTheEvictionOnTheSandboxsDefaultRepository() {
        Result r = simulate(new SandboxSimulator()::simulate, "--scenario", "rapid-merges");
        assertThat(r.exitCode()).isEqualTo(Exit.OK);
        String text = r.text();
        List<String> lines = text.lines().toList();
        assertThat(lines.get(0)).isEqualTo("simulate the sandbox's default repository, scenario rapid-merges");
        assertThat(lines.get(1)).isEqualTo("9 runs: 6 success, 1 evicted, 2 skipped; no overlap");
        assertThat(lines).contains("  +15s    merge by bob: Add retry to the ingest client (#413)");
        int row = lines.indexOf(lines.stream().filter(l -> l.startsWith("  deploy-dev.yml #2 ")).findFirst().orElseThrow());
        assertThat(lines.get(row)).matches("  deploy-dev.yml #2 +\\+15s +- +\\+25s +evicted");
        assertThat(lines.get(row + 1) + " " + lines.get(row + 2).strip())
                .matches("      push by bob \\(\\w{7}\\) in terraform-deploy-dev; evicted from terraform-deploy-dev by deploy-dev.yml #3");
        assertThat(text).contains("group terraform-deploy-dev", "X evicted").doesNotContain("overlap (RACE)");
        assertThat(lines.stream().filter(l -> l.startsWith("  deploy-dev #2 bob")).findFirst().orElseThrow()).endsWith("X");
        assertThat(lines).as("fits an 80-column terminal and the screen's pop-up")
                .allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(Text.WRAP)).noneMatch(l -> l.endsWith(" "));
        JsonNode json = (JsonNode) r.json();
        assertThat(json.path("source").asText()).isEqualTo("the sandbox's default repository");
        assertThat(json.path("runs")).hasSize(9);
        assertThat(json.path("runs").get(1).path("outcome").asText()).isEqualTo("evicted");
        assertThat(json.path("runs").get(1).path("createdAt").asText()).isEqualTo("2026-11-26T14:00:15Z");
    }

    @Test
    void theTimelineMarksTheOverlapsTheSummaryCounts(@TempDir Path dir) throws IOException {
        // three pushes whose runs are alive at once but deploy production one after another (plan, then approval)
        Path wf = Files.createDirectories(dir.resolve(".github/workflows"));
        Files.writeString(wf.resolve("deploy.yml"), """
                on: {push: {branches: [main]}}
                jobs:
                  plan: {runs-on: ubuntu-latest, steps: [{run: terraform -chdir=infra init}]}
                  deploy:
                    needs: plan
                    runs-on: ubuntu-latest
                    environment: production
                    steps: [{run: terraform -chdir=infra apply -auto-approve}]
                """);
        String apart = simulate(new SandboxSimulator()::simulate, dir.toString(), "--scenario", "rapid-merges").text();
        assertThat(apart.lines().toList().get(1)).endsWith("; no overlap");
        assertThat(apart).as("runs alive at once are no race").doesNotContain("overlap (RACE)");

        // the sandbox's dev deploy without its group: the three merges apply dev at once
        Path racingRepo = Files.createDirectories(dir.resolve("racing/.github/workflows"));
        String dev = Files.readString(SANDBOX_REPO.resolve(".github/workflows/deploy-dev.yml"));
        Files.writeString(racingRepo.resolve("deploy-dev.yml"), dev.replaceFirst("(?s)\nconcurrency:.*?\n\n", "\n"));
        String racing = simulate(new SandboxSimulator()::simulate, dir.resolve("racing").toString(), "--scenario", "rapid-merges").text();
        assertThat(racing.lines().toList().get(1)).endsWith("; 3 overlapping");
        assertThat(racing).contains("overlap (RACE)");
    }

    @Test
    void aCheckoutIsReadWithItsBackendFiles() {
        Recorder rec = new Recorder();
        assertThat(simulate(rec, SANDBOX_REPO.toString(), "--scenario", "rapid-merges").exitCode()).isEqualTo(Exit.OK);
        assertThat(rec.files).containsKeys(".github/workflows/deploy-dev.yml", ".github/workflows/build-and-promote.yml",
                ".github/workflows/deploy-prod.yml", "infrastructure/terraform/backend-prod.hcl");
        assertThat(rec.name).isEqualTo("rapid-merges");
        assertThat(rec.yaml).isNull();
        assertThat(rec.speed).isZero();
        assertThat(rec.progress).as("nothing to stream when it runs at once").isNull();

        Recorder folder = new Recorder();
        simulate(folder, SANDBOX_REPO.resolve(".github/workflows").toString(), "--scenario", "idle");
        assertThat(folder.files).containsOnlyKeys(".github/workflows/deploy-dev.yml", ".github/workflows/build-and-promote.yml",
                ".github/workflows/deploy-prod.yml");
    }

    @Test
    void aScenarioFileIsPassedAsYamlAndSpeedStreamsProgress(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("burst.yaml");
        Files.writeString(file, "events:\n  - at: 1s\n    merge: {}\n");
        Recorder rec = new Recorder();
        assertThat(simulate(rec, "--scenario", file.toString(), "--speed", "50").exitCode()).isEqualTo(Exit.OK);
        assertThat(rec.name).isEqualTo("burst");
        assertThat(rec.yaml).isEqualTo("events:\n  - at: 1s\n    merge: {}\n");
        assertThat(rec.speed).isEqualTo(50);
        List<String> streamed = new ArrayList<>();
        io.onStream(streamed::add);
        rec.progress.accept("14:00:01  deploy-dev.yml #1 queued");
        assertThat(streamed).containsExactly("14:00:01  deploy-dev.yml #1 queued");
    }

    @Test
    void badInputIsAOneLineUsageError() {
        Recorder rec = new Recorder();
        assertThat(simulate(rec, "--scenario", "nope/burst.yml").text()).isEqualTo("simulate: no such scenario file: nope/burst.yml");
        assertThat(simulate(rec, "--scenario", "idle", "--speed", "fast").text())
                .isEqualTo("simulate: --speed takes max or a positive number, not 'fast'");
        assertThat(simulate(rec, "--scenario", "idle", home.resolve("none").toString()).exitCode()).isEqualTo(Exit.USAGE);
        assertThat(simulate(rec).exitCode()).as("--scenario is required").isEqualTo(Exit.USAGE);
        Result unknown = simulate(new SandboxSimulator()::simulate, "--scenario", "nope");
        assertThat(unknown.exitCode()).isEqualTo(Exit.USAGE);
        assertThat(unknown.text()).startsWith("simulate: unknown scenario 'nope' (known: idle, rapid-merges");
        assertThat(rec.files).as("the simulator was never called").isNull();
    }

    @Test
    void theSessionsRepositoryIsReadThroughTheApi() {
        try (SimEngine engine = SimEngine.create()) {
            GitHubServer server = new GitHubServer(engine.state(), 0, "t0ken").start();
            try {
                session.env.put("GITHUB_API_URL", server.baseUrl());
                session.env.put("GH_TOKEN", "t0ken");
                session.env.put("BATON_REPO", engine.state().repo().fullName());
                Recorder rec = new Recorder();
                Result r = simulate(rec, "--scenario", "rapid-merges", "-o", "json");
                assertThat(r.exitCode()).isEqualTo(Exit.OK);
                assertThat(((JsonNode) r.json()).path("source").asText()).isEqualTo("acme/sentiment-analyzer");
                assertThat(rec.files).containsKeys(".github/workflows/deploy-dev.yml", ".github/workflows/deploy-prod.yml",
                        "infrastructure/terraform/backend-dev.hcl", "infrastructure/terraform/main.tf");
                assertThat(rec.files.get(".github/workflows/deploy-prod.yml"))
                        .isEqualTo(engine.state().file(".github/workflows/deploy-prod.yml", null).orElseThrow());
            } finally {
                server.close();
            }
        }
    }

    @Test
    void offsetsAreDurationsAsEverywhereElse() {
        assertThat(dev.baton.render.TimeRender.offset(Duration.ofSeconds(5))).isEqualTo("+5s");
        assertThat(dev.baton.render.TimeRender.offset(Duration.ofSeconds(457))).isEqualTo("+7m37s");
        assertThat(dev.baton.render.TimeRender.offset(Duration.ofSeconds(3723))).isEqualTo("+1h02m");
    }

    @Test
    void lintAndSimulateChangeNothingSoReadOnlyKeepsThem() {
        Baton readOnly = session.baton(true);
        Commands ro = new Commands(readOnly, FrontendIo.script());
        assertThat(ro.names()).contains("lint", "simulate");
        assertThat(ro.execute(List.of("lint", SANDBOX_REPO.toString())).result().exitCode()).isEqualTo(Exit.OK);
        readOnly.simulator(new Recorder());
        assertThat(ro.execute(List.of("simulate", "--scenario", "idle")).result().exitCode()).isEqualTo(Exit.OK);
    }
}
