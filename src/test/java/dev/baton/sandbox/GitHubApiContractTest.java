package dev.baton.sandbox;

import dev.baton.model.RunStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static dev.baton.sandbox.ContractProbe.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox answers as GitHub's REST API description says (issue 15). A story drives every endpoint
 * the sandbox serves through every state the scenarios reach - queued, pending, waiting, in_progress,
 * completed with each conclusion, evicted, job-level members, paging, 304, 401, 403, 404, 409, 422,
 * 429, 5xx - and {@link ContractProbe} checks each answer's status, documented headers and body
 * against the pinned description (src/test/resources/openapi). A divergence fails with the request,
 * the JSON path or header, the rule and the message.
 */
class GitHubApiContractTest extends EngineTestSupport {
    private static final String TOKEN = "ghp_contracttesttoken";
    private static final String BOT_TOKEN = "ghp_contractdependabot";
    private static final OpenApiDescription DESCRIPTION = OpenApiDescription.load();

    /**
     * Operations the sandbox serves that the description lacks, with the reason. Empty: every route
     * of {@link GitHubApi} and {@link GitHubServer} is described (GET .../contents is the same operation
     * as .../contents/{path} with an empty path). Not API routes and so not checked: the html_url pages
     * ({@link SandboxPages}) and the signed log downloads under /_sandbox/, GitHub's blob storage.
     */
    static final Map<String, String> NOT_DESCRIBED = Map.of();

    private GitHubServer server;
    private String repoPath;
    private final Map<String, Set<Integer>> exercised = new TreeMap<>();
    /** Run and job statuses (and conclusions) the stories read through the API. */
    private final Set<String> seenStates = new java.util.TreeSet<>();

    private ContractProbe startServer(EngineOptions options) {
        start(options);
        server = new GitHubServer(state, GitHubServer.Options.defaults(TOKEN).withExtraToken(BOT_TOKEN, BOT)).start();
        repoPath = "/repos/" + state.repo().fullName();
        return new ContractProbe(DESCRIPTION, server.baseUrl(), TOKEN, exercised);
    }

    @AfterEach
    void stopServer() {
        if (server != null) server.stop();
    }

    private RunStatus status(long runId) {
        return run(runId).status();
    }

