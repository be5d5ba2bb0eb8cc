package dev.baton.github;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The changes baton makes on GitHub, each reached only through the guarded path (command/Guard): dispatch
 * (raw: hub4j's returns nothing), cancel, and the review of pending deployments (raw: hub4j lacks it).
 * Never retried by the transport: a repeated change is the guard's decision.
 */
final class Mutations {
    private final GitHubTransport t;

    Mutations(GitHubTransport transport) {
        this.t = transport;
    }

    DispatchResult dispatch(String workflowFile, String ref, Map<String, String> inputs) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ref", ref);
        if (inputs != null && !inputs.isEmpty()) body.put("inputs", inputs);
        body.put("return_run_details", true);
        String what = "dispatch " + workflowFile;
        String path = "/actions/workflows/" + RunReads.enc(workflowFile) + "/dispatches";
        try {
            GitHubTransport.Response r = t.send("POST", path, GitHubTransport.JSON.writeValueAsBytes(body), what);
            if (r.status() == 400 && r.body().contains("return_run_details")) {
                // GHES 3.20 and older refuse the flag: dispatch without it and correlate afterwards
                body.remove("return_run_details");
                r = t.send("POST", path, GitHubTransport.JSON.writeValueAsBytes(body), what);
            }
            GitHubErrors.check(r, what);
            if (r.status() == 204 || r.body().isBlank()) return new DispatchResult(0, null, false);
            JsonNode n = GitHubTransport.JSON.readTree(r.body());
            return new DispatchResult(n.path("workflow_run_id").asLong(), n.path("html_url").asText(null), true);
        } catch (IOException e) {
            throw GitHubException.wrap(what, e);
        }
    }

    void cancel(long runId) {
        GitHubErrors.call("cancel run " + runId, () -> {
            t.repository().getWorkflowRun(runId).cancel();
            return null;
        });
    }

    void reviewDeployments(long runId, List<Long> environmentIds, boolean approve, String comment) {
        String what = (approve ? "approve" : "reject") + " deployments of run " + runId;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("environment_ids", environmentIds);
        body.put("state", approve ? "approved" : "rejected");
        body.put("comment", comment);
        try {
            GitHubErrors.check(t.send("POST", "/actions/runs/" + runId + "/pending_deployments",
                    GitHubTransport.JSON.writeValueAsBytes(body), what), what);
        } catch (IOException e) {
            throw GitHubException.wrap(what, e);
        }
    }
}
