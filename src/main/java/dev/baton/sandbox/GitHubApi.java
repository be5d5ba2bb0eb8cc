package dev.baton.sandbox;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Supplier;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

// Over 400 lines: one short handler per GitHub endpoint (about 25) sharing the request helpers (repository check, ids, created filter); the log zips (~100 lines) could go apart.
/**
 * The endpoints of the sandbox's GitHub API over {@link SandboxState}: repository, contents, workflows,
 * dispatch, runs, jobs, logs, cancel, approvals, the three concurrency-groups endpoints and check-run
 * annotations. Shapes come from {@link GitHubJson}; conventions (auth, ETag, rate limit) from
 * {@link GitHubServer}. Every read of one answer happens atomically, so a run and its jobs agree.
 */
final class GitHubApi {
    private static final String DOCS = "https://docs.github.com/rest/actions";
    /** How long a log download link stays valid (GitHub: about a minute; generous for humans with curl). */
    private static final Duration LINK_TTL = Duration.ofMinutes(5);
    /** GitHub's job logs start with a UTF-8 byte order mark. */
    private static final String BOM = "\uFEFF";

    private final Supplier<SandboxRepos> repos;
    private final GitHubServer server;

    GitHubApi(Supplier<SandboxRepos> repos, GitHubServer server) {
        this.repos = repos;
        this.server = server;
    }

    /** The served repositories; 503 while the sandbox is still starting (the server may bind first). */
    private SandboxRepos repos() {
        SandboxRepos r = repos.get();
        if (r == null) throw new ApiException(503, "The sandbox is starting; try again in a moment.");
        return r;
    }

    /** The state of the repository the path names (404 when none), or the primary one for paths without owner/repo. */
    private SandboxState state(ApiRequest req) {
        SandboxRepos r = repos();
        String owner = req.paramOr("owner", null);
        if (owner == null) return r.primary();
        SandboxState s = r.find(owner, req.param("repo"));
        if (s == null) throw ApiException.notFound();
        SandboxApp app = server.app();
        if (app != null && app.botLogin().equals(req.login()) && !app.reaches(owner, req.param("repo"))) {
            throw ApiException.notFound(); // an installation token on a repository the app was not granted
        }
        return s;
    }

    /** A blob path of the request's repository: the primary one keeps GitHub-independent short paths. */
    private String blobPath(ApiRequest req, String rest) {
        SandboxState s = state(req);
        if (repos().isPrimary(s)) return "logs/" + rest;
        SimRepo r = s.repo();
        return "logs/" + r.owner() + "/" + r.name() + "/" + rest;
    }

    void register() {
        String repo = "/repos/{owner}/{repo}";
        String actions = repo + "/actions";
        server.api()
                .get("/", this::root)
                .get("/users/{login}", req -> ApiResponse.ok(GitHubJson.profile(req, req.param("login"))))
                .get(repo, this::repository)
                .get(repo + "/contents", this::contents)
                .get(repo + "/contents/{path+}", this::contents)
                .get(actions + "/workflows", this::workflows)
                .get(actions + "/workflows/{workflow_id}", this::workflow)
                .post(actions + "/workflows/{workflow_id}/dispatches", this::dispatch)
                .get(actions + "/workflows/{workflow_id}/runs", this::workflowRuns)
                .get(actions + "/runs", this::runs)
                .get(actions + "/runs/{run_id}", this::run)
                .get(actions + "/runs/{run_id}/attempts/{attempt}", this::runAttempt)
                .get(actions + "/runs/{run_id}/jobs", this::jobs)
                .get(actions + "/runs/{run_id}/logs", this::runLogs)
                .get(actions + "/runs/{run_id}/artifacts", this::artifacts)
                .post(actions + "/runs/{run_id}/cancel", this::cancel)
                .post(actions + "/runs/{run_id}/approve", this::approveRun)
                .get(actions + "/runs/{run_id}/pending_deployments", this::pendingDeployments)
                .post(actions + "/runs/{run_id}/pending_deployments", this::reviewDeployments)
                .get(actions + "/runs/{run_id}/concurrency_groups", this::runGroups)
                .get(actions + "/jobs/{job_id}", this::job)
                .get(actions + "/jobs/{job_id}/logs", this::jobLogs)
                .get(actions + "/concurrency_groups", this::groups)
                .get(actions + "/concurrency_groups/{group+}", this::group)
                .get(repo + "/check-runs/{check_run_id}", this::checkRun)
                .get(repo + "/check-runs/{check_run_id}/annotations", this::annotations);
        server.blobs()
                .get("/logs/jobs/{job_id}", this::jobLogBlob)
                .get("/logs/runs/{run_id}", this::runLogBlob)
                .get("/logs/{owner}/{repo}/jobs/{job_id}", this::jobLogBlob)
                .get("/logs/{owner}/{repo}/runs/{run_id}", this::runLogBlob);
        new SandboxPages(this::repos).register(server.web());
        new FleetApi(repos).register(server.api());
        new AppApi(repos, server).register(server.api());
    }