    private long dispatch(ContractProbe api, String workflow, String inputs) {
        HttpResponse<String> r = api.post(repoPath + "/actions/workflows/" + workflow + "/dispatches",
                "{\"ref\":\"main\",\"inputs\":" + inputs + ",\"return_run_details\":true}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r).get("workflow_run_id").asLong();
    }

    /** Reads everything about a run: the run, its attempt, jobs, each job and check run, groups, logs. */
    private void readRun(ContractProbe api, long runId) {
        String run = repoPath + "/actions/runs/" + runId;
        JsonNode r = json(api.get(run));
        seenStates.add("run " + r.get("status").asString() + (r.get("conclusion").isNull() ? "" : "/" + r.get("conclusion").asString()));
        api.get(run + "/attempts/1");
        api.get(run + "/artifacts");
        api.get(run + "/pending_deployments");
        api.get(run + "/concurrency_groups");
        api.get(run + "/logs");
        JsonNode jobs = json(api.get(run + "/jobs?filter=all"));
        for (JsonNode j : jobs.get("jobs")) {
            seenStates.add("job " + j.get("status").asString() + (j.get("conclusion").isNull() ? "" : "/" + j.get("conclusion").asString()));
            api.get(repoPath + "/actions/jobs/" + j.get("id").asLong());
            api.get(repoPath + "/actions/jobs/" + j.get("id").asLong() + "/logs");
            String checkRun = j.get("check_run_url").asString();
            api.get(checkRun);
            api.get(checkRun + "/annotations");
        }
    }

    private void readGroups(ContractProbe api) {
        JsonNode list = json(api.get(repoPath + "/actions/concurrency_groups"));
        api.get(repoPath + "/actions/concurrency_groups?per_page=1");
        for (JsonNode g : list.get("concurrency_groups")) {
            JsonNode group = json(api.get(g.get("group_url").asString()));
            for (JsonNode m : group.get("group_members")) {
                api.get(g.get("group_url").asString() + "?ahead_of_run=" + m.get("run_id").asLong());
            }
        }
    }

    /** Advances a minute at a time, approving every waiting deployment, until every run has completed. */
    private void approveUntilAllComplete() {
        for (int minute = 0; minute < 180; minute++) {
            while (engine.approveOldestWaiting(null)) {
                assertAtMostOneInProgressPerGroup();
            }
            if (state.runs(RunQuery.ALL).stream().allMatch(SimRun::completed)) return;
            engine.advance(Duration.ofMinutes(1));
        }
        throw new AssertionError("runs still live after 3 hours: " + state.runs(RunQuery.ALL).stream()
                .filter(r -> !r.completed()).map(r -> r.id() + " " + r.status()).toList());
    }

    private void assertNoDivergence(ContractProbe api) {
        List<OpenApiDescription.Divergence> found = api.divergences();
        assertThat(found).as(() -> "answers that diverge from GitHub's description " + DESCRIPTION.version() + ":\n"
                + found.stream().map(Object::toString).collect(Collectors.joining("\n"))).isEmpty();
    }

    @Test
    void everyEndpointInEveryStateAnswersAsDescribed() throws Exception {
        ContractProbe api = startServer(EngineOptions.manual());

        // the service, the user, the repository and its files
        api.get("/");
        api.get("/rate_limit");
        api.get("/user");
        api.get("/users/sandbox-user");
        api.get("/users/" + URLEncoder.encode(BOT, StandardCharsets.UTF_8));
        api.get(repoPath);
        api.get("/repos/acme/no-such-repo");
        api.get("/orgs/acme");
        api.get("/orgs/acme/repos");
        api.get("/orgs/no-such-org/repos");
        api.get(repoPath + "/contents");
        api.get(repoPath + "/contents/.github/workflows");
        api.get(repoPath + "/contents/.github/workflows/deploy-dev.yml?ref=main");
        api.get(repoPath + "/contents/no/such/file");
        api.get(repoPath + "/contents/README.md?ref=no-such-ref");
        api.get(repoPath + "/actions/no-such-endpoint");

        // workflows, one per page, by file and by id
        JsonNode workflows = json(api.get(repoPath + "/actions/workflows"));
        HttpResponse<String> firstWorkflow = api.get(repoPath + "/actions/workflows?per_page=1");
        assertThat(firstWorkflow.headers().firstValue("Link")).isPresent();
        api.get(repoPath + "/actions/workflows?per_page=1&page=2");
        for (JsonNode w : workflows.get("workflows")) {
            api.get(repoPath + "/actions/workflows/" + w.get("id").asLong());
            api.get(w.get("url").asString() + "/runs");
        }
        api.get(repoPath + "/actions/workflows/nope.yml");

        // dispatches: run details, 204, and GitHub's refusals
        String dispatches = repoPath + "/actions/workflows/deploy-dev.yml/dispatches";
        long queued = dispatch(api, "deploy-dev.yml", "{}");
        readRun(api, queued);
        assertThat(api.post(dispatches, "{\"ref\":\"main\",\"inputs\":{\"nope\":\"x\"}}").statusCode()).isEqualTo(422);
        assertThat(api.post(dispatches, "{}").statusCode()).isEqualTo(422);
        assertThat(api.post(dispatches, "{nope").statusCode()).isEqualTo(400);
        assertThat(api.post(repoPath + "/actions/workflows/nope.yml/dispatches", "{\"ref\":\"main\"}").statusCode()).isEqualTo(404);

        // three rapid dev deploys: A runs, B is evicted (cancelled, zero jobs), C pending behind A
        engine.advance(Duration.ofSeconds(2));
        long b = dispatch(api, "deploy-dev.yml", "{}");
        engine.advance(Duration.ofSeconds(2));
        assertThat(api.post(dispatches, "{\"ref\":\"main\"}").statusCode()).isEqualTo(204);
        engine.advance(Duration.ofSeconds(2));
        long c = state.runs(RunQuery.ALL).stream().filter(r -> r.workflowPath().endsWith("deploy-dev.yml"))
                .mapToLong(SimRun::id).max().orElseThrow();
        assertThat(status(queued)).isEqualTo(RunStatus.IN_PROGRESS);
        assertThat(status(b)).isEqualTo(RunStatus.COMPLETED);
        assertThat(status(c)).isEqualTo(RunStatus.PENDING);
        for (long id : new long[]{queued, b, c}) readRun(api, id);
        readGroups(api);
        String devGroup = repoPath + "/actions/concurrency_groups/terraform-deploy-dev";
        api.get(devGroup + "?ahead_of_run=" + b);
        api.get(devGroup + "?ahead_of_run=" + c + "&ahead_of_job=1");
        api.get(devGroup + "?ahead_of_run=x");
        api.get(repoPath + "/actions/concurrency_groups/no-such-group");

        // a production deploy by a human waits for its reviewer; Dependabot's does not
        long prod = dispatch(api, "deploy-prod.yml", "{\"reason\":\"contract\"}");
        engine.runUntil(() -> status(prod) == RunStatus.WAITING, Duration.ofMinutes(5));
        readRun(api, prod);
        readGroups(api);
        JsonNode pending = json(api.get(repoPath + "/actions/runs/" + prod + "/pending_deployments"));
        long envId = pending.get(0).get("environment").get("id").asLong();
        String review = repoPath + "/actions/runs/" + prod + "/pending_deployments";
        assertThat(api.post(review, "{\"environment_ids\":[" + (envId + 1) + "],\"state\":\"approved\",\"comment\":\"no\"}").statusCode())
                .isEqualTo(422);
        assertThat(api.post(review, "{\"environment_ids\":[" + envId + "],\"state\":\"approved\",\"comment\":\"ship it\"}").statusCode())
                .isEqualTo(200);
        ContractProbe bot = new ContractProbe(DESCRIPTION, server.baseUrl(), BOT_TOKEN, exercised);
        HttpResponse<String> botDispatch = bot.post(repoPath + "/actions/workflows/deploy-prod.yml/dispatches",
                "{\"ref\":\"main\",\"inputs\":{\"reason\":\"bump\"},\"return_run_details\":true}");
        long botRun = json(botDispatch).get("workflow_run_id").asLong();
        engine.advance(Duration.ofSeconds(5));
        readRun(bot, botRun);
        readGroups(bot);

        // Dependabot merges: a push run whose head commit has the bot's address
        engine.dependabotMerge("Bump boto3 from 1.35.0 to 1.35.10");
        engine.advance(Duration.ofSeconds(1));

        // a failing smoke test, a cancelled run, a run approved through /approve
        engine.failNextStep("deploy-dev.yml", "Smoke test");
        engine.runUntil(() -> status(queued) == RunStatus.COMPLETED, Duration.ofHours(1));
        long cancelled = dispatch(api, "deploy-dev.yml", "{}");
        engine.advance(Duration.ofSeconds(1));
        assertThat(api.post(repoPath + "/actions/runs/" + cancelled + "/cancel", "").statusCode()).isEqualTo(202);
        long approved = dispatch(api, "deploy-prod.yml", "{\"reason\":\"approve endpoint\"}");
        engine.runUntil(() -> status(approved) == RunStatus.WAITING, Duration.ofMinutes(10));
        assertThat(api.post(repoPath + "/actions/runs/" + approved + "/approve", "").statusCode()).isEqualTo(201);

        // everything to its end: success, failure, cancelled, skipped (promotions of failed deploys)
        approveUntilAllComplete();
        assertThat(api.post(repoPath + "/actions/runs/" + queued + "/cancel", "").statusCode()).isEqualTo(409);
        Set<String> conclusions = new java.util.TreeSet<>();
        for (SimRun r : state.runs(RunQuery.ALL)) {
            conclusions.add(String.valueOf(r.conclusion().api()));
            readRun(api, r.id());
        }
        assertThat(conclusions).contains("success", "failure", "cancelled", "skipped");
        assertThat(seenStates).contains("run in_progress", "run pending", "run waiting", "run completed/success",
                "run completed/failure", "run completed/cancelled", "run completed/skipped",
                "job queued", "job in_progress", "job waiting", "job completed/skipped");
        readGroups(api);

        // run lists: filters, pages, and an ETag answered with 304
        api.get(repoPath + "/actions/runs");
        api.get(repoPath + "/actions/runs?per_page=2&page=2");
        api.get(repoPath + "/actions/runs?status=completed&event=workflow_dispatch&actor=sandbox-user");
        api.get(repoPath + "/actions/runs?branch=main&created=%3E2000-01-01&exclude_pull_requests=true");
        api.get(repoPath + "/actions/runs?status=bogus");
        api.get(repoPath + "/actions/workflows/deploy-dev.yml/runs?per_page=1");
        api.get(repoPath + "/actions/runs/" + queued + "/jobs?per_page=1");
        api.get(repoPath + "/actions/runs/999999");
        api.get(repoPath + "/actions/runs/999999/concurrency_groups");
        api.get(repoPath + "/actions/runs/" + queued + "/attempts/2");
        api.get(repoPath + "/actions/jobs/999999");
        api.get(repoPath + "/check-runs/999999/annotations");
        for (String path : List.of("/rate_limit", "/user", repoPath + "/actions/runs/" + queued, repoPath + "/actions/runs",
                repoPath + "/contents/.github/workflows/deploy-dev.yml")) {
            String etag = api.get(path).headers().firstValue("ETag").orElseThrow();
            assertThat(api.get(path, "If-None-Match", etag).statusCode()).as(path).isEqualTo(304);
        }

        // 401s, and the faults a flaky GitHub answers with
        api.send("GET", repoPath, null, null);
        api.send("GET", repoPath, null, "ghp_wrong");
        state.setFaults(FaultSettings.NONE.withTooManyRequests(1.0, 30));
        assertThat(api.get(repoPath + "/actions/runs").statusCode()).isEqualTo(429);
        state.setFaults(FaultSettings.NONE.withSecondaryRateLimit(true));
        assertThat(api.get(repoPath + "/actions/runs").statusCode()).isEqualTo(403);
        state.setFaults(FaultSettings.NONE.withServerErrors(1.0, 502));
        assertThat(api.get(repoPath + "/actions/runs").statusCode()).isEqualTo(502);
        state.setFaults(FaultSettings.NONE);

        assertNoDivergence(api);
        assertNoDivergence(bot);
        appStory();
        assertEveryOperationExercised();
    }

    @Test
    void jobLevelMembersAndEvictedJobsAnswerAsDescribed() {
        ContractProbe api = startServer(EngineOptions.manual().withOverlays(List.of("job-level")));
        // Dependabot's deploys need no reviewer, so their jobs queue in the job-level group
        ContractProbe bot = new ContractProbe(DESCRIPTION, server.baseUrl(), BOT_TOKEN, exercised);
        List<Long> runs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            runs.add(dispatch(bot, "deploy-prod.yml", "{}"));
            engine.advance(Duration.ofSeconds(5));
        }
        for (long id : runs) readRun(api, id);
        readGroups(api);
        assertThat(seenStates).contains("job pending");
        runs.add(dispatch(api, "deploy-prod.yml", "{}"));
        engine.advance(Duration.ofSeconds(5));
        for (long id : runs) readRun(api, id);
        readGroups(api);
        assertThat(seenStates).contains("job completed/cancelled");
        JsonNode members = json(api.get(repoPath + "/actions/concurrency_groups/deploy-production")).get("group_members");
        assertThat(members.get(0).has("job_id")).isTrue();
        api.get(repoPath + "/actions/concurrency_groups/deploy-production?ahead_of_job=" + members.get(0).get("job_id").asLong());
        approveUntilAllComplete();
        for (long id : runs) readRun(api, id);
        assertNoDivergence(api);
        assertNoDivergence(bot);
    }

