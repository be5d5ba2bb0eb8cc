package dev.baton.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

// Over 400 lines: one method per GitHub JSON shape, each as long as GitHub's field list (checked by GitHubApiContractTest).
/**
 * GitHub's JSON shapes for the sandbox's resources, with every field hub4j and gh read. Maps are
 * LinkedHashMaps so fields keep GitHub's order; null values are sent as null, as GitHub does.
 * API URLs use the prefix the client came in on; html_url links point at this server's pages.
 */
final class GitHubJson {
    /** GitHub's real ids for the bots, so clients that special-case them keep working. */
    private static final Map<String, Long> KNOWN_IDS = Map.of(
            "dependabot[bot]", 49699333L,
            "github-actions[bot]", 41898282L);

    private GitHubJson() {
    }

    static String time(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** A stable id per login: the same actor always has the same id. */
    static long userId(String login) {
        Long known = KNOWN_IDS.get(login.toLowerCase(Locale.ROOT));
        if (known != null) return known;
        return 1000 + Math.floorMod(login.toLowerCase(Locale.ROOT).hashCode(), 90_000_000);
    }

    static String nodeId(String prefix, long id) {
        return prefix + "_kwDO" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Long.toString(id).getBytes(StandardCharsets.US_ASCII));
    }

    static String repoApi(ApiRequest req, SimRepo repo) {
        return req.apiBase() + "/repos/" + repo.owner() + "/" + repo.name();
    }

    static String repoWeb(ApiRequest req, SimRepo repo) {
        return req.webBase() + "/" + repo.owner() + "/" + repo.name();
    }

    // ---------------------------------------------------------------- users

    static Map<String, Object> user(ApiRequest req, String login) {
        return user(req, login, login.endsWith("[bot]") ? "Bot" : "User");
    }

    static Map<String, Object> user(ApiRequest req, String login, String type) {
        long id = userId(login);
        String api = req.apiBase() + "/users/" + ApiRequest.encode(login);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("login", login);
        m.put("id", id);
        m.put("node_id", nodeId(type.equals("Bot") ? "BOT" : type.equals("Organization") ? "O" : "U", id));
        m.put("avatar_url", req.webBase() + "/avatars/" + ApiRequest.encode(login));
        m.put("gravatar_id", "");
        m.put("url", api);
        m.put("html_url", req.webBase() + "/" + ApiRequest.encode(login));
        m.put("followers_url", api + "/followers");
        m.put("following_url", api + "/following{/other_user}");
        m.put("gists_url", api + "/gists{/gist_id}");
        m.put("starred_url", api + "/starred{/owner}{/repo}");
        m.put("subscriptions_url", api + "/subscriptions");
        m.put("organizations_url", api + "/orgs");
        m.put("repos_url", api + "/repos");
        m.put("events_url", api + "/events{/privacy}");
        m.put("received_events_url", api + "/received_events");
        m.put("type", type);
        m.put("user_view_type", "public");
        m.put("site_admin", false);
        return m;
    }

    /** A user's public profile (GET /users/{login}, GET /user): the simple user and every field of public-user. */
    static Map<String, Object> profile(ApiRequest req, String login) {
        Map<String, Object> m = user(req, login);
        boolean bot = login.endsWith("[bot]");
        m.put("name", bot ? null : login);
        m.put("company", null);
        m.put("blog", "");
        m.put("location", null);
        m.put("email", null);
        m.put("hireable", null);
        m.put("bio", bot ? null : "Operator of the baton sandbox");
        m.put("twitter_username", null);
        m.put("public_repos", 0);
        m.put("public_gists", 0);
        m.put("followers", 0);
        m.put("following", 0);
        m.put("created_at", "2020-01-01T00:00:00Z");
        m.put("updated_at", "2020-01-01T00:00:00Z");
        return m;
    }

    // ---------------------------------------------------------------- repository

