package dev.baton.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.model.Conclusion;
import dev.baton.model.GroupMember;
import dev.baton.model.Job;
import dev.baton.model.PendingDeployment;
import dev.baton.model.RateLimit;
import dev.baton.model.RepoRef;
import dev.baton.model.Run;
import dev.baton.model.RunStatus;
import dev.baton.model.Sleeper;
import dev.baton.model.Step;
import okhttp3.Cache;
import okhttp3.OkHttpClient;
import org.kohsuke.github.GHContent;
import org.kohsuke.github.GHFileNotFoundException;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GHWorkflowJob;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubAbuseLimitHandler;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.GitHubRateLimitHandler;
import org.kohsuke.github.HttpException;
import org.kohsuke.github.connector.GitHubConnectorResponse;
import org.kohsuke.github.extras.okhttp3.OkHttpGitHubConnector;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The real GitHub source: hub4j 1.330 over OkHttp with a disk cache (every poll is an ETag revalidation,
 * free when nothing changed). hub4j serves repository, workflows, contents, jobs, cancel and logs; the
 * calls it lacks, and the run listing (hub4j 1.330 exposes neither a run's actor nor its workflow path),
 * are sent as raw requests through the same connector, so one cache and one meter see everything.
 */
public final class GitHubClient implements GitHubPort, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GitHubSettings settings;
    private final RequestMeter meter = new RequestMeter();
    private final ServerClock serverClock = new ServerClock();
    private final OkHttpGitHubConnector connector;
    private final GitHub github;
    private volatile GHRepository repository;
    private final CacheSlot cacheSlot;
    private final Cache cache;

    public GitHubClient(GitHubSettings settings) {
        this(settings, Sleeper.SYSTEM);
    }

    /** sleeper: how the retry of a transient failure waits (tests pass one that does not). */
    public GitHubClient(GitHubSettings settings, Sleeper sleeper) {
        this.settings = settings;
        CredentialFingerprint credential = new CredentialFingerprint();
        OkHttpClient.Builder http = new OkHttpClient.Builder()
                .connectTimeout(settings.timeout())
                .readTimeout(settings.timeout())
                .callTimeout(settings.timeout().multipliedBy(2))
                .addInterceptor(new TransientRetry(sleeper))
                .addInterceptor(credential.application()) // the cache never sees the token...
                .addNetworkInterceptor(credential.network()) // ...only the wire does
                .addNetworkInterceptor(meter)
                .addNetworkInterceptor(chain -> {
                    okhttp3.Response response = chain.proceed(chain.request());
                    serverClock.observe(response.header("Date"));
                    return response;
                });
        CacheSlot slot = null;
        Cache cache = null;
        if (settings.cacheDir() != null) {
            try {
                slot = CacheSlot.take(settings.cacheDir()).orElse(null);
                if (slot == null) {
                    org.slf4j.LoggerFactory.getLogger(GitHubClient.class).info("all {} HTTP caches in {} are in use by other batons: running uncached",
                            CacheSlot.SLOTS, settings.cacheDir());
                } else {
                    cache = new Cache(slot.dir().toFile(), 25L * 1024 * 1024, new PrivateCacheFiles());
                    http.cache(cache);
                }
            } catch (IOException e) {
                // no cache folder: every poll costs a request, but the screen still works
                org.slf4j.LoggerFactory.getLogger(GitHubClient.class).warn("no HTTP cache in {}: {}", settings.cacheDir(), e.toString());
            }
        }
        this.cacheSlot = slot;
        this.cache = cache;
        this.connector = new OkHttpGitHubConnector(http.build());
        try {
            GitHubBuilder builder = new GitHubBuilder().withEndpoint(settings.apiUrl())
                    .withConnector(connector)
                    // fail fast: the watch loop decides when to retry; hub4j's WAIT would freeze it
                    .withRateLimitHandler(GitHubRateLimitHandler.FAIL)
                    .withAbuseLimitHandler(GitHubAbuseLimitHandler.FAIL);
            if (settings.hasCredential()) {
                // an authorization provider avoids the extra GET /user that withOAuthToken makes; asked at every
                // request, so a GitHub App's renewed installation token is used as soon as it is bought
                builder.withAuthorizationProvider(settings::authorization);
            }
            this.github = builder.build();
        } catch (IOException e) {
            throw GitHubException.wrap("GitHub client", e);
        }
    }

    public RepoRef repo() {
        return settings.repo();
    }

    /** Closes the HTTP cache and frees its slot for another baton. */
    @Override
    public void close() {
        try {
            if (cache != null) cache.close();
        } catch (IOException e) {
            // the next owner of the slot reads what the journal says
        } finally {
            if (cacheSlot != null) cacheSlot.close();
        }
    }

    @Override
    public RequestMeter meter() {
        return meter;
    }

    @Override
    public ServerClock clock() {
        return serverClock;
    }

    @Override
    public RateLimit rateLimit() {
        return meter.rateLimit();
    }

    @Override
    public RepoAccess access() {
        return call("repository " + settings.repo(), () -> {
            GHRepository r = github.getRepository(settings.repo().toString()); // fresh: permissions as of now
            boolean known = r.hasPullAccess() || r.hasPushAccess() || r.hasAdminAccess();
            return new RepoAccess(r.getFullName(), r.isPrivate(), known, r.hasPullAccess(), r.hasPushAccess(), r.hasAdminAccess());
        });
    }

    /**
     * The full names (owner/name) of an organisation's repositories that are not archived: GET /orgs/{org}/repos,
     * every page (the fleet's discovery; the client's repository is not used).
     */
    public List<String> organizationRepositories(String org) {
        return call("repositories of " + org, () -> {
            List<String> out = new ArrayList<>();
            for (GHRepository r : github.getOrganization(org).listRepositories(100)) if (!r.isArchived()) out.add(r.getFullName());
            return out;
        });
    }

    private GHRepository repository() {
        GHRepository r = repository;
        if (r == null) {
            r = call("repository " + settings.repo(), () -> github.getRepository(settings.repo().toString()));
            repository = r;
        }
        return r;
    }

    // ---- runs and jobs ---------------------------------------------------------------------------

    @Override
    public List<Run> recentRuns(int perPage) {
        JsonNode body = getJson("/actions/runs?per_page=" + perPage, "list runs").orElseThrow(
                () -> new GitHubException(404, "list runs: repository " + settings.repo() + " not found"));
        List<Run> runs = new ArrayList<>();
        for (JsonNode n : body.path("workflow_runs")) runs.add(RunJson.run(n));
        return runs;
    }

    @Override
    public Run run(long runId) {
        return RunJson.run(getJson("/actions/runs/" + runId, "run " + runId)
                .orElseThrow(() -> new GitHubException(404, "run " + runId + " not found")));
    }

    @Override
    public List<Run> dispatchedRuns(String workflowFile, Instant since) {
        String path = "/actions/workflows/" + enc(workflowFile) + "/runs?event=workflow_dispatch&per_page=20";
        JsonNode body = getJson(path, "list runs of " + workflowFile).orElseThrow(
                () -> new GitHubException(404, "workflow " + workflowFile + " not found"));
        List<Run> runs = new ArrayList<>();
        for (JsonNode n : body.path("workflow_runs")) {
            Run r = RunJson.run(n);
            if (r.createdAt() == null || !r.createdAt().isBefore(since)) runs.add(r);
        }
        return runs;
    }

    @Override
    public List<Job> jobs(long runId) {
        return call("jobs of run " + runId, () -> {
            List<Job> jobs = new ArrayList<>();
            for (GHWorkflowJob j : repository().getWorkflowRun(runId).listJobs().withPageSize(100)) {
                List<Step> steps = new ArrayList<>();
                for (GHWorkflowJob.Step s : j.getSteps()) {
                    steps.add(new Step(s.getNumber(), s.getName(), RunStatus.of(enumApi(s.getStatus())),
                            Conclusion.of(enumApi(s.getConclusion())), instant(s.getStartedAt()), instant(s.getCompletedAt())));
                }
                jobs.add(new Job(j.getId(), j.getRunId(), j.getName(), RunStatus.of(enumApi(j.getStatus())),
                        Conclusion.of(enumApi(j.getConclusion())), instant(j.getStartedAt()), instant(j.getCompletedAt()),
                        steps, str(j.getCheckRunUrl()), str(j.getHtmlUrl())));
            }
            return jobs;
        });
    }

    @Override
    public void cancel(long runId) {
        call("cancel run " + runId, () -> {
            repository().getWorkflowRun(runId).cancel();
            return null;
        });
    }

    @Override
    public List<String> jobLog(long jobId) {
        return call("log of job " + jobId, () -> repository().getWorkflowJob(jobId).downloadLogs(GitHubClient::lines));
    }

    private static List<String> lines(InputStream in) throws IOException {
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) out.add(line);
        }
        return out;
    }

    // ---- concurrency groups (raw: hub4j lacks them) ------------------------------------------------

    @Override
    public Optional<List<String>> activeGroupNames() {
        List<String> names = new ArrayList<>();
        String after = null;
        do {
            String path = "/actions/concurrency_groups?per_page=100" + (after == null ? "" : "&after=" + enc(after));
            Optional<JsonNode> page = getJson(path, "list concurrency groups");
            if (page.isEmpty()) return Optional.empty(); // 404: this server has no concurrency-groups API
            JsonNode groups = page.get().path("concurrency_groups");
            for (JsonNode g : groups) names.add(g.path("group_name").asText());
            after = groups.size() == 100 && groups.size() > 0 ? groups.get(groups.size() - 1).path("group_name").asText() : null;
        } while (after != null && names.size() < 10_000);
        return Optional.of(names);
    }

    @Override
    public Optional<GroupDetail> group(String name) {
        return getJson("/actions/concurrency_groups/" + enc(name), "concurrency group " + name).map(body -> {
            List<GroupMember> members = new ArrayList<>();
            int position = 0;
            for (JsonNode m : body.path("group_members")) {
                RunStatus status = RunStatus.of(m.path("status").asText(null));
                members.add(new GroupMember(m.path("run_id").asLong(), m.path("run_name").asText(""),
                        m.hasNonNull("job_id") ? m.get("job_id").asLong() : null, m.path("job_name").asText(null),
                        status, status == RunStatus.IN_PROGRESS ? 0 : ++position));
            }
            return new GroupDetail(body.path("group_name").asText(name), members);
        });
    }

    @Override
    public List<String> annotations(long checkRunId) {
        List<String> messages = new ArrayList<>();
        getJson("/check-runs/" + checkRunId + "/annotations", "annotations of check run " + checkRunId)
                .ifPresent(list -> list.forEach(a -> messages.add(a.path("message").asText(""))));
        return messages;
    }

    // ---- dispatch (raw: hub4j's dispatch returns nothing) -------------------------------------------

    @Override
    public DispatchResult dispatch(String workflowFile, String ref, Map<String, String> inputs) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ref", ref);
        if (inputs != null && !inputs.isEmpty()) body.put("inputs", inputs);
        body.put("return_run_details", true);
        String what = "dispatch " + workflowFile;
        try {
            Response r = send("POST", "/actions/workflows/" + enc(workflowFile) + "/dispatches", JSON.writeValueAsBytes(body), what);
            if (r.status == 400 && r.body.contains("return_run_details")) {
                // GHES 3.20 and older refuse the flag: dispatch without it and correlate afterwards
                body.remove("return_run_details");
                r = send("POST", "/actions/workflows/" + enc(workflowFile) + "/dispatches", JSON.writeValueAsBytes(body), what);
            }
            check(r, what);
            if (r.status == 204 || r.body.isBlank()) return new DispatchResult(0, null, false);
            JsonNode n = JSON.readTree(r.body);
            return new DispatchResult(n.path("workflow_run_id").asLong(), n.path("html_url").asText(null), true);
        } catch (IOException e) {
            throw GitHubException.wrap(what, e);
        }
    }

    // ---- environment approvals (raw: hub4j lacks pending deployments) --------------------------------

    @Override
    public List<PendingDeployment> pendingDeployments(long runId) {
        String what = "pending deployments of run " + runId;
        JsonNode body = getJson("/actions/runs/" + runId + "/pending_deployments", what)
                .orElseThrow(() -> new GitHubException(404, what + ": " + describe(404, "", 0)));
        List<PendingDeployment> out = new ArrayList<>();
        for (JsonNode p : body) {
            List<String> reviewers = new ArrayList<>();
            for (JsonNode r : p.path("reviewers")) {
                JsonNode who = r.path("reviewer");
                reviewers.add(who.hasNonNull("login") ? who.get("login").asText() : who.path("slug").asText(who.path("name").asText("?")));
            }
            out.add(new PendingDeployment(p.path("environment").path("id").asLong(), p.path("environment").path("name").asText(""),
                    p.path("current_user_can_approve").asBoolean(false), reviewers));
        }
        return out;
    }

    @Override
    public void reviewDeployments(long runId, List<Long> environmentIds, boolean approve, String comment) {
        String what = (approve ? "approve" : "reject") + " deployments of run " + runId;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("environment_ids", environmentIds);
        body.put("state", approve ? "approved" : "rejected");
        body.put("comment", comment);
        try {
            check(send("POST", "/actions/runs/" + runId + "/pending_deployments", JSON.writeValueAsBytes(body), what), what);
        } catch (IOException e) {
            throw GitHubException.wrap(what, e);
        }
    }

    // ---- repository files --------------------------------------------------------------------------

    @Override
    public Map<String, String> files(String folder, String... suffixes) {
        return call("files in " + folder, () -> {
            Map<String, String> out = new LinkedHashMap<>();
            List<GHContent> entries;
            try {
                entries = repository().getDirectoryContent(folder);
            } catch (GHFileNotFoundException e) {
                return out;
            }
            List<GHContent> wanted = entries.stream()
                    .filter(c -> c.isFile() && Arrays.stream(suffixes).anyMatch(c.getName()::endsWith)).toList();
            // one request per file: at GitHub's 100-300 ms each, reading them one after another was most
            // of the first snapshot's wait; a few at a time, kept in the listing's order
            List<CompletableFuture<String>> reads = wanted.stream().map(c -> CompletableFuture.supplyAsync(() -> text(c), FILE_READS)).toList();
            for (int i = 0; i < wanted.size(); i++) {
                try {
                    out.put(wanted.get(i).getPath(), reads.get(i).join());
                } catch (CompletionException e) {
                    if (e.getCause() instanceof UncheckedIOException u) throw u.getCause();
                    throw e;
                }
            }
            return out;
        });
    }

    /** Reads the repository's files (workflows, backend configs) four at a time; daemon threads that end when idle. */
    private static final ExecutorService FILE_READS = fileReads();

    private static ExecutorService fileReads() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "baton-github-files");
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private static String text(GHContent c) {
        try (InputStream in = c.read()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- plumbing ----------------------------------------------------------------------------------

    private record Response(int status, String body, Map<String, List<String>> headers) {
        String header(String name) {
            for (var e : headers.entrySet()) {
                if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) return e.getValue().get(0);
            }
            return null;
        }
    }

    private Optional<JsonNode> getJson(String repoPath, String what) {
        Response r = send("GET", repoPath, null, what);
        if (r.status == 404) return Optional.empty();
        check(r, what);
        try {
            return Optional.of(JSON.readTree(r.body));
        } catch (IOException e) {
            throw new GitHubException(r.status, what + ": malformed JSON from GitHub (" + GitHubException.firstLine(e.getMessage()) + ")");
        }
    }

    private Response send(String method, String repoPath, byte[] body, String what) {
        String url = settings.apiUrl() + (repoPath.startsWith("/check-runs")
                ? "/repos/" + settings.repo() + repoPath : "/repos/" + settings.repo() + repoPath);
        String auth = settings.authorization();
        try (GitHubConnectorResponse response = connector.send(RawRequest.of(method, new URL(url), auth, body))) {
            String text;
            try (InputStream in = response.bodyStream()) {
                text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            return new Response(response.statusCode(), text, response.allHeaders());
        } catch (IOException e) {
            throw GitHubException.wrap(what, e);
        }
    }

    private void check(Response r, String what) {
        if (r.status < 400) return;
        String message = "";
        try {
            message = JSON.readTree(r.body).path("message").asText("");
        } catch (IOException | RuntimeException ignored) {
            // a non-JSON error body: the status says enough
        }
        long retryAfter = 0;
        String ra = r.header("Retry-After");
        if (ra != null) {
            try {
                retryAfter = Long.parseLong(ra.trim());
            } catch (NumberFormatException ignored) {
                retryAfter = 60;
            }
        } else if ((r.status == 403 || r.status == 429) && "0".equals(r.header("X-RateLimit-Remaining"))) {
            String reset = r.header("X-RateLimit-Reset");
            retryAfter = reset == null ? 60 : Math.max(1, Long.parseLong(reset.trim()) - Instant.now().getEpochSecond());
        } else if (secondaryLimit(r.status, message)) {
            retryAfter = 60; // GitHub's advice for a secondary limit without Retry-After: wait at least a minute
        }
        throw new GitHubException(r.status, what + ": " + describe(r.status, message, retryAfter), retryAfter);
    }

    /** GitHub's secondary (abuse) limits answer 403 or 429 and say so only in the message. */
    static boolean secondaryLimit(int status, String message) {
        return (status == 403 || status == 429) && message != null && message.toLowerCase(java.util.Locale.ROOT).contains("secondary rate limit");
    }

    static String describe(int status, String message, long retryAfter) {
        if (secondaryLimit(status, message)) {
            return status + " secondary rate limit: GitHub asks baton to slow down"
                    + " (retry after " + Math.max(retryAfter, 60) + " s)";
        }
        if (status >= 200 && status < 300) return "malformed JSON from GitHub (not the answer it documents)";
        String base = switch (status) {
            case 401 -> "401 unauthorized - check GH_TOKEN / GITHUB_TOKEN";
            case 403 -> retryAfter > 0 ? "403 rate limited" : "403 forbidden - the token lacks a permission";
            case 404 -> "404 not found";
            case 422 -> "422 rejected";
            case 429 -> "429 too many requests";
            default -> status >= 500 ? status + " GitHub server error" : String.valueOf(status);
        };
        String tail = message == null || message.isBlank() ? "" : ": " + GitHubException.firstLine(message);
        return base + tail + (retryAfter > 0 ? " (retry after " + retryAfter + " s)" : "");
    }

    private interface IoCall<T> {
        T call() throws IOException;
    }

    private static <T> T call(String what, IoCall<T> body) {
        try {
            return body.call();
        } catch (HttpException e) {
            // -1: no HTTP answer at all (refused, timed out); the reason is in the causes
            if (e.getResponseCode() <= 0 || GitHubException.networkCause(e) != null) throw GitHubException.wrap(what, e);
            String message = jsonMessage(e.getMessage());
            long retry = secondaryLimit(e.getResponseCode(), message) ? 60 : 0; // never an auth failure: see GitHubException.auth
            throw new GitHubException(e.getResponseCode(), what + ": " + describe(e.getResponseCode(), message, retry), retry);
        } catch (GHFileNotFoundException e) {
            if (GitHubException.networkCause(e) != null) throw GitHubException.wrap(what, e);
            throw new GitHubException(404, what + ": 404 not found");
        } catch (IOException | RuntimeException e) {
            throw GitHubException.wrap(what, e);
        }
    }

    private static String jsonMessage(String text) {
        if (text == null) return "";
        try {
            return JSON.readTree(text).path("message").asText(text);
        } catch (IOException | RuntimeException e) {
            return text;
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String enumApi(Enum<?> e) {
        return e == null ? null : e.name();
    }

    private static Instant instant(Date d) {
        return d == null ? null : d.toInstant();
    }

    private static String str(URL u) {
        return u == null ? null : u.toString();
    }
}
