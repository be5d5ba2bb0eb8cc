package dev.baton.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.model.Conclusion;
import dev.baton.model.GroupMember;
import dev.baton.model.Job;
import dev.baton.model.PendingDeployment;
import dev.baton.model.Run;
import dev.baton.model.RunStatus;
import dev.baton.model.Step;
import org.kohsuke.github.GHWorkflowJob;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * What the watch and the commands read of a repository's activity: runs, jobs and their logs, concurrency
 * groups, annotations and pending deployments. The run listing is raw (hub4j 1.330 exposes neither a run's
 * actor nor its workflow path), as are groups, annotations and deployments (hub4j lacks them).
 */
final class RunReads {
    private final GitHubTransport t;

    RunReads(GitHubTransport transport) {
        this.t = transport;
    }

    List<Run> recentRuns(int perPage) {
        JsonNode body = t.getJson("/actions/runs?per_page=" + perPage, "list runs").orElseThrow(
                () -> new GitHubException(404, "list runs: repository " + t.settings.repo() + " not found"));
        List<Run> runs = new ArrayList<>();
        for (JsonNode n : body.path("workflow_runs")) runs.add(RunJson.run(n));
        return runs;
    }

    Run run(long runId) {
        return RunJson.run(t.getJson("/actions/runs/" + runId, "run " + runId)
                .orElseThrow(() -> new GitHubException(404, "run " + runId + " not found")));
    }

    List<Run> dispatchedRuns(String workflowFile, Instant since) {
        String path = "/actions/workflows/" + enc(workflowFile) + "/runs?event=workflow_dispatch&per_page=20";
        JsonNode body = t.getJson(path, "list runs of " + workflowFile).orElseThrow(
                () -> new GitHubException(404, "workflow " + workflowFile + " not found"));
        List<Run> runs = new ArrayList<>();
        for (JsonNode n : body.path("workflow_runs")) {
            Run r = RunJson.run(n);
            if (r.createdAt() == null || !r.createdAt().isBefore(since)) runs.add(r);
        }
        return runs;
    }

    List<Job> jobs(long runId) {
        return GitHubErrors.call("jobs of run " + runId, () -> {
            List<Job> jobs = new ArrayList<>();
            for (GHWorkflowJob j : t.repository().getWorkflowRun(runId).listJobs().withPageSize(100)) {
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

    List<String> jobLog(long jobId) {
        return GitHubErrors.call("log of job " + jobId, () -> t.repository().getWorkflowJob(jobId).downloadLogs(RunReads::lines));
    }

    /** The log's lines; GitHub starts it with a UTF-8 byte-order mark, an encoding's mark and not the first line's text. */
    static List<String> lines(InputStream in) throws IOException {
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) out.add(out.isEmpty() && line.startsWith("\uFEFF") ? line.substring(1) : line);
        }
        return out.size() == 1 && out.get(0).isEmpty() ? List.of() : out; // a job that logged nothing: its mark alone
    }

    // ---- concurrency groups ------------------------------------------------------------------------

    Optional<List<String>> activeGroupNames() {
        List<String> names = new ArrayList<>();
        String after = null;
        do {
            String path = "/actions/concurrency_groups?per_page=100" + (after == null ? "" : "&after=" + enc(after));
            Optional<JsonNode> page = t.getJson(path, "list concurrency groups");
            if (page.isEmpty()) return Optional.empty(); // 404: this server has no concurrency-groups API
            JsonNode groups = page.get().path("concurrency_groups");
            for (JsonNode g : groups) names.add(g.path("group_name").asText());
            after = groups.size() == 100 && groups.size() > 0 ? groups.get(groups.size() - 1).path("group_name").asText() : null;
        } while (after != null && names.size() < 10_000);
        return Optional.of(names);
    }

    Optional<GroupDetail> group(String name) {
        return t.getJson("/actions/concurrency_groups/" + enc(name), "concurrency group " + name).map(body -> {
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

    List<String> annotations(long checkRunId) {
        List<String> messages = new ArrayList<>();
        t.getJson("/check-runs/" + checkRunId + "/annotations", "annotations of check run " + checkRunId)
                .ifPresent(list -> list.forEach(a -> messages.add(a.path("message").asText(""))));
        return messages;
    }

    // ---- environment approvals ---------------------------------------------------------------------

    List<PendingDeployment> pendingDeployments(long runId) {
        String what = "pending deployments of run " + runId;
        JsonNode body = t.getJson("/actions/runs/" + runId + "/pending_deployments", what)
                .orElseThrow(() -> new GitHubException(404, what + ": " + GitHubErrors.describe(404, "", 0)));
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

    static String enc(String s) {
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