    // ---------------------------------------------------------------- repository and files

    /** GitHub's index of URI templates (meta/root), every field its description requires, in its order. */
    private ApiResponse root(ApiRequest req) {
        String api = req.apiBase();
        String query = "?q={query}{&page,per_page,sort,order}";
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("current_user_url", api + "/user");
        m.put("current_user_authorizations_html_url", req.webBase() + "/settings/connections/applications{/client_id}");
        m.put("authorizations_url", api + "/authorizations");
        m.put("code_search_url", api + "/search/code" + query);
        m.put("commit_search_url", api + "/search/commits" + query);
        m.put("emails_url", api + "/user/emails");
        m.put("emojis_url", api + "/emojis");
        m.put("events_url", api + "/events");
        m.put("feeds_url", api + "/feeds");
        m.put("followers_url", api + "/user/followers");
        m.put("following_url", api + "/user/following{/target}");
        m.put("gists_url", api + "/gists{/gist_id}");
        m.put("hub_url", api + "/hub");
        m.put("issue_search_url", api + "/search/issues" + query);
        m.put("issues_url", api + "/issues");
        m.put("keys_url", api + "/user/keys");
        m.put("label_search_url", api + "/search/labels?q={query}&repository_id={repository_id}{&page,per_page}");
        m.put("notifications_url", api + "/notifications");
        m.put("organization_url", api + "/orgs/{org}");
        m.put("organization_repositories_url", api + "/orgs/{org}/repos{?type,page,per_page,sort}");
        m.put("organization_teams_url", api + "/orgs/{org}/teams");
        m.put("public_gists_url", api + "/gists/public");
        m.put("rate_limit_url", api + "/rate_limit");
        m.put("repository_url", api + "/repos/{owner}/{repo}");
        m.put("repository_search_url", api + "/search/repositories" + query);
        m.put("current_user_repositories_url", api + "/user/repos{?type,page,per_page,sort}");
        m.put("starred_url", api + "/user/starred{/owner}{/repo}");
        m.put("starred_gists_url", api + "/gists/starred");
        m.put("topic_search_url", api + "/search/topics?q={query}{&page,per_page}");
        m.put("user_url", api + "/users/{user}");
        m.put("user_organizations_url", api + "/user/orgs");
        m.put("user_repositories_url", api + "/users/{user}/repos{?type,page,per_page,sort}");
        m.put("user_search_url", api + "/search/users" + query);
        return ApiResponse.ok(m);
    }

    /** The sandbox repository if the path names it (owner and name compare case-insensitively). */
    private SimRepo repo(ApiRequest req) {
        SimRepo r = state(req).repo();
        if (!r.owner().equalsIgnoreCase(req.param("owner")) || !r.name().equalsIgnoreCase(req.param("repo"))) {
            throw ApiException.notFound();
        }
        return r;
    }

