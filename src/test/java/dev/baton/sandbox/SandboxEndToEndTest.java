package dev.baton.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GHWorkflowJob;
import org.kohsuke.github.GHWorkflowRun;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.extras.okhttp3.OkHttpGitHubConnector;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The "Done when" stories through the real clients: hub4j (OkHttp) against the sandbox's GitHub server,
 * and the AWS SDK against its s3proxy, both configured only from the printed export lines. Sim time
 * runs at a high speed factor and skips ahead between polls, so minutes of pipeline take a fraction of a
 * second. A sandbox per test: each story has its own login, overlays or speed (a start costs ~0.1 s).
 */
class SandboxEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration STEP = Duration.ofSeconds(5);
    private Sandbox sandbox;
    private Map<String, String> env;
    private GitHub github;
    private GHRepository repo;
    private S3Client s3;

    private void start(String login, double speed, String... overlays) throws IOException {
        sandbox = Sandbox.start(Sandbox.Options.defaults().withSpeed(speed).withLogin(login).withOverlays(List.of(overlays)));
        env = new LinkedHashMap<>();
        for (String line : sandbox.exportLines()) {
            assertThat(line).startsWith("export ");
            String kv = line.substring("export ".length());
            env.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
        assertThat(env).containsOnlyKeys("GITHUB_API_URL", "GH_TOKEN", "BATON_DEPENDABOT_TOKEN", "BATON_REPO", "BATON_SANDBOX", "AWS_ENDPOINT_URL_S3",
                "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION");
        github = new GitHubBuilder().withEndpoint(env.get("GITHUB_API_URL")).withOAuthToken(env.get("GH_TOKEN"))
                .withConnector(new OkHttpGitHubConnector(new OkHttpClient())).build();
        repo = github.getRepository(env.get("BATON_REPO"));
        s3 = dev.baton.testkit.SandboxEnv.s3(env);
    }

    @AfterEach
    void stop() {
        if (s3 != null) s3.close();
        if (sandbox != null) sandbox.close();
    }

    /** Dispatches through hub4j (204) and finds the new run by the fallback correlation: ids above the highest seen. */
    private GHWorkflowRun dispatch(String workflow) throws IOException {
        long highest = repo.queryWorkflowRuns().list().toList().stream().mapToLong(GHWorkflowRun::getId).max().orElse(0);
        repo.getWorkflow(workflow).dispatch("main");
        return repo.queryWorkflowRuns().event(org.kohsuke.github.GHEvent.WORKFLOW_DISPATCH).list().toList().stream()
                .filter(r -> r.getId() > highest).min(Comparator.comparingLong(GHWorkflowRun::getId)).orElseThrow();
    }

    private GHWorkflowRun get(GHWorkflowRun r) throws IOException {
        return repo.getWorkflowRun(r.getId());
    }

    /** Polls until every run completed, asserting on every poll that at most one of them is in progress. */
    private List<GHWorkflowRun> awaitCompleted(List<GHWorkflowRun> runs) throws Exception {
        return awaitCompleted(runs, true);
    }

    private List<GHWorkflowRun> awaitCompleted(List<GHWorkflowRun> runs, boolean oneRunAtATime) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            // one list request = one instant of the sandbox (fetching runs one by one would mix instants)
            Map<Long, GHWorkflowRun> listed = new LinkedHashMap<>();
            for (GHWorkflowRun r : repo.queryWorkflowRuns().list().toList()) listed.put(r.getId(), r);
            List<GHWorkflowRun> now = new ArrayList<>();
            for (GHWorkflowRun r : runs) now.add(listed.get(r.getId()));
            if (oneRunAtATime) {
                assertThat(now.stream().filter(r -> r.getStatus() == GHWorkflowRun.Status.IN_PROGRESS).count())
                        .as("runs of one group in progress at once").isLessThanOrEqualTo(1);
            }
            if (now.stream().allMatch(r -> r.getStatus() == GHWorkflowRun.Status.COMPLETED)) return now;
            assertThat(System.nanoTime()).as("runs completed within " + WAIT).isLessThan(deadline);
            ahead();
        }
    }

    private void await(Callable<Boolean> cond) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!cond.call()) {
            assertThat(System.nanoTime()).as("condition within " + WAIT).isLessThan(deadline);
            ahead();
        }
    }

    /**
     * Between two polls: the scaled clock jumps STEP ahead (what falls due runs in time order, and each poll still
     * reads one instant), so a run of minutes is a few dozen polls instead of its minutes at the speed factor. What a
     * story awaits lasts far longer than STEP (a run in progress: minutes; a run waiting: until approved).
     */
    private void ahead() throws InterruptedException {
        sandbox.engine().skip(STEP);
        Thread.sleep(10);
    }

    @Test
    void aGhesSandboxExportsTheApiV3RootAndLacksTheConcurrencyGroupsApi() throws Exception {
        sandbox = Sandbox.start(Sandbox.Options.defaults().withSpeed(30.0).withApi(ApiFlavour.parse("ghes-3.18")));
        String api = sandbox.exports().get("GITHUB_API_URL");
        assertThat(api).endsWith("/api/v3");
        github = new GitHubBuilder().withEndpoint(api).withOAuthToken(sandbox.token())
                .withConnector(new OkHttpGitHubConnector(new OkHttpClient())).build();
        repo = github.getRepository(sandbox.repo());
        repo.getWorkflow("deploy-dev.yml").dispatch("main");
        GHWorkflowRun run = repo.queryWorkflowRuns().list().toList().get(0);
        assertThat(run.getUrl().toString()).startsWith(api + "/repos/");
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        for (String url : List.of(api + "/repos/" + sandbox.repo() + "/actions/concurrency_groups",
                sandbox.exports().get("GITHUB_API_URL").replace("/api/v3", "") + "/repos/" + sandbox.repo())) {
            var r = http.send(java.net.http.HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + sandbox.token()).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(url).isEqualTo(404);
        }
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> ApiFlavour.parse("ghes-3.20")))
                .hasMessage("unknown API 'ghes-3.20' (known: api.github.com, ghes-3.17, ghes-3.18, ghes-3.19)");
    }

    @Test
    void threeRapidDispatchesQueueSingle() throws Exception {
        start("dependabot[bot]", 100);
        GHWorkflowRun r1 = dispatch("deploy-prod.yml");
        GHWorkflowRun r2 = dispatch("deploy-prod.yml");
        GHWorkflowRun r3 = dispatch("deploy-prod.yml");
        List<GHWorkflowRun> done = awaitCompleted(List.of(r1, r2, r3));
        assertThat(done).extracting(GHWorkflowRun::getConclusion).containsExactly(
                GHWorkflowRun.Conclusion.SUCCESS, GHWorkflowRun.Conclusion.CANCELLED, GHWorkflowRun.Conclusion.SUCCESS);
        assertThat(done.get(1).listJobs().toList()).as("evicted run has zero jobs").isEmpty();
        assertThat(done.get(2).getRunStartedAt()).isAfterOrEqualTo(done.get(0).getUpdatedAt());
    }

    @Test
    void threeRapidDispatchesQueueMaxAllSucceedInOrder() throws Exception {
        start("dependabot[bot]", 100, "queue-max");
        GHWorkflowRun r1 = dispatch("deploy-prod.yml");
        GHWorkflowRun r2 = dispatch("deploy-prod.yml");
        GHWorkflowRun r3 = dispatch("deploy-prod.yml");
        List<GHWorkflowRun> done = awaitCompleted(List.of(r1, r2, r3));
        assertThat(done).extracting(GHWorkflowRun::getConclusion).containsOnly(GHWorkflowRun.Conclusion.SUCCESS);
        assertThat(done.get(1).getRunStartedAt()).isAfterOrEqualTo(done.get(0).getUpdatedAt());
        assertThat(done.get(2).getRunStartedAt()).isAfterOrEqualTo(done.get(1).getUpdatedAt());
    }

    @Test
    void waitingRunIsEvictedAndTheNewerOneRunsOnceApproved() throws Exception {
        start("sandbox-user", 100);
        GHWorkflowRun first = dispatch("deploy-prod.yml");
        await(() -> get(first).getStatus() == GHWorkflowRun.Status.WAITING);
        JsonNode group = api("/repos/" + env.get("BATON_REPO") + "/actions/concurrency_groups/deploy-production");
        assertThat(group.get("group_members").get(0).get("status").asText()).isEqualTo("pending");

        GHWorkflowRun second = dispatch("deploy-prod.yml");
        await(() -> get(first).getStatus() == GHWorkflowRun.Status.COMPLETED);
        assertThat(get(first).getConclusion()).isEqualTo(GHWorkflowRun.Conclusion.CANCELLED);
        GHWorkflowJob waited = get(first).listJobs().toList().get(0);
        String checkRun = waited.getCheckRunUrl().toString();
        JsonNode annotations = api("/repos/" + env.get("BATON_REPO") + "/check-runs/" + checkRun.substring(checkRun.lastIndexOf('/') + 1) + "/annotations");
        assertThat(annotations.get(0).get("message").asText())
                .isEqualTo("Canceling since a higher priority waiting request for 'deploy-production' exists");

        assertThat(get(second).getStatus()).isEqualTo(GHWorkflowRun.Status.WAITING);
        get(second).approve();
        List<GHWorkflowRun> done = awaitCompleted(List.of(second));
        assertThat(done.get(0).getConclusion()).isEqualTo(GHWorkflowRun.Conclusion.SUCCESS);
    }

    @Test
    void theDependabotTokenDispatchesAsDependabotWhileGhTokenStaysAHuman() throws Exception {
        start(null, 100);
        GitHub bot = new GitHubBuilder().withEndpoint(env.get("GITHUB_API_URL")).withOAuthToken(env.get("BATON_DEPENDABOT_TOKEN"))
                .withConnector(new OkHttpGitHubConnector(new OkHttpClient())).build();
        assertThat(bot.getMyself().getLogin()).isEqualTo("dependabot[bot]");
        assertThat(github.getMyself().getLogin()).isEqualTo("sandbox-user");
        assertThat(env.get("BATON_DEPENDABOT_TOKEN")).isNotEqualTo(env.get("GH_TOKEN"));

        long highest = repo.queryWorkflowRuns().list().toList().stream().mapToLong(GHWorkflowRun::getId).max().orElse(0);
        bot.getRepository(env.get("BATON_REPO")).getWorkflow("deploy-prod.yml").dispatch("main");
        GHWorkflowRun botRun = repo.queryWorkflowRuns().list().toList().stream().filter(r -> r.getId() > highest).findFirst().orElseThrow();
        GHWorkflowRun human = dispatch("deploy-prod.yml");
        assertThat(api("/repos/" + env.get("BATON_REPO") + "/actions/runs/" + botRun.getId()).get("actor").get("login").asText())
                .isEqualTo("dependabot[bot]");
        // Dependabot's deploy needs no reviewer (production-auto); the human's waits for one (production)
        await(() -> get(human).getStatus() == GHWorkflowRun.Status.WAITING);
        List<GHWorkflowRun> done = awaitCompleted(List.of(botRun));
        assertThat(done.get(0).getConclusion()).isEqualTo(GHWorkflowRun.Conclusion.SUCCESS);
        assertThat(done.get(0).listJobs().toList()).extracting(GHWorkflowJob::getName).contains("Deploy to production-auto");
        assertThat(get(human).getStatus()).isEqualTo(GHWorkflowRun.Status.WAITING);
    }

    @Test
    void crashLeavesTerraformsLockAndTheNextApplyFailsWithTerraformsMessage() throws Exception {
        start("dependabot[bot]", 200, "no-concurrency");
        sandbox.engine().crashDuringApply("deploy-prod.yml", Duration.ofSeconds(10));
        GHWorkflowRun crashed = dispatch("deploy-prod.yml");
        assertThat(awaitCompleted(List.of(crashed)).get(0).getConclusion()).isEqualTo(GHWorkflowRun.Conclusion.FAILURE);

        String bucket = sandbox.stateBuckets().get(0);
        String body = s3.getObjectAsBytes(b -> b.bucket(bucket).key("prod/terraform.tfstate.tflock")).asUtf8String();
        JsonNode lock = new ObjectMapper().readTree(body);
        List<String> keys = new ArrayList<>();
        lock.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("ID", "Operation", "Info", "Who", "Version", "Created", "Path");
        assertThat(lock.get("Created").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,9})?Z");
        assertThat(lock.get("Path").asText()).isEqualTo(bucket + "/prod/terraform.tfstate");

        GHWorkflowRun second = dispatch("deploy-prod.yml");
        assertThat(awaitCompleted(List.of(second)).get(0).getConclusion()).isEqualTo(GHWorkflowRun.Conclusion.FAILURE);
        GHWorkflowJob deploy = get(second).listJobs().toList().stream().filter(j -> j.getName().startsWith("Deploy")).findFirst().orElseThrow();
        String log = deploy.downloadLogs(in -> new String(in.readAllBytes(), StandardCharsets.UTF_8));
        assertThat(log).contains("Acquiring state lock. This may take a few moments...", "Error: Error acquiring the state lock",
                "Lock Info:", "ID:        " + lock.get("ID").asText());
        assertThat(log.lines().filter(l -> l.contains("Error acquiring the state lock")).findFirst().orElseThrow())
                .matches("\\uFEFF?\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{7}Z .*");
    }

    @Test
    void cancelInProgressCancelsTheRunningMember() throws Exception {
        start("sandbox-user", 100, "cancel-in-progress");
        GHWorkflowRun first = dispatch("build-and-promote.yml");
        await(() -> get(first).getStatus() == GHWorkflowRun.Status.IN_PROGRESS);
        GHWorkflowRun second = dispatch("build-and-promote.yml");
        List<GHWorkflowRun> done = awaitCompleted(List.of(first, second));
        assertThat(done).extracting(GHWorkflowRun::getConclusion)
                .containsExactly(GHWorkflowRun.Conclusion.CANCELLED, GHWorkflowRun.Conclusion.SUCCESS);
        assertThat(done.get(1).getRunStartedAt()).isAfterOrEqualTo(done.get(0).getUpdatedAt());
        GHWorkflowJob interrupted = done.get(0).listJobs().toList().stream()
                .filter(j -> j.getConclusion() == GHWorkflowRun.Conclusion.CANCELLED).findFirst().orElseThrow();
        assertThat(annotationMessages(interrupted)).containsExactly("Canceling since a higher priority waiting request for 'deploy-preprod' exists");
    }

    @Test
    void jobLevelGroupSerializesTheDeployJobs() throws Exception {
        start("dependabot[bot]", 100, "job-level");
        GHWorkflowRun r1 = dispatch("deploy-prod.yml");
        GHWorkflowRun r2 = dispatch("deploy-prod.yml");
        GHWorkflowRun r3 = dispatch("deploy-prod.yml");
        String groupPath = "/repos/" + env.get("BATON_REPO") + "/actions/concurrency_groups/deploy-production";
        JsonNode members = api(groupPath).get("group_members");
        assertThat(members.get(0).get("job_id").asLong()).isPositive();
        List<GHWorkflowRun> done = awaitCompleted(List.of(r1, r2, r3), false);
        assertThat(done).extracting(GHWorkflowRun::getConclusion).containsExactly(
                GHWorkflowRun.Conclusion.SUCCESS, GHWorkflowRun.Conclusion.CANCELLED, GHWorkflowRun.Conclusion.SUCCESS);
        GHWorkflowJob evicted = deployJob(done.get(1));
        assertThat(evicted.getConclusion()).isEqualTo(GHWorkflowRun.Conclusion.CANCELLED);
        assertThat(annotationMessages(evicted)).containsExactly("Canceling since a higher priority waiting request for 'deploy-production' exists");
        assertThat(deployJob(done.get(2)).getStartedAt()).isAfterOrEqualTo(deployJob(done.get(0)).getCompletedAt());
    }

    private static GHWorkflowJob deployJob(GHWorkflowRun run) throws IOException {
        return run.listJobs().toList().stream().filter(j -> j.getName().startsWith("Deploy")).findFirst().orElseThrow();
    }

    private List<String> annotationMessages(GHWorkflowJob job) throws Exception {
        String checkRun = job.getCheckRunUrl().toString();
        JsonNode a = api("/repos/" + env.get("BATON_REPO") + "/check-runs/" + checkRun.substring(checkRun.lastIndexOf('/') + 1) + "/annotations");
        List<String> out = new ArrayList<>();
        a.forEach(n -> out.add(n.get("message").asText()));
        return out;
    }

    private JsonNode api(String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(env.get("GITHUB_API_URL") + path))
                .header("Authorization", "Bearer " + env.get("GH_TOKEN")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return new ObjectMapper().readTree(r.body());
    }
}