    /** The short form embedded in runs (repository, head_repository). */
    static Map<String, Object> minimalRepo(ApiRequest req, SimRepo repo) {
        String api = repoApi(req, repo);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", repo.id());
        m.put("node_id", nodeId("R", repo.id()));
        m.put("name", repo.name());
        m.put("full_name", repo.fullName());
        m.put("private", true);
        m.put("owner", user(req, repo.owner(), "Organization"));
        m.put("html_url", repoWeb(req, repo));
        m.put("description", "baton sandbox: a deploy pipeline with concurrency groups and Terraform state locks");
        m.put("fork", false);
        m.put("url", api);
        for (String rel : List.of("forks", "keys{/key_id}", "collaborators{/collaborator}", "teams", "hooks",
                "issues/events{/number}", "events", "assignees{/user}", "branches{/branch}", "tags",
                "git/blobs{/sha}", "git/tags{/sha}", "git/refs{/sha}", "git/trees{/sha}", "statuses/{sha}",
                "languages", "stargazers", "contributors", "subscribers", "subscription", "commits{/sha}",
                "git/commits{/sha}", "comments{/number}", "issues/comments{/number}", "contents/{+path}",
                "compare/{base}...{head}", "merges", "{archive_format}{/ref}", "downloads", "issues{/number}",
                "pulls{/number}", "milestones{/number}", "notifications{?since,all,participating}",
                "labels{/name}", "releases{/id}", "deployments")) {
            m.put(urlKey(rel), api + "/" + rel);
        }
        return m;
    }

    private static String urlKey(String rel) {
        String base = switch (rel) {
            case "issues/events{/number}" -> "issue_events";
            case "git/blobs{/sha}" -> "blobs";
            case "git/tags{/sha}" -> "git_tags";
            case "git/refs{/sha}" -> "git_refs";
            case "git/trees{/sha}" -> "trees";
            case "git/commits{/sha}" -> "git_commits";
            case "issues/comments{/number}" -> "issue_comment";
            case "{archive_format}{/ref}" -> "archive";
            default -> {
                int brace = rel.indexOf('{');
                String b = brace < 0 ? rel : rel.substring(0, brace);
                if (b.endsWith("/")) b = b.substring(0, b.length() - 1);
                yield b.replace('/', '_');
            }
        };
        return base + "_url";
    }

    static Map<String, Object> repository(ApiRequest req, SimRepo repo, Instant pushedAt, Instant updatedAt) {
        String web = repoWeb(req, repo);
        Map<String, Object> m = minimalRepo(req, repo);
        m.put("created_at", time(repo.createdAt()));
        m.put("updated_at", time(updatedAt));
        m.put("pushed_at", time(pushedAt));
        m.put("git_url", "git://" + hostOf(req) + "/" + repo.fullName() + ".git");
        m.put("ssh_url", "git@" + hostOf(req) + ":" + repo.fullName() + ".git");
        m.put("clone_url", web + ".git");
        m.put("svn_url", web);
        m.put("homepage", null);
        m.put("size", repo.files().values().stream().mapToInt(String::length).sum() / 1024 + 1);
        m.put("stargazers_count", 0);
        m.put("watchers_count", 0);
        m.put("language", "HCL");
        m.put("has_issues", true);
        m.put("has_projects", false);
        m.put("has_downloads", true);
        m.put("has_wiki", false);
        m.put("has_pages", false);
        m.put("has_discussions", false);
        m.put("forks_count", 0);
        m.put("mirror_url", null);
        m.put("archived", false);
        m.put("disabled", false);
        m.put("open_issues_count", 0);
        m.put("license", null);
        m.put("allow_forking", false);
        m.put("is_template", false);
        m.put("web_commit_signoff_required", false);
        m.put("topics", List.of());
        m.put("visibility", "private");
        m.put("forks", 0);
        m.put("open_issues", 0);
        m.put("watchers", 0);
        m.put("default_branch", repo.defaultBranch());
        Map<String, Object> perms = new LinkedHashMap<>();
        perms.put("admin", true);
        perms.put("maintain", true);
        perms.put("push", true);
        perms.put("triage", true);
        perms.put("pull", true);
        m.put("permissions", perms);
        m.put("allow_squash_merge", true);
        m.put("allow_merge_commit", true);
        m.put("allow_rebase_merge", true);
        m.put("delete_branch_on_merge", false);
        m.put("organization", user(req, repo.owner(), "Organization"));
        m.put("network_count", 0);
        m.put("subscribers_count", 1);
        return m;
    }