    private ApiResponse repository(ApiRequest req) {
        SimRepo repo = repo(req);
        Instant pushed = repo.commits().isEmpty() ? repo.createdAt() : repo.commits().get(repo.commits().size() - 1).timestamp();
        return ApiResponse.ok(GitHubJson.repository(req, repo, pushed, pushed));
    }

    private ApiResponse contents(ApiRequest req) {
        SimRepo repo = repo(req);
        if (repos().contentsForbidden(repo.owner(), repo.name())) {
            throw new ApiException(403, "Resource not accessible by integration", DOCS_CONTENTS);
        }
        String path = trimSlashes(req.paramOr("path", ""));
        String ref = req.query("ref") == null ? repo.defaultBranch() : req.query("ref");
        if (repo.resolve(ref).isEmpty()) {
            throw new ApiException(404, "No commit found for the ref " + ref, DOCS_CONTENTS);
        }
        Optional<String> text = state(req).file(path, ref);
        if (text.isPresent()) {
            return ApiResponse.ok(GitHubJson.fileContent(req, repo, path, text.get(), ref));
        }
        // a directory: its direct children, directories first as GitHub lists them by name
        String prefix = path.isEmpty() ? "" : path + "/";
        TreeSet<String> dirs = new TreeSet<>();
        TreeSet<String> files = new TreeSet<>();
        for (String p : repo.files().keySet()) {
            if (!p.startsWith(prefix)) continue;
            String rest = p.substring(prefix.length());
            int slash = rest.indexOf('/');
            if (slash < 0) files.add(rest);
            else dirs.add(rest.substring(0, slash));
        }
        if (dirs.isEmpty() && files.isEmpty()) throw new ApiException(404, "Not Found", DOCS_CONTENTS);
        TreeSet<String> names = new TreeSet<>(dirs);
        names.addAll(files);
        List<Map<String, Object>> out = new ArrayList<>();
        for (String name : names) {
            String child = prefix + name;
            if (dirs.contains(name)) {
                String treeSha = GitHubJson.blobSha(("tree " + child).getBytes(StandardCharsets.UTF_8));
                out.add(GitHubJson.contentEntry(req, repo, child, "dir", 0, treeSha, ref));
            } else {
                byte[] bytes = repo.files().get(child).getBytes(StandardCharsets.UTF_8);
                out.add(GitHubJson.contentEntry(req, repo, child, "file", bytes.length, GitHubJson.blobSha(bytes), ref));
            }
        }
        return ApiResponse.ok(out);
    }

    private static final String DOCS_CONTENTS = "https://docs.github.com/rest/repos/contents#get-repository-content";

    // ---------------------------------------------------------------- workflows and dispatch

    private ApiResponse workflows(ApiRequest req) {
        SimRepo repo = repo(req);
        Paging.Page<SimWorkflow> page = Paging.pages(state(req).workflows(), req);
        List<Map<String, Object>> list = new ArrayList<>();
        for (SimWorkflow w : page.items()) list.add(GitHubJson.workflow(req, repo, w));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total_count", page.totalCount());
        body.put("workflows", list);
        return page.linked(ApiResponse.ok(body));
    }

    private SimWorkflow workflowOf(ApiRequest req) {
        return state(req).workflow(req.param("workflow_id"))
                .orElseThrow(() -> new ApiException(404, "Not Found", DOCS + "/workflows#get-a-workflow"));
    }

    private ApiResponse workflow(ApiRequest req) {
        SimRepo repo = repo(req);
        return ApiResponse.ok(GitHubJson.workflow(req, repo, workflowOf(req)));
    }

