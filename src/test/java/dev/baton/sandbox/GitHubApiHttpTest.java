package dev.baton.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.model.RunStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Endpoints hub4j does not cover (concurrency groups, run details, annotations) and GitHub's shapes, over raw HTTP. */
class GitHubApiHttpTest {
    private static final String TOKEN = "ghp_httptesttoken";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private SimEngine engine;
    private GitHubServer server;
    private String repoPath;

    private void start(EngineOptions options) {
        engine = SimEngine.create(options);
        server = new GitHubServer(engine.state(), 0, TOKEN).start();
        repoPath = "/repos/" + engine.state().repo().fullName();
    }

    @AfterEach
    void stop() {
        if (server != null) server.stop();
        if (engine != null) engine.close();
    }

    private HttpResponse<String> get(String pathOrUrl) throws IOException, InterruptedException {
        String url = pathOrUrl.startsWith("http") ? pathOrUrl : server.baseUrl() + pathOrUrl;
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).header("Authorization", "token " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    private long dispatch(String workflow, String inputsJson) throws Exception {
        HttpResponse<String> r = post(repoPath + "/actions/workflows/" + workflow + "/dispatches",
                "{\"ref\":\"main\",\"inputs\":" + inputsJson + ",\"return_run_details\":true}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r).get("workflow_run_id").asLong();
    }

    private RunStatus status(long runId) {
        return engine.state().run(runId).orElseThrow().status();
    }

    @Test
    void answers503UntilTheEngineIsAttached() throws Exception {
        java.util.concurrent.atomic.AtomicReference<SandboxState> state = new java.util.concurrent.atomic.AtomicReference<>();
        server = new GitHubServer(state::get, GitHubServer.Options.defaults(TOKEN)).start();
        engine = SimEngine.create();
        repoPath = "/repos/" + engine.state().repo().fullName();
        assertThat(get(repoPath).statusCode()).isEqualTo(503);
        state.set(engine.state());
        assertThat(get(repoPath).statusCode()).isEqualTo(200);
    }

    @Test
    void dispatchAnswersRunDetailsOr204AndRefusesBadInput() throws Exception {
        start(EngineOptions.manual());
        HttpResponse<String> details = post(repoPath + "/actions/workflows/deploy-prod.yml/dispatches",
                "{\"ref\":\"main\",\"inputs\":{\"reason\":\"hotfix\"},\"return_run_details\":true}");
        assertThat(details.statusCode()).isEqualTo(200);
        JsonNode d = json(details);
        long runId = d.get("workflow_run_id").asLong();
        assertThat(d.get("run_url").asText()).isEqualTo(server.baseUrl() + repoPath + "/actions/runs/" + runId);
        assertThat(d.get("html_url").asText()).isEqualTo(server.baseUrl() + "/" + engine.state().repo().fullName() + "/actions/runs/" + runId);
        assertThat(json(get(d.get("run_url").asText())).get("id").asLong()).isEqualTo(runId);

        HttpResponse<String> plain = post(repoPath + "/actions/workflows/deploy-prod.yml/dispatches", "{\"ref\":\"main\"}");
        assertThat(plain.statusCode()).isEqualTo(204);
        assertThat(plain.body()).isEmpty();

        HttpResponse<String> unknownInput = post(repoPath + "/actions/workflows/deploy-prod.yml/dispatches",
                "{\"ref\":\"main\",\"inputs\":{\"nope\":\"x\"}}");
        assertThat(unknownInput.statusCode()).isEqualTo(422);
        assertThat(json(unknownInput).get("message").asText()).contains("nope");
        assertThat(post(repoPath + "/actions/workflows/deploy-prod.yml/dispatches", "{\"ref\":\"no-such-branch\"}").statusCode())
                .isEqualTo(422);
        assertThat(post(repoPath + "/actions/workflows/deploy-prod.yml/dispatches", "{}").statusCode()).isEqualTo(422);
        assertThat(post(repoPath + "/actions/workflows/deploy-prod.yml/dispatches", "{nope").statusCode()).isEqualTo(400);
        assertThat(post(repoPath + "/actions/workflows/nope.yml/dispatches", "{\"ref\":\"main\"}").statusCode()).isEqualTo(404);
    }

    @Test
    void runAndJobCarryEveryFieldClientsRead() throws Exception {
        start(EngineOptions.manual());
        long runId = dispatch("deploy-dev.yml", "{}");
        engine.runUntil(() -> status(runId) == RunStatus.COMPLETED, Duration.ofHours(1));
        JsonNode run = json(get(repoPath + "/actions/runs/" + runId));
        for (String f : List.of("id", "name", "node_id", "head_branch", "head_sha", "path", "display_title", "run_number",
                "event", "status", "conclusion", "workflow_id", "url", "html_url", "created_at", "updated_at", "actor",
                "run_attempt", "run_started_at", "triggering_actor", "jobs_url", "logs_url", "check_suite_url",
                "cancel_url", "rerun_url", "workflow_url", "head_commit", "repository", "head_repository")) {
            assertThat(run.has(f)).as(f).isTrue();
        }
        assertThat(run.get("status").asText()).isEqualTo("completed");
        assertThat(run.get("actor").get("login").asText()).isEqualTo("sandbox-user");
        assertThat(run.get("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");

        JsonNode jobs = json(get(run.get("jobs_url").asText()));
        assertThat(jobs.get("total_count").asInt()).isEqualTo(jobs.get("jobs").size()).isPositive();
        JsonNode job = jobs.get("jobs").get(0);
        for (String f : List.of("id", "run_id", "run_url", "run_attempt", "node_id", "head_sha", "url", "html_url", "status",
                "conclusion", "created_at", "started_at", "completed_at", "name", "steps", "check_run_url", "labels",
                "runner_name", "workflow_name", "head_branch")) {
            assertThat(job.has(f)).as(f).isTrue();
        }
        JsonNode step = job.get("steps").get(0);
        for (String f : List.of("name", "status", "conclusion", "number", "started_at", "completed_at")) {
            assertThat(step.has(f)).as(f).isTrue();
        }
        assertThat(get(job.get("check_run_url").asText()).statusCode()).isEqualTo(200);

        // job log: 302 to a signed loopback URL that needs no token; the page behind html_url too
        HttpResponse<String> redirect = get(job.get("url").asText() + "/logs");
        assertThat(redirect.statusCode()).isEqualTo(302);
        String location = redirect.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(server.baseUrl() + "/_sandbox/");
        HttpResponse<String> log = http.send(HttpRequest.newBuilder(URI.create(location)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(log.statusCode()).isEqualTo(200);
        assertThat(log.body().lines().toList()).hasSize(engine.state().jobLog(job.get("id").asLong()).orElseThrow().size());
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(run.get("html_url").asText())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Deploy Dev");
    }

    @Test
    void concurrencyGroupsListMembersAndPositions() throws Exception {
        start(EngineOptions.manual());
        // three rapid dev deploys: a runs, b waits in the group, c evicts b; a production deploy waits for approval
        long a = dispatch("deploy-dev.yml", "{}");
        engine.advance(Duration.ofSeconds(2));
        long b = dispatch("deploy-dev.yml", "{}");
        engine.advance(Duration.ofSeconds(2));
        long c = dispatch("deploy-dev.yml", "{}");
        long prod = dispatch("deploy-prod.yml", "{}");
        engine.advance(Duration.ofSeconds(2));
        assertThat(status(a)).isEqualTo(RunStatus.IN_PROGRESS);
        assertThat(status(c)).isEqualTo(RunStatus.PENDING);

        // b was the pending member when c arrived: evicted, cancelled with zero jobs
        assertThat(status(b)).isEqualTo(RunStatus.COMPLETED);
        JsonNode evicted = json(get(repoPath + "/actions/runs/" + b));
        assertThat(evicted.get("conclusion").asText()).isEqualTo("cancelled");
        assertThat(json(get(repoPath + "/actions/runs/" + b + "/jobs")).get("total_count").asInt()).isZero();

        JsonNode list = json(get(repoPath + "/actions/concurrency_groups"));
        assertThat(list.get("total_count").asInt()).isEqualTo(2);
        List<String> names = new ArrayList<>();
        list.get("concurrency_groups").forEach(g -> names.add(g.get("group_name").asText()));
        assertThat(names).containsExactlyInAnyOrder("deploy-production", "terraform-deploy-dev");
        assertThat(list.get("concurrency_groups").get(0).has("last_acquired_at")).isTrue();

        // cursor pagination, one per page
        HttpResponse<String> first = get(repoPath + "/actions/concurrency_groups?per_page=1");
        assertThat(json(first).get("concurrency_groups")).hasSize(1);
        String next = first.headers().firstValue("Link").orElseThrow();
        String nextUrl = next.substring(next.indexOf('<') + 1, next.indexOf('>'));
        assertThat(nextUrl).contains("after=");
        HttpResponse<String> second = get(nextUrl);
        assertThat(json(second).get("concurrency_groups").get(0).get("group_name").asText())
                .isNotEqualTo(json(first).get("concurrency_groups").get(0).get("group_name").asText());
        assertThat(second.headers().firstValue("Link").orElse("")).doesNotContain("rel=\"next\"");

        String groupUrl = list.get("concurrency_groups").get(names.indexOf("terraform-deploy-dev")).get("group_url").asText();
        JsonNode group = json(get(groupUrl));
        assertThat(group.get("group_name").asText()).isEqualTo("terraform-deploy-dev");
        assertThat(group.get("total_count").asInt()).isEqualTo(2);
        JsonNode members = group.get("group_members");
        assertThat(members.get(0).get("run_id").asLong()).isEqualTo(a);
        assertThat(members.get(1).get("run_id").asLong()).isEqualTo(c);
        assertThat(members.get(0).get("status").asText()).isEqualTo("in_progress");
        assertThat(members.get(1).get("status").asText()).isEqualTo("pending");
        assertThat(members.get(0).get("run_html_url").asText()).startsWith(server.baseUrl() + "/");
        assertThat(members.get(0).has("job_id")).isFalse();

        JsonNode ahead = json(get(repoPath + "/actions/concurrency_groups/TERRAFORM-Deploy-Dev?ahead_of_run=" + c));
        assertThat(ahead.get("group_members")).hasSize(2);
        assertThat(ahead.get("group_members").get(1).get("run_id").asLong()).isEqualTo(c);
        JsonNode aheadOfA = json(get(repoPath + "/actions/concurrency_groups/terraform-deploy-dev?ahead_of_run=" + a));
        assertThat(aheadOfA.get("group_members")).hasSize(1);
        HttpResponse<String> notMember = get(repoPath + "/actions/concurrency_groups/terraform-deploy-dev?ahead_of_run=" + b);
        assertThat(notMember.statusCode()).isEqualTo(422);
        assertThat(json(notMember).get("message").asText()).contains(String.valueOf(b));
        assertThat(get(repoPath + "/actions/concurrency_groups/no-such-group").statusCode()).isEqualTo(404);

        JsonNode ofRun = json(get(repoPath + "/actions/runs/" + c + "/concurrency_groups"));
        assertThat(ofRun.get("total_count").asInt()).isEqualTo(1);
        JsonNode g = ofRun.get("concurrency_groups").get(0);
        assertThat(g.get("group_name").asText()).isEqualTo("terraform-deploy-dev");
        // the run's own items only, each with its place in the whole group and the link to those ahead of it
        assertThat(g.get("group_members")).hasSize(1);
        assertThat(g.get("group_members").get(0).get("run_id").asLong()).isEqualTo(c);
        assertThat(g.get("group_members").get(0).get("position").asInt()).isEqualTo(1);
        assertThat(g.get("group_members").get(0).get("position_url").asText())
                .isEqualTo(server.baseUrl() + repoPath + "/actions/concurrency_groups/terraform-deploy-dev?ahead_of_run=" + c);
        assertThat(json(get(repoPath + "/actions/runs/" + a + "/concurrency_groups")).get("concurrency_groups").get(0)
                .get("group_members").get(0).get("position").asInt()).isZero();
        assertThat(json(get(repoPath + "/actions/runs/" + prod + "/concurrency_groups")).get("concurrency_groups").get(0)
                .get("group_name").asText()).isEqualTo("deploy-production");
        // an evicted run is configured into the group still; the group is listed even when it holds others only
        assertThat(json(get(repoPath + "/actions/runs/" + b + "/concurrency_groups")).get("total_count").asInt()).isEqualTo(1);
        assertThat(get(repoPath + "/actions/runs/999999/concurrency_groups").statusCode()).isEqualTo(404);

        // once the dev deploys are done the group is inactive: 404, gone from the list, still configured for c
        engine.runUntil(() -> status(a) == RunStatus.COMPLETED && status(c) == RunStatus.COMPLETED, Duration.ofHours(2));
        assertThat(get(groupUrl).statusCode()).isEqualTo(404);
        assertThat(get(repoPath + "/actions/concurrency_groups").body()).doesNotContain("terraform-deploy-dev");
        JsonNode emptyGroup = json(get(repoPath + "/actions/runs/" + c + "/concurrency_groups")).get("concurrency_groups").get(0);
        assertThat(emptyGroup.get("group_name").asText()).isEqualTo("terraform-deploy-dev");
        assertThat(emptyGroup.get("group_members")).isEmpty();
    }

    @Test
    void evictedJobLevelMemberCarriesTheAnnotation() throws Exception {
        start(EngineOptions.manual().withOverlays(List.of("job-level")));
        dispatch("deploy-prod.yml", "{}");
        engine.advance(Duration.ofSeconds(5));
        long b = dispatch("deploy-prod.yml", "{}");
        engine.advance(Duration.ofSeconds(5));
        dispatch("deploy-prod.yml", "{}");
        engine.advance(Duration.ofSeconds(5));

        JsonNode jobs = json(get(repoPath + "/actions/runs/" + b + "/jobs")).get("jobs");
        JsonNode evicted = null;
        for (JsonNode j : jobs) if ("cancelled".equals(j.get("conclusion").asText())) evicted = j;
        assertThat(evicted).as("b's deploy job was evicted from the job-level group").isNotNull();
        String checkRun = evicted.get("check_run_url").asText();
        JsonNode annotations = json(get(checkRun + "/annotations"));
        assertThat(annotations).isNotEmpty();
        assertThat(annotations.get(0).get("message").asText()).contains("higher priority waiting request").contains("deploy-production");
        assertThat(annotations.get(0).get("annotation_level").asText()).isEqualTo("failure");
        assertThat(get(repoPath + "/check-runs/424242424/annotations").statusCode()).isEqualTo(404);

        // job-level members name their job
        JsonNode members = json(get(repoPath + "/actions/concurrency_groups/deploy-production")).get("group_members");
        assertThat(members.get(0).has("job_id")).isTrue();
        assertThat(members.get(0).get("job_url").asText()).startsWith(server.baseUrl() + repoPath + "/actions/jobs/");
    }

    @Test
    void pendingDeploymentsAreListedAndApproved() throws Exception {
        start(EngineOptions.manual());
        long run = dispatch("deploy-prod.yml", "{}");
        engine.runUntil(() -> status(run) == RunStatus.WAITING, Duration.ofMinutes(10));
        JsonNode pending = json(get(repoPath + "/actions/runs/" + run + "/pending_deployments"));
        assertThat(pending).hasSize(1);
        assertThat(pending.get(0).get("environment").get("name").asText()).isEqualTo("production");
        long envId = pending.get(0).get("environment").get("id").asLong();

        assertThat(post(repoPath + "/actions/runs/" + run + "/pending_deployments",
                "{\"environment_ids\":[" + (envId + 1) + "],\"state\":\"approved\"}").statusCode()).isEqualTo(422);
        HttpResponse<String> approved = post(repoPath + "/actions/runs/" + run + "/pending_deployments",
                "{\"environment_ids\":[" + envId + "],\"state\":\"approved\",\"comment\":\"ship it\"}");
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        assertThat(json(approved).get(0).get("environment").asText()).isEqualTo("production");
        engine.advance(Duration.ofSeconds(1));
        assertThat(status(run)).isNotEqualTo(RunStatus.WAITING);
    }

    @Test
    void runLogArchiveIs404WhileRunningAndJobLogWhileInProgress() throws Exception {
        start(EngineOptions.manual());
        long run = dispatch("deploy-dev.yml", "{}");
        engine.runUntil(() -> status(run) == RunStatus.IN_PROGRESS, Duration.ofMinutes(5));
        assertThat(get(repoPath + "/actions/runs/" + run + "/logs").statusCode()).isEqualTo(404);
        long job = engine.state().jobs(run).get(0).id();
        assertThat(get(repoPath + "/actions/jobs/" + job + "/logs").statusCode()).isEqualTo(404);
        engine.runUntil(() -> status(run) == RunStatus.COMPLETED, Duration.ofHours(1));
        HttpResponse<String> zip = get(repoPath + "/actions/runs/" + run + "/logs");
        assertThat(zip.statusCode()).isEqualTo(302);
        HttpResponse<byte[]> archive = http.send(HttpRequest.newBuilder(URI.create(zip.headers().firstValue("Location").orElseThrow())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(archive.headers().firstValue("Content-Type")).contains("application/zip");
        assertThat(archive.body()[0]).isEqualTo((byte) 'P');
    }
}