    private static String hostOf(ApiRequest req) {
        String w = req.webBase();
        int scheme = w.indexOf("://");
        return scheme < 0 ? w : w.substring(scheme + 3);
    }

    // ---------------------------------------------------------------- contents

    static Map<String, Object> fileContent(ApiRequest req, SimRepo repo, String path, String text, String ref) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        String sha = blobSha(bytes);
        Map<String, Object> m = contentEntry(req, repo, path, "file", bytes.length, sha, ref);
        m.put("content", mimeBase64(bytes));
        m.put("encoding", "base64");
        // GitHub puts content/encoding after _links; order does not matter to parsers, but keep it close
        Object links = m.remove("_links");
        m.put("_links", links);
        return m;
    }

    static Map<String, Object> contentEntry(ApiRequest req, SimRepo repo, String path, String type, long size,
                                            String sha, String ref) {
        String api = repoApi(req, repo);
        String refQuery = "?ref=" + ApiRequest.encode(ref);
        String name = path.substring(path.lastIndexOf('/') + 1);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("path", path);
        m.put("sha", sha);
        m.put("size", size);
        m.put("url", api + "/contents/" + path + refQuery);
        String html = repoWeb(req, repo) + (type.equals("dir") ? "/tree/" : "/blob/") + ref + "/" + path;
        m.put("html_url", html);
        String git = api + (type.equals("dir") ? "/git/trees/" : "/git/blobs/") + sha;
        m.put("git_url", git);
        m.put("download_url", type.equals("dir") ? null : repoWeb(req, repo) + "/raw/" + ref + "/" + path);
        m.put("type", type);
        Map<String, Object> links = new LinkedHashMap<>();
        links.put("self", api + "/contents/" + path + refQuery);
        links.put("git", git);
        links.put("html", html);
        m.put("_links", links);
        return m;
    }

    /** git's blob id: sha1("blob <size>\0<content>"). */
    static String blobSha(byte[] content) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(sha1.digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** GitHub's contents API wraps base64 at 60 characters with "\n". */
    static String mimeBase64(byte[] bytes) {
        String b = Base64.getEncoder().encodeToString(bytes);
        StringBuilder sb = new StringBuilder(b.length() + b.length() / 60 + 1);
        for (int i = 0; i < b.length(); i += 60) {
            sb.append(b, i, Math.min(b.length(), i + 60)).append('\n');
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- workflows

    static Map<String, Object> workflow(ApiRequest req, SimRepo repo, SimWorkflow w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", w.id());
        m.put("node_id", nodeId("W", w.id()));
        m.put("name", w.name());
        m.put("path", w.path());
        m.put("state", w.state());
        m.put("created_at", time(w.createdAt()));
        m.put("updated_at", time(w.updatedAt()));
        m.put("url", repoApi(req, repo) + "/actions/workflows/" + w.id());
        m.put("html_url", repoWeb(req, repo) + "/blob/" + repo.defaultBranch() + "/" + w.path());
        m.put("badge_url", repoWeb(req, repo) + "/workflows/" + ApiRequest.encode(w.name()) + "/badge.svg");
        return m;
    }

    // ---------------------------------------------------------------- runs

    static long checkSuiteId(long runId) {
        return 20_000_000_000L + runId;
    }

    static String runUrl(ApiRequest req, SimRepo repo, long runId) {
        return repoApi(req, repo) + "/actions/runs/" + runId;
    }

    static String runHtml(ApiRequest req, SimRepo repo, long runId) {
        return repoWeb(req, repo) + "/actions/runs/" + runId;
    }

    static Map<String, Object> run(ApiRequest req, SimRepo repo, SimRun r) {
        String url = runUrl(req, repo, r.id());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("name", r.workflowName());
        m.put("node_id", nodeId("WFR", r.id()));
        m.put("head_branch", r.headBranch());
        m.put("head_sha", r.headSha());
        m.put("path", r.workflowPath());
        m.put("display_title", r.displayTitle());
        m.put("run_number", r.runNumber());
        m.put("event", r.event());
        m.put("status", r.status().api());
        m.put("conclusion", r.conclusion().api());
        m.put("workflow_id", r.workflowId());
        m.put("check_suite_id", checkSuiteId(r.id()));
        m.put("check_suite_node_id", nodeId("CS", checkSuiteId(r.id())));
        m.put("url", url);
        m.put("html_url", runHtml(req, repo, r.id()));
        m.put("pull_requests", List.of());
        m.put("created_at", time(r.createdAt()));
        m.put("updated_at", time(r.updatedAt()));
        m.put("actor", user(req, r.actor()));
        m.put("run_attempt", r.runAttempt());
        m.put("referenced_workflows", List.of());
        m.put("run_started_at", time(r.runStartedAt()));
        m.put("triggering_actor", user(req, r.triggeringActor() == null ? r.actor() : r.triggeringActor()));
        m.put("jobs_url", url + "/jobs");
        m.put("logs_url", url + "/logs");
        m.put("check_suite_url", repoApi(req, repo) + "/check-suites/" + checkSuiteId(r.id()));
        m.put("artifacts_url", url + "/artifacts");
        m.put("cancel_url", url + "/cancel");
        m.put("rerun_url", url + "/rerun");
        m.put("previous_attempt_url", r.runAttempt() > 1 ? url + "/attempts/" + (r.runAttempt() - 1) : null);
        m.put("workflow_url", repoApi(req, repo) + "/actions/workflows/" + r.workflowId());
        m.put("head_commit", headCommit(repo, r));
        m.put("repository", minimalRepo(req, repo));
        m.put("head_repository", minimalRepo(req, repo));
        return m;
    }

    private static Map<String, Object> headCommit(SimRepo repo, SimRun r) {
        SimCommit commit = null;
        for (SimCommit c : repo.commits()) {
            if (c.sha().equals(r.headSha())) commit = c;
        }
        String author = commit == null ? r.actor() : commit.author();
        Map<String, Object> person = new LinkedHashMap<>();
        person.put("name", author);
        person.put("email", userId(author) + "+" + author + "@users.noreply.github.com");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.headSha());
        m.put("tree_id", sha1Hex("tree " + r.headSha()));
        m.put("message", commit == null ? r.displayTitle() : commit.message());
        m.put("timestamp", time(commit == null ? r.createdAt() : commit.timestamp()));
        m.put("author", person);
        m.put("committer", Map.of("name", "GitHub", "email", "noreply@github.com"));
        return m;
    }

    private static String sha1Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- jobs

    static String jobUrl(ApiRequest req, SimRepo repo, long jobId) {
        return repoApi(req, repo) + "/actions/jobs/" + jobId;
    }

    static String jobHtml(ApiRequest req, SimRepo repo, long runId, long jobId) {
        return runHtml(req, repo, runId) + "/job/" + jobId;
    }

    static String checkRunUrl(ApiRequest req, SimRepo repo, long checkRunId) {
        return repoApi(req, repo) + "/check-runs/" + checkRunId;
    }

    static Map<String, Object> job(ApiRequest req, SimRepo repo, SimJob j) {
        boolean started = j.runnerName() != null;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", j.id());
        m.put("run_id", j.runId());
        m.put("workflow_name", j.workflowName());
        m.put("head_branch", j.headBranch());
        m.put("run_url", runUrl(req, repo, j.runId()));
        m.put("run_attempt", j.runAttempt());
        m.put("node_id", nodeId("CR", j.id()));
        m.put("head_sha", j.headSha());
        m.put("url", jobUrl(req, repo, j.id()));
        m.put("html_url", jobHtml(req, repo, j.runId(), j.id()));
        m.put("status", j.status().api());
        m.put("conclusion", j.conclusion().api());
        m.put("created_at", time(j.createdAt()));
        // GitHub reports a queued job's started_at as its creation time
        m.put("started_at", time(j.startedAt() == null ? j.createdAt() : j.startedAt()));
        m.put("completed_at", time(j.completedAt()));
        m.put("name", j.name());
        List<Map<String, Object>> steps = new ArrayList<>();
        for (SimStep s : j.steps()) steps.add(step(s));
        m.put("steps", steps);
        m.put("check_run_url", checkRunUrl(req, repo, j.checkRunId()));
        m.put("labels", j.labels());
        m.put("runner_id", started ? 1000 + Math.floorMod(j.runnerName().hashCode(), 9000) : null);
        m.put("runner_name", j.runnerName());
        m.put("runner_group_id", started ? 0 : null);
        m.put("runner_group_name", started ? "GitHub Actions" : null);
        return m;
    }

    static Map<String, Object> step(SimStep s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("status", s.status().api());
        m.put("conclusion", s.conclusion().api());
        m.put("number", s.number());
        m.put("started_at", time(s.startedAt()));
        m.put("completed_at", time(s.completedAt()));
        return m;
    }

    static Map<String, Object> checkRun(ApiRequest req, SimRepo repo, SimJob j, int annotations) {
        String url = checkRunUrl(req, repo, j.checkRunId());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", j.checkRunId());
        m.put("name", j.name());
        m.put("node_id", nodeId("CR", j.checkRunId()));
        m.put("head_sha", j.headSha());
        m.put("external_id", "");
        m.put("url", url);
        m.put("html_url", jobHtml(req, repo, j.runId(), j.id()));
        m.put("details_url", jobHtml(req, repo, j.runId(), j.id()));
        m.put("status", j.status().api());
        m.put("conclusion", j.conclusion().api());
        m.put("started_at", time(j.startedAt() == null ? j.createdAt() : j.startedAt()));
        m.put("completed_at", time(j.completedAt()));
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("title", null);
        output.put("summary", null);
        output.put("text", null);
        output.put("annotations_count", annotations);
        output.put("annotations_url", url + "/annotations");
        m.put("output", output);
        m.put("check_suite", Map.of("id", checkSuiteId(j.runId())));
        m.put("app", actionsApp(req));
        m.put("pull_requests", List.of());
        return m;
    }

    /** The GitHub Actions app, which owns the check runs of workflow jobs (GitHub's ids and permissions). */
    static Map<String, Object> actionsApp(ApiRequest req) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", 15368);
        m.put("slug", "github-actions");
        m.put("node_id", "MDM6QXBwMTUzNjg=");
        m.put("owner", user(req, "github", "Organization"));
        m.put("name", "GitHub Actions");
        m.put("description", "Automate your workflow from idea to production");
        m.put("external_url", "https://help.github.com/en/actions");
        m.put("html_url", req.webBase() + "/apps/github-actions");
        m.put("created_at", "2018-07-30T09:30:17Z");
        m.put("updated_at", "2019-12-10T19:04:12Z");
        Map<String, Object> permissions = new LinkedHashMap<>();
        for (String p : List.of("actions", "checks", "contents", "deployments", "issues", "metadata", "packages",
                "pull_requests", "statuses")) {
            permissions.put(p, p.equals("metadata") ? "read" : "write");
        }
        m.put("permissions", permissions);
        m.put("events", List.of("check_run", "check_suite", "workflow_dispatch", "workflow_run"));
        return m;
    }

    static Map<String, Object> annotation(ApiRequest req, SimRepo repo, SimAnnotation a, String sha) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", a.path());
        m.put("blob_href", repoWeb(req, repo) + "/blob/" + sha + "/" + a.path());
        m.put("start_line", a.startLine());
        m.put("start_column", null);
        m.put("end_line", a.endLine());
        m.put("end_column", null);
        m.put("annotation_level", a.level());
        m.put("title", a.title());
        m.put("message", a.message());
        m.put("raw_details", null);
        return m;
    }

    // ---------------------------------------------------------------- concurrency groups

    static String groupUrl(ApiRequest req, SimRepo repo, String name) {
        return repoApi(req, repo) + "/actions/concurrency_groups/" + ApiRequest.encode(name);
    }

    static Map<String, Object> groupSummary(ApiRequest req, SimRepo repo, SimGroup g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("group_name", g.name());
        m.put("group_url", groupUrl(req, repo, g.name()));
        m.put("last_acquired_at", time(g.lastAcquiredAt()));
        return m;
    }

    static Map<String, Object> member(ApiRequest req, SimRepo repo, String groupName, SimGroupMember mem, boolean withPosition) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run_id", mem.runId());
        m.put("run_name", mem.runName());
        m.put("run_url", runUrl(req, repo, mem.runId()));
        m.put("run_html_url", runHtml(req, repo, mem.runId()));
        if (mem.jobId() != null) {
            m.put("job_id", mem.jobId());
            m.put("job_name", mem.jobName());
            m.put("job_url", jobUrl(req, repo, mem.jobId()));
            m.put("job_html_url", jobHtml(req, repo, mem.runId(), mem.jobId()));
        }
        m.put("status", mem.status().api());
        if (withPosition) {
            m.put("position", mem.position());
            // the group's members up to this one (GET .../concurrency_groups/{name}?ahead_of_run=ID)
            m.put("position_url", groupUrl(req, repo, groupName) + (mem.jobId() != null
                    ? "?ahead_of_job=" + mem.jobId() : "?ahead_of_run=" + mem.runId()));
        }
        return m;
    }

    static Map<String, Object> group(ApiRequest req, SimRepo repo, SimGroup g, List<SimGroupMember> members,
                                     boolean withPositions) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("group_name", g.name());
        m.put("group_url", groupUrl(req, repo, g.name()));
        if (withPositions) m.put("last_acquired_at", time(g.lastAcquiredAt()));
        m.put("total_count", members.size());
        List<Map<String, Object>> list = new ArrayList<>();
        for (SimGroupMember mem : members) list.add(member(req, repo, g.name(), mem, withPositions));
        m.put("group_members", list);
        return m;
    }

    // ---------------------------------------------------------------- deployments

    static Map<String, Object> environment(ApiRequest req, SimRepo repo, long id, String name) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("node_id", nodeId("EN", id));
        m.put("name", name);
        m.put("url", repoApi(req, repo) + "/environments/" + ApiRequest.encode(name));
        m.put("html_url", repoWeb(req, repo) + "/deployments/activity_log?environments_filter=" + ApiRequest.encode(name));
        return m;
    }

    static Map<String, Object> pendingDeployment(ApiRequest req, SimRepo repo, SimPendingDeployment p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("environment", environment(req, repo, p.environmentId(), p.environment()));
        m.put("wait_timer", 0);
        m.put("wait_timer_started_at", time(p.waitingSince()));
        m.put("current_user_can_approve", true);
        List<Map<String, Object>> reviewers = new ArrayList<>();
        for (String login : p.reviewers()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("type", "User");
            r.put("reviewer", user(req, login));
            reviewers.add(r);
        }
        m.put("reviewers", reviewers);
        return m;
    }

    static Map<String, Object> deployment(ApiRequest req, SimRepo repo, SimRun run, SimPendingDeployment p,
                                          String creator, Instant now) {
        long id = 30_000_000L + p.jobId();
        String url = repoApi(req, repo) + "/deployments/" + id;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("url", url);
        m.put("id", id);
        m.put("node_id", nodeId("DE", id));
        m.put("task", "deploy");
        m.put("original_environment", p.environment());
        m.put("environment", p.environment());
        m.put("description", null);
        m.put("created_at", time(now));
        m.put("updated_at", time(now));
        m.put("statuses_url", url + "/statuses");
        m.put("repository_url", repoApi(req, repo));
        m.put("creator", user(req, creator));
        m.put("sha", run.headSha());
        m.put("ref", run.headBranch());
        m.put("payload", Map.of());
        m.put("transient_environment", false);
        m.put("production_environment", p.environment().toLowerCase(Locale.ROOT).startsWith("prod"));
        return m;
    }
}