    private ApiResponse dispatch(ApiRequest req) {
        SimRepo repo = repo(req);
        String docs = DOCS + "/workflows#create-a-workflow-dispatch-event";
        SimWorkflow w = workflowOf(req);
        JsonNode body = jsonBody(req, docs);
        JsonNode ref = body.get("ref");
        if (ref == null || !ref.isTextual() || ref.asText().isBlank()) {
            throw new ApiException(422, "Invalid request.\n\n\"ref\" wasn't supplied.", docs);
        }
        Map<String, String> inputs = new LinkedHashMap<>();
        JsonNode in = body.get("inputs");
        if (in != null && !in.isNull()) {
            if (!in.isObject()) throw new ApiException(422, "Invalid request.\n\nFor 'properties/inputs', "
                    + in + " is not an object.", docs);
            for (Iterator<Map.Entry<String, JsonNode>> it = in.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = e.getValue();
                if (v.isNull()) continue;
                if (v.isContainerNode()) throw new ApiException(422, "Invalid request.\n\nFor 'properties/"
                        + e.getKey() + "', " + v + " is not a string.", docs);
                inputs.put(e.getKey(), v.asText());
            }
        }
        JsonNode details = body.get("return_run_details");
        boolean returnDetails = details != null && (details.asBoolean(false) || "true".equalsIgnoreCase(details.asText()));
        SimRun run = state(req).dispatch(String.valueOf(w.id()), ref.asText(), inputs, req.login());
        if (!returnDetails) return ApiResponse.noContent();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("workflow_run_id", run.id());
        out.put("run_url", GitHubJson.runUrl(req, repo, run.id()));
        out.put("html_url", GitHubJson.runHtml(req, repo, run.id()));
        return ApiResponse.ok(out);
    }

    private static JsonNode jsonBody(ApiRequest req, String docs) {
        if (req.body().length == 0) return ApiResponse.JSON.createObjectNode();
        try {
            JsonNode node = ApiResponse.JSON.readTree(req.body());
            if (node == null || !node.isObject()) throw new ApiException(400, "Problems parsing JSON", docs);
            return node;
        } catch (IOException e) {
            throw new ApiException(400, "Problems parsing JSON", docs);
        }
    }

    // ---------------------------------------------------------------- runs

    private ApiResponse runs(ApiRequest req) {
        return runList(req, repo(req), null);
    }

    private ApiResponse workflowRuns(ApiRequest req) {
        SimRepo repo = repo(req);
        return runList(req, repo, workflowOf(req).id());
    }

    private ApiResponse runList(ApiRequest req, SimRepo repo, Long workflowId) {
        Instant[] created = parseCreated(req.query("created"));
        RunQuery q = new RunQuery(workflowId, lower(req.query("status")), req.query("event"), req.query("branch"),
                req.query("head_sha"), req.query("actor"), created[0], created[1]);
        List<SimRun> all = state(req).runs(q);
        String suite = req.query("check_suite_id");
        if (suite != null) {
            all = all.stream().filter(r -> String.valueOf(GitHubJson.checkSuiteId(r.id())).equals(suite)).toList();
        }
        Paging.Page<SimRun> page = Paging.pages(all, req);
        List<Map<String, Object>> list = new ArrayList<>();
        for (SimRun r : page.items()) list.add(GitHubJson.run(req, repo, r));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total_count", page.totalCount());
        body.put("workflow_runs", list);
        return page.linked(ApiResponse.ok(body));
    }

    private SimRun runOf(ApiRequest req) {
        return state(req).run(req.longParam("run_id")).orElseThrow(ApiException::notFound);
    }

    private ApiResponse run(ApiRequest req) {
        SimRepo repo = repo(req);
        return ApiResponse.ok(GitHubJson.run(req, repo, runOf(req)));
    }

    /** The sandbox never re-runs, so only the current attempt exists (gh run view --attempt N). */
    private ApiResponse runAttempt(ApiRequest req) {
        SimRepo repo = repo(req);
        SimRun run = runOf(req);
        if (run.runAttempt() != req.longParam("attempt")) throw ApiException.notFound();
        return ApiResponse.ok(GitHubJson.run(req, repo, run));
    }

