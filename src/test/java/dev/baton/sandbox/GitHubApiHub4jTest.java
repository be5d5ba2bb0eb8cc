package dev.baton.sandbox;

import okhttp3.Cache;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kohsuke.github.GHContent;
import org.kohsuke.github.GHEvent;
import org.kohsuke.github.GHFileNotFoundException;
import org.kohsuke.github.GHRateLimit;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GHWorkflow;
import org.kohsuke.github.GHWorkflowJob;
import org.kohsuke.github.GHWorkflowRun;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.HttpException;
import org.kohsuke.github.extras.okhttp3.OkHttpGitHubConnector;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sandbox API as the real hub4j client over OkHttp with a disk cache sees it. */
class GitHubApiHub4jTest {
    private static final String TOKEN = "ghp_hub4jtesttoken";
    private static final String PROD = "deploy-prod.yml";

    @TempDir
    Path cacheDir;
    private SimEngine engine;
    private GitHubServer server;
    private GitHub github;
    private GHRepository repo;
    private Cache cache;
    private int clients;

    @BeforeEach
    void start() throws IOException {
        engine = SimEngine.create();
        server = new GitHubServer(engine.state(), 0, TOKEN).start();
        github = client(server.baseUrl(), TOKEN);
        repo = github.getRepository(repoName());
    }

    @AfterEach
    void stop() {
        server.stop();
        engine.close();
    }

    private GitHub client(String endpoint, String token) throws IOException {
        cache = new Cache(cacheDir.resolve("cache" + clients++).toFile(), 10L << 20);
        OkHttpClient ok = new OkHttpClient.Builder().cache(cache).build();
        return new GitHubBuilder().withEndpoint(endpoint).withOAuthToken(token)
                .withConnector(new OkHttpGitHubConnector(ok)).build();
    }

    private String repoName() {
        return engine.state().repo().fullName();
    }

    private SimRun latestRun() {
        return engine.state().runs(RunQuery.ALL).get(0);
    }

    @Test
    void readsTheRepository() {
        SimRepo sim = engine.state().repo();
        assertThat(repo.getFullName()).isEqualTo(repoName());
        assertThat(repo.getDefaultBranch()).isEqualTo(sim.defaultBranch());
        assertThat(repo.getHtmlUrl().toString()).isEqualTo(server.baseUrl() + "/" + repoName());
        assertThat(repo.getOwnerName()).isEqualTo(sim.owner());
        assertThat(repo.getId()).isEqualTo(sim.id());
    }

    @Test
    void unchangedPollsComeBack304AndCostNothing() throws IOException {
        repo.getWorkflow("deploy-dev.yml").dispatch("main");
        long runId = latestRun().id();
        int before = github.getRateLimit().getCore().getRemaining();
        for (int i = 0; i < 3; i++) repo.getWorkflowRun(runId);
        int after = github.getRateLimit().getCore().getRemaining();
        assertThat(before - after).as("only the first of three identical polls costs").isEqualTo(1);
        assertThat(cache.hitCount()).as("revalidated from the disk cache").isGreaterThanOrEqualTo(2);

        GHRateLimit.Record core = github.getRateLimit().getCore();
        assertThat(core.getLimit()).isEqualTo(5000);
        assertThat(core.getResetEpochSeconds()).isGreaterThan(System.currentTimeMillis() / 1000);
    }

    @Test
    void wrongTokenIs401AndUnknownRepoIs404() throws IOException {
        GitHub wrong = client(server.baseUrl(), "nope");
        assertThatThrownBy(() -> wrong.getRepository(repoName()))
                .isInstanceOfSatisfying(HttpException.class, e -> assertThat(e.getResponseCode()).isEqualTo(401));
        assertThatThrownBy(() -> github.getRepository("someone/else")).isInstanceOf(GHFileNotFoundException.class);
    }

    @Test
    void enterpriseLayoutWorksThroughHub4j() throws IOException {
        GitHub ghes = client(server.enterpriseUrl(), TOKEN);
        GHRepository r = ghes.getRepository(repoName());
        assertThat(r.getUrl().toString()).startsWith(server.enterpriseUrl() + "/repos/");
        assertThat(r.getWorkflow(PROD).getUrl().toString()).startsWith(server.enterpriseUrl() + "/repos/");
    }

