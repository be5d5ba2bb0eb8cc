package dev.baton.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;


/**
 * The pages behind html_url links: plain HTML views of the repository, a run, a job and a file, so a
 * link a user clicks in baton (or a curl of it) lands somewhere useful. No token, like public pages.
 */
final class SandboxPages {
    private final Supplier<SandboxRepos> repos;

    SandboxPages(Supplier<SandboxRepos> repos) {
        this.repos = repos;
    }

    /** The repository the page's path names; 404 when the sandbox serves none by that name. */
    private SandboxState state(ApiRequest req) {
        SandboxRepos all = repos.get();
        if (all == null) throw new ApiException(503, "The sandbox is starting; try again in a moment.");
        SandboxState s = all.find(req.param("owner"), req.param("repo"));
        if (s == null) throw ApiException.notFound();
        return s;
    }

    void register(ApiRouter web) {
        web.get("/{owner}/{repo}", this::repoPage)
                .get("/{owner}/{repo}/actions/runs/{run_id}", this::runPage)
                .get("/{owner}/{repo}/actions/runs/{run_id}/job/{job_id}", this::jobPage)
                .get("/{owner}/{repo}/blob/{ref}/{path+}", this::filePage)
                .get("/{owner}/{repo}/raw/{ref}/{path+}", this::raw);
    }

    private SimRepo repo(ApiRequest req) {
        SimRepo r = state(req).repo();
        if (!r.owner().equalsIgnoreCase(req.param("owner")) || !r.name().equalsIgnoreCase(req.param("repo"))) {
            throw ApiException.notFound();
        }
        return r;
    }

    private ApiResponse repoPage(ApiRequest req) {
        SimRepo repo = repo(req);
        StringBuilder sb = new StringBuilder();
        sb.append("<h1>").append(esc(repo.fullName())).append("</h1>\n<h2>Workflows</h2>\n<ul>\n");
        for (SimWorkflow w : state(req).workflows()) {
            sb.append("<li><a href=\"").append(GitHubJson.repoWeb(req, repo)).append("/blob/").append(repo.defaultBranch())
                    .append('/').append(w.path()).append("\">").append(esc(w.name())).append("</a></li>\n");
        }
        sb.append("</ul>\n<h2>Recent runs</h2>\n<ul>\n");
        List<SimRun> runs = state(req).runs(RunQuery.ALL);
        for (SimRun r : runs.subList(0, Math.min(30, runs.size()))) {
            sb.append("<li><a href=\"").append(GitHubJson.runHtml(req, repo, r.id())).append("\">#").append(r.runNumber())
                    .append(' ').append(esc(r.workflowName())).append("</a> ").append(status(r.status().api(), r.conclusion().api()))
                    .append(" &middot; ").append(esc(r.displayTitle())).append("</li>\n");
        }
        sb.append("</ul>\n");
        return html(repo.fullName(), sb.toString());
    }

    private ApiResponse runPage(ApiRequest req) {
        SimRepo repo = repo(req);
        long runId = req.longParam("run_id");
        SimRun run = state(req).run(runId).orElseThrow(ApiException::notFound);
        StringBuilder sb = new StringBuilder();
        sb.append("<h1>").append(esc(run.workflowName())).append(" #").append(run.runNumber()).append("</h1>\n<p>")
                .append(status(run.status().api(), run.conclusion().api())).append(" &middot; ").append(esc(run.event()))
                .append(" by ").append(esc(run.actor())).append(" &middot; ").append(esc(run.headBranch())).append(' ')
                .append(esc(run.headSha())).append("</p>\n<p>").append(esc(run.displayTitle())).append("</p>\n");
        if (run.group() != null) sb.append("<p>concurrency group: ").append(esc(run.group())).append("</p>\n");
        sb.append("<ul>\n");
        for (SimJob j : state(req).jobs(runId)) {
            sb.append("<li><a href=\"").append(GitHubJson.jobHtml(req, repo, runId, j.id())).append("\">").append(esc(j.name()))
                    .append("</a> ").append(status(j.status().api(), j.conclusion().api())).append("</li>\n");
        }
        sb.append("</ul>\n");
        return html(run.workflowName() + " #" + run.runNumber(), sb.toString());
    }

    private ApiResponse jobPage(ApiRequest req) {
        repo(req);
        SimJob job = state(req).job(req.longParam("job_id")).orElseThrow(ApiException::notFound);
        if (job.runId() != req.longParam("run_id")) throw ApiException.notFound();
        StringBuilder sb = new StringBuilder();
        sb.append("<h1>").append(esc(job.name())).append("</h1>\n<p>").append(status(job.status().api(), job.conclusion().api()))
                .append("</p>\n<ol>\n");
        for (SimStep s : job.steps()) {
            sb.append("<li>").append(esc(s.name())).append(' ').append(status(s.status().api(), s.conclusion().api())).append("</li>\n");
        }
        sb.append("</ol>\n<pre>");
        for (SimLogLine l : state(req).jobLog(job.id()).orElse(List.of())) sb.append(esc(l.format())).append('\n');
        sb.append("</pre>\n");
        return html(job.name(), sb.toString());
    }

    private ApiResponse filePage(ApiRequest req) {
        repo(req);
        String path = req.param("path");
        String text = state(req).file(path, req.param("ref")).orElseThrow(ApiException::notFound);
        return html(path, "<h1>" + esc(path) + "</h1>\n<pre>" + esc(text) + "</pre>\n");
    }

    private ApiResponse raw(ApiRequest req) {
        repo(req);
        String text = state(req).file(req.param("path"), req.param("ref")).orElseThrow(ApiException::notFound);
        return ApiResponse.bytes(200, text.getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
    }

    private static String status(String status, String conclusion) {
        return "<b>" + esc(conclusion == null ? status : conclusion) + "</b>";
    }

    private static ApiResponse html(String title, String body) {
        String page = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + esc(title)
                + " &middot; baton sandbox</title></head><body>\n" + body + "</body></html>\n";
        return ApiResponse.bytes(200, page.getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8");
    }

    private static String esc(String s) {
        if (s == null) return "";
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