    private ApiResponse jobs(ApiRequest req) {
        SimRepo repo = repo(req);
        String filter = req.query("filter");
        if (filter != null && !filter.equals("latest") && !filter.equals("all")) {
            throw new ApiException(422, "Invalid request.\n\nfilter must be one of: latest, all.", DOCS + "/workflow-jobs");
        }
        long runId = req.longParam("run_id");
        List<SimJob> jobs = state(req).atomically(() -> {
            if (state(req).run(runId).isEmpty()) throw ApiException.notFound();
            return state(req).jobs(runId);
        });
        Paging.Page<SimJob> page = Paging.pages(jobs, req);
        List<Map<String, Object>> list = new ArrayList<>();
        for (SimJob j : page.items()) list.add(GitHubJson.job(req, repo, j));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total_count", page.totalCount());
        body.put("jobs", list);
        return page.linked(ApiResponse.ok(body));
    }

    private ApiResponse job(ApiRequest req) {
        SimRepo repo = repo(req);
        SimJob job = state(req).job(req.longParam("job_id")).orElseThrow(ApiException::notFound);
        return ApiResponse.ok(GitHubJson.job(req, repo, job));
    }

    private ApiResponse artifacts(ApiRequest req) {
        repo(req);
        runOf(req);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total_count", 0);
        body.put("artifacts", List.of());
        return ApiResponse.ok(body);
    }

    private ApiResponse cancel(ApiRequest req) {
        repo(req);
        long runId = req.longParam("run_id");
        try {
            state(req).cancel(runId);
        } catch (SandboxException e) {
            if (e.status() == 409) {
                throw new ApiException(409, e.getMessage(), DOCS + "/workflow-runs#cancel-a-workflow-run");
            }
            throw e;
        }
        return ApiResponse.json(202, Map.of());
    }

    /** hub4j's GHWorkflowRun.approve(): in the sandbox, approving the run's pending deployments. */
    private ApiResponse approveRun(ApiRequest req) {
        repo(req);
        state(req).approve(req.longParam("run_id"));
        return ApiResponse.json(201, Map.of());
    }

    private ApiResponse pendingDeployments(ApiRequest req) {
        SimRepo repo = repo(req);
        long runId = req.longParam("run_id");
        List<SimPendingDeployment> pending = state(req).atomically(() -> {
            if (state(req).run(runId).isEmpty()) throw ApiException.notFound();
            return state(req).pendingDeployments(runId);
        });
        List<Map<String, Object>> out = new ArrayList<>();
        for (SimPendingDeployment p : pending) out.add(GitHubJson.pendingDeployment(req, repo, p));
        return ApiResponse.ok(out);
    }

    /** POST pending_deployments {environment_ids, state: approved|rejected, comment}. */
    private ApiResponse reviewDeployments(ApiRequest req) {
        SimRepo repo = repo(req);
        String docs = DOCS + "/workflow-runs#review-pending-deployments-for-a-workflow-run";
        long runId = req.longParam("run_id");
        JsonNode body = jsonBody(req, docs);
        JsonNode ids = body.get("environment_ids");
        String decision = body.path("state").asText("");
        if (ids == null || !ids.isArray() || ids.isEmpty()) {
            throw new ApiException(422, "Invalid request.\n\n\"environment_ids\" wasn't supplied.", docs);
        }
        if (!decision.equals("approved") && !decision.equals("rejected")) {
            throw new ApiException(422, "Invalid request.\n\n\"state\" must be one of: approved, rejected.", docs);
        }
        if (decision.equals("rejected")) {
            throw new ApiException(422, "The sandbox models approvals only; rejecting a deployment is not supported.", docs);
        }
        SimRun run = runOf(req);
        List<SimPendingDeployment> pending = state(req).pendingDeployments(runId);
        List<SimPendingDeployment> chosen = new ArrayList<>();
        for (JsonNode id : ids) {
            SimPendingDeployment match = pending.stream().filter(p -> p.environmentId() == id.asLong()).findFirst()
                    .orElseThrow(() -> new ApiException(422, "No pending deployment for environment " + id.asText()
                            + " on this run.", docs));
            chosen.add(match);
        }
        Instant now = state(req).now();
        state(req).approve(runId);
        List<Map<String, Object>> out = new ArrayList<>();
        for (SimPendingDeployment p : chosen) out.add(GitHubJson.deployment(req, repo, run, p, req.login(), now));
        return ApiResponse.ok(out);
    }