    @Test
    void theEnterpriseLayoutAnswersAsDescribed() {
        startServer(EngineOptions.manual());
        ContractProbe ghes = new ContractProbe(DESCRIPTION, server.enterpriseUrl(), TOKEN, exercised);
        long id = dispatch(ghes, "deploy-dev.yml", "{}");
        engine.runUntil(() -> status(id) == RunStatus.COMPLETED, Duration.ofHours(1));
        ghes.get("/");
        ghes.get("/rate_limit");
        ghes.get(repoPath);
        ghes.get(repoPath + "/actions/workflows");
        readRun(ghes, id);
        assertNoDivergence(ghes);
    }

    /**
     * `--api ghes-3.17|3.18|3.19`: the server serves exactly the operations that release's description
     * has, under /api/v3 only, and those answer as described (the bodies are checked against the
     * api.github.com schemas: the copy pins only which operations each GHES release has).
     */
    /** The GitHub App's endpoints: as the app (JWT), as its installation (token), and refused to a user. */
    private void appStory() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("contract-app");
        SandboxApp app = SandboxApp.forAccount("acme");
        server.app(app);
        java.nio.file.Path pem = dir.resolve("app.pem");
        app.writePrivateKey(pem);
        java.security.PrivateKey key = dev.baton.github.GitHubApp.readPrivateKey(pem);
        long now = java.time.Instant.now().getEpochSecond();
        java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        String head = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString(("{\"iat\":" + (now - 60) + ",\"exp\":" + (now + 540) + ",\"iss\":" + app.appId() + "}")
                .getBytes(StandardCharsets.UTF_8));
        java.security.Signature rsa = java.security.Signature.getInstance("SHA256withRSA");
        rsa.initSign(key);
        rsa.update((head + "." + claims).getBytes(StandardCharsets.US_ASCII));
        ContractProbe asApp = new ContractProbe(DESCRIPTION, server.baseUrl(), head + "." + claims + "." + b64.encodeToString(rsa.sign()), exercised);
        asApp.get("/app/installations");
        asApp.get(repoPath + "/installation");
        asApp.get("/repos/acme/no-such-repo/installation");
        HttpResponse<String> token = asApp.post("/app/installations/" + app.installationId() + "/access_tokens", "{}");
        assertThat(token.statusCode()).isEqualTo(201);
        asApp.post("/app/installations/1/access_tokens", "{}");
        ContractProbe installation = new ContractProbe(DESCRIPTION, server.baseUrl(), json(token).get("token").asString(), exercised);
        installation.get("/installation/repositories");
        installation.get(repoPath + "/actions/runs");
        ContractProbe user = new ContractProbe(DESCRIPTION, server.baseUrl(), TOKEN, exercised);
        assertThat(user.get("/installation/repositories").statusCode()).isEqualTo(403);
        assertThat(user.get("/app/installations").statusCode()).isEqualTo(401);
        assertNoDivergence(asApp);
        assertNoDivergence(installation);
        assertNoDivergence(user);
        java.nio.file.Files.delete(pem);
        java.nio.file.Files.delete(dir);
    }

    @Test
    void aFleetListsItsRepositoriesPagedAsDescribed() {
        List<SimEngine> engines = new ArrayList<>();
        try {
            List<SandboxState> states = new ArrayList<>();
            for (FleetRepo r : FleetRepo.fleet(5)) {
                SimEngine e = SimEngine.create(EngineOptions.manual().withRepo(r));
                engines.add(e);
                states.add(e.state());
            }
            SandboxRepos repos = SandboxRepos.of(states);
            server = new GitHubServer(GitHubServer.Options.defaults(TOKEN), () -> repos).start();
            ContractProbe api = new ContractProbe(DESCRIPTION, server.baseUrl(), TOKEN, exercised);
            HttpResponse<String> first = api.get("/orgs/acme/repos?per_page=2");
            assertThat(first.headers().firstValue("Link")).isPresent();
            assertThat(json(first).get(1).get("full_name").asString()).isEqualTo("acme/service-001");
            assertThat(json(api.get("/orgs/acme/repos?per_page=2&page=3")).get(0).get("full_name").asString()).isEqualTo("acme/service-004");
            api.get("/repos/acme/service-002");
            api.get("/repos/acme/service-002/actions/workflows");
            assertNoDivergence(api);
        } finally {
            engines.forEach(SimEngine::close);
        }
    }

    @Test
    void eachEnterpriseServerReleaseServesWhatItsDescriptionHas() {
        startServer(EngineOptions.manual());
        for (ApiFlavour f : List.of(ApiFlavour.GHES_3_17, ApiFlavour.GHES_3_18, ApiFlavour.GHES_3_19)) {
            server.flavour(f);
            List<String> served = new ArrayList<>();
            for (String route : server.api().routes()) {
                if (!f.serves(route)) continue;
                int space = route.indexOf(' ');
                DESCRIPTION.operationOfRoute(route.substring(0, space), route.substring(space + 1))
                        .ifPresent(op -> { if (!served.contains(op.key())) served.add(op.key()); });
            }
            assertThat(served).as(f.id()).containsExactlyInAnyOrderElementsOf(DESCRIPTION.ghesOperations(f.id().substring(5)));
        }

        ContractProbe ghes = new ContractProbe(DESCRIPTION, server.enterpriseUrl(), TOKEN, exercised);
        long id = dispatch(ghes, "deploy-prod.yml", "{}");
        engine.runUntil(() -> status(id) == RunStatus.WAITING, Duration.ofMinutes(5));
        HttpResponse<String> run = ghes.get(repoPath + "/actions/runs/" + id);
        assertThat(run.headers().firstValue("X-GitHub-Enterprise-Version")).hasValue("3.19.0");
        assertThat(json(run).get("url").asString()).startsWith(server.enterpriseUrl() + "/repos/");
        assertThat(ghes.get(repoPath + "/actions/concurrency_groups").statusCode()).isEqualTo(404);
        assertThat(ghes.get(repoPath + "/actions/concurrency_groups/deploy-production").statusCode()).isEqualTo(404);
        assertThat(ghes.get(repoPath + "/actions/runs/" + id + "/concurrency_groups").statusCode()).isEqualTo(404);
        assertThat(ghes.post(repoPath + "/actions/runs/" + id + "/approve", "").statusCode()).isEqualTo(404);
        JsonNode pending = json(ghes.get(repoPath + "/actions/runs/" + id + "/pending_deployments"));
        assertThat(ghes.post(repoPath + "/actions/runs/" + id + "/pending_deployments", "{\"environment_ids\":["
                + pending.get(0).get("environment").get("id").asLong() + "],\"state\":\"approved\",\"comment\":\"ok\"}").statusCode())
                .isEqualTo(200);
        approveUntilAllComplete();
        readRun(ghes, id);
        ghes.get("/");
        ghes.get("/rate_limit");
        ghes.get(repoPath + "/actions/runs");
        assertNoDivergence(ghes);
        // the root layout is not GHES's: no API there
        ContractProbe root = new ContractProbe(DESCRIPTION, server.baseUrl(), TOKEN, new TreeMap<>());
        assertThat(root.get(repoPath + "/actions/runs").statusCode()).isEqualTo(404);
    }

    @Test
    void everyRouteOfTheSandboxIsADescribedOperation() {
        startServer(EngineOptions.manual());
        List<String> undescribed = new ArrayList<>();
        for (String route : server.api().routes()) {
            int space = route.indexOf(' ');
            if (NOT_DESCRIBED.containsKey(route)) continue;
            if (DESCRIPTION.operationOfRoute(route.substring(0, space), route.substring(space + 1)).isEmpty()) {
                undescribed.add(route);
            }
        }
        assertThat(undescribed).as("routes without an operation in the description (list them in NOT_DESCRIBED with the reason)")
                .isEmpty();
        assertThat(server.api().routes()).hasSizeGreaterThanOrEqualTo(DESCRIPTION.operations().size());
    }

    /** Every operation of the pinned description answered a success at least once in the main story. */
    private void assertEveryOperationExercised() {
        List<String> missing = new ArrayList<>();
        for (OpenApiDescription.Operation op : DESCRIPTION.operations()) {
            Set<Integer> statuses = exercised.getOrDefault(op.key(), Set.of());
            if (statuses.stream().noneMatch(st -> st < 400 && st != 304)) missing.add(op.key() + " " + statuses);
        }
        assertThat(missing).as("described operations the contract story never got a success from").isEmpty();
    }

    /**
     * What real GitHub sends beyond the description's promises passes the check: a bot's commit address
     * (49699333+dependabot[bot]@users.noreply.github.com, where the schema says format: email), fields
     * the description does not know, null in a nullable field, and "status" as a string in error bodies.
     * Formats are asserted all the same: a created_at that is no date-time fails.
     */
    @Test
    void whatGitHubSendsBeyondTheDescriptionPassesTheCheck() {
        ContractProbe api = startServer(EngineOptions.manual());
        engine.dependabotMerge("Bump boto3 from 1.35.0 to 1.35.10");
        long id = state.runs(RunQuery.ALL).get(0).id();
        String path = repoPath + "/actions/runs/" + id;
        HttpResponse<String> r = api.get(path);
        tools.jackson.databind.node.ObjectNode body = (tools.jackson.databind.node.ObjectNode) json(r);
        assertThat(body.get("head_commit").get("author").get("email").asString())
                .matches("\\d+\\+dependabot\\[bot]@users\\.noreply\\.github\\.com");
        HttpResponse<String> missing = api.get(repoPath + "/actions/runs/999999");
        assertThat(json(missing).get("status").isString()).isTrue();
        assertNoDivergence(api);

        body.putObject("field_from_the_future").put("enabled", true);
        body.putNull("conclusion");
        body.putNull("head_branch");
        body.putNull("pull_requests");
        OpenApiDescription.Operation op = DESCRIPTION.operation("GET", path).orElseThrow();
        Map<String, String> headers = Map.of("Content-Type", "application/json; charset=utf-8");
        assertThat(DESCRIPTION.check(op, "GET " + path, 200, headers, body.toString())).isEmpty();

        body.put("created_at", "yesterday");
        assertThat(DESCRIPTION.check(op, "GET " + path, 200, headers, body.toString()))
                .extracting(OpenApiDescription.Divergence::where, OpenApiDescription.Divergence::rule)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("$.created_at", "format"));
    }

    @Test
    void aDroppedRequiredFieldFailsTheCheckNamingPathFieldAndRule() {
        ContractProbe api = startServer(EngineOptions.manual());
        long id = dispatch(api, "deploy-dev.yml", "{}");
        HttpResponse<String> r = api.get(repoPath + "/actions/runs/" + id);
        assertNoDivergence(api);

        // the same answer without its required head_sha, and with a string where an integer belongs
        tools.jackson.databind.node.ObjectNode body = (tools.jackson.databind.node.ObjectNode) json(r);
        body.remove("head_sha");
        body.put("run_number", "seven");
        OpenApiDescription.Operation op = DESCRIPTION.operation("GET", repoPath + "/actions/runs/" + id).orElseThrow();
        Map<String, String> headers = new HashMap<>();
        r.headers().map().forEach((k, v) -> headers.put(k, String.join(", ", v)));
        List<OpenApiDescription.Divergence> found = DESCRIPTION.check(op, "GET " + repoPath + "/actions/runs/" + id, 200,
                headers, body.toString());
        assertThat(found).extracting(OpenApiDescription.Divergence::where, OpenApiDescription.Divergence::rule)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("$.head_sha", "required"),
                        org.assertj.core.groups.Tuple.tuple("$.run_number", "type"));
        assertThat(found.get(0).toString()).contains("GET " + repoPath + "/actions/runs/" + id, "actions/get-workflow-run");

        // a documented header missing: a log redirect without Location
        OpenApiDescription.Operation logs = DESCRIPTION.operation("GET", repoPath + "/actions/runs/" + id + "/logs").orElseThrow();
        assertThat(DESCRIPTION.check(logs, "GET logs", 302, Map.of(), "")).extracting(OpenApiDescription.Divergence::where)
                .containsExactly("header Location");
        // an undocumented success status
        assertThat(DESCRIPTION.check(logs, "GET logs", 200, Map.of("Content-Type", "application/json"), "{}"))
                .extracting(OpenApiDescription.Divergence::rule).containsExactly("documented-status");
    }
}