    @Test
    void workflowsByIdAndFileNameAndTheirFiles() throws IOException {
        List<GHWorkflow> all = repo.listWorkflows().toList();
        assertThat(all).extracting(GHWorkflow::getPath).contains(".github/workflows/" + PROD, ".github/workflows/deploy-dev.yml");
        GHWorkflow prod = repo.getWorkflow(PROD);
        assertThat(prod.getName()).isEqualTo("Deploy to Production");
        assertThat(prod.getState()).isEqualTo("active");
        assertThat(repo.getWorkflow(prod.getId()).getPath()).isEqualTo(prod.getPath());
        assertThat(prod.getHtmlUrl().toString()).startsWith(server.baseUrl() + "/");

        GHContent file = repo.getFileContent(prod.getPath(), "main");
        String text = new String(file.read().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(text).isEqualTo(engine.state().file(prod.getPath(), "main").orElseThrow());
        assertThat(file.getSha()).hasSize(40);
        assertThat(repo.getDirectoryContent(".github/workflows", "main")).extracting(GHContent::getName).contains(PROD);
        assertThat(repo.getDirectoryContent("", "main")).extracting(GHContent::getName).contains(".github");
        assertThatThrownBy(() -> repo.getFileContent(prod.getPath(), "no-such-branch")).isInstanceOf(GHFileNotFoundException.class);
    }

    @Test
    void dispatchedRunReadsCorrectlyWithJobsStepsAndLogs() throws IOException {
        repo.getWorkflow("deploy-dev.yml").dispatch("main");
        SimRun sim = latestRun();

        GHWorkflowRun run = repo.getWorkflowRun(sim.id());
        assertThat(run.getName()).isEqualTo("Deploy Dev");
        assertThat(run.getEvent()).isEqualTo(GHEvent.WORKFLOW_DISPATCH);
        assertThat(run.getHeadSha()).isEqualTo(sim.headSha()).hasSize(40);
        assertThat(run.getHeadBranch()).isEqualTo("main");
        assertThat(run.getTriggeringActor().getLogin()).isEqualTo("sandbox-user");
        assertThat(run.getRunNumber()).isEqualTo(sim.runNumber());
        assertThat(run.getRunAttempt()).isEqualTo(1);
        assertThat(run.getDisplayTitle()).isEqualTo(sim.displayTitle());
        assertThat(run.getWorkflowId()).isEqualTo(repo.getWorkflow("deploy-dev.yml").getId());
        assertThat(run.getStatus()).isNotEqualTo(GHWorkflowRun.Status.UNKNOWN).isNotEqualTo(GHWorkflowRun.Status.COMPLETED);
        assertThat(run.getConclusion()).isNull();
        assertThat(run.getCreatedAt()).isNotNull();
        assertThat(run.getRunStartedAt()).isNotNull();
        assertThat(run.getHtmlUrl().toString()).isEqualTo(server.baseUrl() + "/" + repoName() + "/actions/runs/" + sim.id());
        assertThat(run.getJobsUrl().toString()).isEqualTo(run.getUrl() + "/jobs").startsWith(server.baseUrl());
        assertThat(run.getLogsUrl().toString()).startsWith(server.baseUrl());
        assertThat(run.getHeadCommit().getId()).isEqualTo(sim.headSha());

        assertThat(engine.runUntil(() -> engine.state().run(sim.id()).orElseThrow().completed(), Duration.ofHours(2))).isTrue();
        GHWorkflowRun done = repo.getWorkflowRun(sim.id());
        assertThat(done.getStatus()).isEqualTo(GHWorkflowRun.Status.COMPLETED);
        assertThat(done.getConclusion()).isNotNull().isNotEqualTo(GHWorkflowRun.Conclusion.UNKNOWN);

        List<GHWorkflowJob> jobs = done.listJobs().toList();
        assertThat(jobs).isNotEmpty();
        GHWorkflowJob job = jobs.get(0);
        assertThat(job.getRunId()).isEqualTo(sim.id());
        assertThat(job.getStatus()).isEqualTo(GHWorkflowRun.Status.COMPLETED);
        assertThat(job.getSteps()).isNotEmpty();
        assertThat(job.getSteps().get(0).getNumber()).isEqualTo(1);
        assertThat(job.getSteps().get(0).getStatus()).isEqualTo(GHWorkflowRun.Status.COMPLETED);
        assertThat(job.getCheckRunUrl().toString()).startsWith(server.baseUrl() + "/repos/");
        assertThat(job.getHtmlUrl().toString()).startsWith(server.baseUrl() + "/" + repoName() + "/actions/runs/");
        assertThat(job.getStartedAt()).isNotNull();
        assertThat(job.getCompletedAt()).isNotNull();
        assertThat(repo.getWorkflowJob(job.getId()).getName()).isEqualTo(job.getName());

        // hub4j follows the 302 to the signed loopback URL
        String log = job.downloadLogs(in -> new String(in.readAllBytes(), StandardCharsets.UTF_8));
        String first = log.lines().findFirst().orElseThrow();
        assertThat(first).startsWith("\uFEFF");
        assertThat(first.substring(1)).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{7}Z .*");

        List<String> entries = done.downloadLogs(in -> {
            List<String> names = new java.util.ArrayList<>();
            try (ZipInputStream zip = new ZipInputStream(in)) {
                for (ZipEntry e; (e = zip.getNextEntry()) != null; ) names.add(e.getName());
            }
            return names;
        });
        assertThat(entries).contains("0_" + job.getName() + ".txt");
        assertThat(entries).anyMatch(n -> n.startsWith(job.getName() + "/1_"));
    }

    @Test
    void runLogsAre404UntilTheRunCompletesAndCancelIs409Then() throws IOException {
        repo.getWorkflow("deploy-dev.yml").dispatch("main");
        SimRun sim = latestRun();
        GHWorkflowRun run = repo.getWorkflowRun(sim.id());
        assertThatThrownBy(() -> run.downloadLogs(in -> in.readAllBytes())).isInstanceOf(GHFileNotFoundException.class);

        run.cancel();
        engine.runUntil(() -> engine.state().run(sim.id()).orElseThrow().completed(), Duration.ofHours(1));
        GHWorkflowRun cancelled = repo.getWorkflowRun(sim.id());
        assertThat(cancelled.getConclusion()).isEqualTo(GHWorkflowRun.Conclusion.CANCELLED);
        assertThatThrownBy(cancelled::cancel)
                .isInstanceOfSatisfying(HttpException.class, e -> assertThat(e.getResponseCode()).isEqualTo(409));
    }

    @Test
    void queryFiltersAndPagesThroughLinkHeaders() throws IOException {
        GHWorkflow prod = repo.getWorkflow(PROD);
        for (int i = 0; i < 5; i++) prod.dispatch("main", Map.of("reason", "test " + i));
        repo.getWorkflow("deploy-dev.yml").dispatch("main");

        List<GHWorkflowRun> all = repo.queryWorkflowRuns().list().withPageSize(2).toList();
        assertThat(all).hasSize(6);
        assertThat(all).extracting(GHWorkflowRun::getId).isSortedAccordingTo((a, b) -> Long.compare(b, a));

        List<GHWorkflowRun> prodRuns = prod.listRuns().withPageSize(2).toList();
        assertThat(prodRuns).hasSize(5).allMatch(r -> r.getWorkflowId() == prod.getId());

        // deploy-production: one waiting for approval (or running), older pending ones evicted
        List<GHWorkflowRun> cancelled = repo.queryWorkflowRuns().conclusion(GHWorkflowRun.Conclusion.CANCELLED).list().toList();
        List<GHWorkflowRun> pending = repo.queryWorkflowRuns().status(GHWorkflowRun.Status.PENDING).list().toList();
        assertThat(cancelled).isNotEmpty().allMatch(r -> r.getConclusion() == GHWorkflowRun.Conclusion.CANCELLED);
        assertThat(pending).allMatch(r -> r.getStatus() == GHWorkflowRun.Status.PENDING);
        assertThat(repo.queryWorkflowRuns().event(GHEvent.PUSH).list().toList()).isEmpty();
        assertThat(repo.queryWorkflowRuns().headSha(all.get(0).getHeadSha()).list().toList()).hasSize(6);
        assertThat(repo.queryWorkflowRuns().branch("nope").list().toList()).isEmpty();
        assertThat(repo.queryWorkflowRuns().created(">=2000-01-01").list().toList()).hasSize(6);
        assertThat(repo.queryWorkflowRuns().created("<2000-01-01").list().toList()).isEmpty();
    }

    @Test
    void approvingAWaitingRunLetsItGoOn() throws IOException {
        repo.getWorkflow(PROD).dispatch("main");
        SimRun sim = latestRun();
        engine.runUntil(() -> engine.state().run(sim.id()).orElseThrow().status() == dev.baton.model.RunStatus.WAITING,
                Duration.ofMinutes(10));
        GHWorkflowRun run = repo.getWorkflowRun(sim.id());
        assertThat(run.getStatus()).isEqualTo(GHWorkflowRun.Status.WAITING);
        run.approve();
        engine.advance(Duration.ofSeconds(1));
        assertThat(repo.getWorkflowRun(sim.id()).getStatus()).isNotEqualTo(GHWorkflowRun.Status.WAITING);
    }
}