    // ---------------------------------------------------------------- logs

    private ApiResponse jobLogs(ApiRequest req) {
        repo(req);
        long jobId = req.longParam("job_id");
        SimJob job = state(req).job(jobId).orElseThrow(ApiException::notFound);
        // a job still running has no downloadable log on GitHub
        if (job.status() != dev.baton.model.RunStatus.COMPLETED) throw ApiException.notFound();
        return ApiResponse.redirect(server.signedUrl(blobPath(req, "jobs/" + jobId), LINK_TTL));
    }

    private ApiResponse runLogs(ApiRequest req) {
        repo(req);
        SimRun run = runOf(req);
        if (!run.completed()) throw ApiException.notFound();
        return ApiResponse.redirect(server.signedUrl(blobPath(req, "runs/" + run.id()), LINK_TTL));
    }

    private ApiResponse jobLogBlob(ApiRequest req) {
        long jobId = req.longParam("job_id");
        List<SimLogLine> lines = state(req).jobLog(jobId).orElseThrow(ApiException::notFound);
        return ApiResponse.bytes(200, logText(lines).getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
    }

    private ApiResponse runLogBlob(ApiRequest req) {
        long runId = req.longParam("run_id");
        record JobLog(SimJob job, List<SimLogLine> lines) {
        }
        List<JobLog> logs = state(req).atomically(() -> {
            SimRun run = state(req).run(runId).orElseThrow(ApiException::notFound);
            if (!run.completed()) throw ApiException.notFound();
            List<JobLog> out = new ArrayList<>();
            for (SimJob j : state(req).jobs(runId)) out.add(new JobLog(j, state(req).jobLog(j.id()).orElse(List.of())));
            return out;
        });
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            // GitHub's layout, which gh run view --log reads: "<n>_<job>.txt" with the whole job, and
            // "<job>/<step number>_<step>.txt" per step
            int i = 0;
            for (JobLog log : logs) {
                SimJob job = log.job();
                Instant t = job.completedAt() == null ? job.createdAt() : job.completedAt();
                writeEntry(zip, i++ + "_" + fileSafe(job.name()) + ".txt", logText(log.lines()), t);
                for (SimStep step : job.steps()) {
                    if (step.startedAt() == null || step.conclusion() == dev.baton.model.Conclusion.SKIPPED) continue;
                    writeEntry(zip, fileSafe(job.name()) + "/" + step.number() + "_" + fileSafe(step.name()) + ".txt",
                            logText(stepLines(job, step, log.lines())), t);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ApiResponse.bytes(200, bytes.toByteArray(), "application/zip")
                .header("Content-Disposition", "attachment; filename=logs_" + runId + ".zip");
    }

    private static void writeEntry(ZipOutputStream zip, String name, String text, Instant time) throws IOException {
        ZipEntry e = new ZipEntry(name);
        if (time != null) e.setTime(time.toEpochMilli());
        zip.putNextEntry(e);
        zip.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    /** A step's lines: those logged from its start until the next step started. */
    private static List<SimLogLine> stepLines(SimJob job, SimStep step, List<SimLogLine> lines) {
        if (step.startedAt() == null) return List.of();
        Instant next = null;
        for (SimStep s : job.steps()) {
            if (s.number() > step.number() && s.startedAt() != null && (next == null || s.startedAt().isBefore(next))) {
                next = s.startedAt();
            }
        }
        List<SimLogLine> out = new ArrayList<>();
        for (SimLogLine l : lines) {
            boolean first = step.number() == job.steps().get(0).number();
            boolean afterStart = !l.at().isBefore(step.startedAt()) || first;
            boolean beforeNext = next == null || l.at().isBefore(next);
            if (afterStart && beforeNext) out.add(l);
        }
        return out;
    }

    private static String logText(List<SimLogLine> lines) {
        StringBuilder sb = new StringBuilder(BOM);
        for (SimLogLine l : lines) sb.append(l.format()).append('\n');
        return sb.toString();
    }

    private static String fileSafe(String name) {
        return name.replaceAll("[/\\\\:*?\"<>|]", "_");
    }

    // ---------------------------------------------------------------- concurrency groups

    private ApiResponse groups(ApiRequest req) {
        if (!server.concurrencyApi()) throw ApiException.notFound(); // an older GHES: no such endpoint
        SimRepo repo = repo(req);
        Paging.Page<SimGroup> page = Paging.cursor(state(req).activeGroups(), GitHubApi::recencyKey, req);
        List<Map<String, Object>> list = new ArrayList<>();
        for (SimGroup g : page.items()) list.add(GitHubJson.groupSummary(req, repo, g));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total_count", page.totalCount());
        body.put("concurrency_groups", list);
        return page.linked(ApiResponse.ok(body));
    }

    /** Orders groups most recently acquired first, then by name, as a string the cursor can carry. */
    private static String recencyKey(SimGroup g) {
        long millis = g.lastAcquiredAt() == null ? 0 : Math.max(0, g.lastAcquiredAt().toEpochMilli());
        return String.format(Locale.ROOT, "%019d|%s", Long.MAX_VALUE - millis, g.name().toLowerCase(Locale.ROOT));
    }

    private ApiResponse group(ApiRequest req) {
        if (!server.concurrencyApi()) throw ApiException.notFound(); // an older GHES: no such endpoint
        SimRepo repo = repo(req);
        String docs = DOCS + "/concurrency-groups";
        SimGroup g = state(req).group(req.param("group")).orElseThrow(() -> new ApiException(404, "Not Found", docs));
        String aheadOfRun = req.query("ahead_of_run");
        String aheadOfJob = req.query("ahead_of_job");
        List<SimGroupMember> members = g.members();
        if (aheadOfRun != null && aheadOfJob != null) {
            throw new ApiException(422, "Only one of ahead_of_run and ahead_of_job may be given.", docs);
        }
        if (aheadOfRun != null || aheadOfJob != null) {
            boolean byJob = aheadOfJob != null;
            long id = parseId(byJob ? aheadOfJob : aheadOfRun, byJob ? "ahead_of_job" : "ahead_of_run", docs);
            int at = -1;
            for (int i = 0; i < members.size() && at < 0; i++) {
                SimGroupMember m = members.get(i);
                if (byJob ? m.jobId() != null && m.jobId() == id : m.runId() == id) at = i;
            }
            if (at < 0) {
                throw new ApiException(422, (byJob ? "Job " : "Workflow run ") + id
                        + " is not a member of the concurrency group '" + g.name() + "'.", docs);
            }
            members = members.subList(0, at + 1);
        }
        return ApiResponse.ok(GitHubJson.group(req, repo, g, members, false));
    }

    private static long parseId(String text, String name, String docs) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new ApiException(422, "Invalid request.\n\n" + name + " must be an integer.", docs);
        }
    }

    private ApiResponse runGroups(ApiRequest req) {
        if (!server.concurrencyApi()) throw ApiException.notFound(); // an older GHES: no such endpoint
        SimRepo repo = repo(req);
        long run = req.longParam("run_id");
        List<SimGroup> groups = state(req).groupsOfRun(run).orElseThrow(ApiException::notFound);
        List<Map<String, Object>> list = new ArrayList<>();
        for (SimGroup g : groups) {
            // GitHub lists the items of this run only, each with its position in the whole group
            List<SimGroupMember> own = g.members().stream().filter(m -> m.runId() == run).toList();
            list.add(GitHubJson.group(req, repo, g, own, true));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total_count", groups.size());
        body.put("concurrency_groups", list);
        return ApiResponse.ok(body);
    }

    // ---------------------------------------------------------------- check runs

    /** The job behind a check run id (the last segment of its check_run_url). */
    private Optional<SimJob> jobOfCheckRun(ApiRequest req, long checkRunId) {
        // the engine numbers check runs like their jobs (as GitHub does); scan in case that changes
        Optional<SimJob> same = state(req).job(checkRunId).filter(j -> j.checkRunId() == checkRunId);
        if (same.isPresent()) return same;
        return state(req).atomically(() -> {
            for (SimRun r : state(req).runs(RunQuery.ALL)) {
                for (SimJob j : state(req).jobs(r.id())) {
                    if (j.checkRunId() == checkRunId) return Optional.of(j);
                }
            }
            return Optional.<SimJob>empty();
        });
    }

    private ApiResponse checkRun(ApiRequest req) {
        SimRepo repo = repo(req);
        long id = req.longParam("check_run_id");
        SimJob job = jobOfCheckRun(req, id).orElseThrow(ApiException::notFound);
        return ApiResponse.ok(GitHubJson.checkRun(req, repo, job, state(req).annotations(id).size()));
    }

    private ApiResponse annotations(ApiRequest req) {
        SimRepo repo = repo(req);
        long id = req.longParam("check_run_id");
        SimJob job = jobOfCheckRun(req, id).orElseThrow(ApiException::notFound);
        Paging.Page<SimAnnotation> page = Paging.pages(state(req).annotations(id), req);
        List<Map<String, Object>> out = new ArrayList<>();
        for (SimAnnotation a : page.items()) out.add(GitHubJson.annotation(req, repo, a, job.headSha()));
        return page.linked(ApiResponse.ok(out));
    }

    // ---------------------------------------------------------------- query parsing

    private static String lower(String s) {
        return s == null ? null : s.trim().toLowerCase(Locale.ROOT);
    }

    private static String trimSlashes(String p) {
        String s = p;
        while (s.startsWith("/")) s = s.substring(1);
        while (s.endsWith("/")) s = s.substring(0, s.length() - 1);
        return s;
    }

    /**
     * GitHub's search date syntax for "created": DATE, >=DATE, >DATE, <=DATE, <DATE, A..B (either side
     * "*"), with DATE a day (YYYY-MM-DD) or a date-time (ISO 8601 with Z or an offset). Returns inclusive
     * [from, to], nulls for open ends.
     */
    static Instant[] parseCreated(String text) {
        if (text == null || text.isBlank()) return new Instant[]{null, null};
        String t = text.trim();
        try {
            if (t.contains("..")) {
                int dots = t.indexOf("..");
                String a = t.substring(0, dots).trim();
                String b = t.substring(dots + 2).trim();
                Instant from = a.equals("*") ? null : span(a)[0];
                Instant to = b.equals("*") ? null : span(b)[1].minusNanos(1);
                return new Instant[]{from, to};
            }
            if (t.startsWith(">=")) return new Instant[]{span(t.substring(2))[0], null};
            if (t.startsWith("<=")) return new Instant[]{null, span(t.substring(2))[1].minusNanos(1)};
            if (t.startsWith(">")) return new Instant[]{span(t.substring(1))[1], null};
            if (t.startsWith("<")) return new Instant[]{null, span(t.substring(1))[0].minusNanos(1)};
            Instant[] s = span(t);
            return new Instant[]{s[0], s[1].minusNanos(1)};
        } catch (DateTimeParseException e) {
            throw new ApiException(422, "Invalid request.\n\n'created' must be a date or date range in"
                    + " GitHub's search syntax (e.g. >=2026-11-26), got '" + text + "'.",
                    "https://docs.github.com/search-github/getting-started-with-searching-on-github/understanding-the-search-syntax#query-for-dates");
        }
    }

    /** [start, end) of a day or of one second. */
    private static Instant[] span(String s) {
        String v = s.trim();
        if (v.length() == 10) {
            Instant start = LocalDate.parse(v).atStartOfDay().toInstant(ZoneOffset.UTC);
            return new Instant[]{start, start.plus(1, ChronoUnit.DAYS)};
        }
        String withZone = v.endsWith("Z") || v.matches(".*[+-]\\d\\d:\\d\\d$") ? v : v + "Z";
        Instant at = OffsetDateTime.parse(withZone).toInstant();
        return new Instant[]{at, at.plusSeconds(1)};
    }
}
