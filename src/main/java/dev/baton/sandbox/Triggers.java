package dev.baton.sandbox;

import dev.baton.workflow.BranchFilter;
import dev.baton.workflow.Expressions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What starts runs: a push (a merge to the default branch), workflow_dispatch, and workflow_run after a
 * run completes, each with GitHub's event payload and filters. Called with the engine lock held.
 */
final class Triggers {
    private static final Logger LOG = LoggerFactory.getLogger(Triggers.class);
    /** GitHub: workflow_run cannot chain more than three levels of workflows. */
    static final int MAX_CHAIN = 3;
    private final SimStore store;
    private final RunLifecycle lifecycle;

    Triggers(SimStore store, RunLifecycle lifecycle) {
        this.store = store;
        this.lifecycle = lifecycle;
    }

    /** A merge to the default branch: a new commit whose author is actor; push workflows start. */
    SimCommit merge(String actor, String message) {
        String branch = store.content.defaultBranch;
        String before = store.branches.get(branch);
        SimCommit c = store.commit(branch, actor, message);
        LOG.info("sandbox: {} merged {} ({})", actor, c.sha().substring(0, 7), c.title());
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("ref", "refs/heads/" + branch);
        payload.put("before", before);
        payload.put("after", c.sha());
        payload.put("pusher", Map.of("name", actor));
        payload.put("head_commit", Map.of("id", c.sha(), "message", message, "author", Map.of("name", actor, "username", actor)));
        for (WorkflowDef wf : store.workflows.values()) {
            if (wf.spec != null && wf.spec.triggeredBy("push") && BranchFilter.matches(wf.spec.on().get("push"), branch)) {
                lifecycle.createRun(wf, "push", actor, actor, c.sha(), branch, c.title(), Map.of(), payload, 0, 0);
            }
        }
        return c;
    }

    /** workflow_dispatch, with GitHub's refusals as SandboxException (see SandboxState.dispatch). */
    SimRun dispatch(String workflowIdOrFile, String ref, Map<String, String> given, String actor) {
        WorkflowDef wf = store.workflowDef(workflowIdOrFile).orElseThrow(() -> new SandboxException(404, "Not Found"));
        if (wf.spec == null) throw new SandboxException(422, "Invalid workflow file: " + wf.error);
        if (!wf.spec.triggeredBy("workflow_dispatch")) {
            throw new SandboxException(422, "Workflow does not have 'workflow_dispatch' trigger");
        }
        String r = ref == null || ref.isBlank() ? store.content.defaultBranch : ref;
        String branch = r.startsWith("refs/heads/") ? r.substring("refs/heads/".length()) : r;
        String sha = store.branches.get(branch);
        if (sha == null) throw new SandboxException(422, "No ref found for: " + r);
        Map<String, String> in = given == null ? Map.of() : given;
        Map<String, Object> typed = DispatchInputs.validate(wf.spec.dispatchInputs(), in);
        String who = actor == null || actor.isBlank() ? store.content.defaultUser : actor;
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("ref", "refs/heads/" + branch);
        payload.put("workflow", wf.path);
        Map<String, Object> eventInputs = new LinkedHashMap<>();
        typed.forEach((k, v) -> eventInputs.put(k, Expressions.toText(v)));
        payload.put("inputs", eventInputs);
        RunState run = lifecycle.createRun(wf, "workflow_dispatch", who, who, sha, branch, wf.name(), typed, payload, 0, 0);
        return run.view();
    }

    /** A run completed: workflow_run workflows that follow it start (at most three levels deep). */
    void completed(RunState done) {
        if (done.chainDepth + 1 >= MAX_CHAIN) return;
        for (WorkflowDef wf : store.workflows.values()) {
            if (wf.spec == null || !wf.spec.triggeredBy("workflow_run")) continue;
            Map<String, Object> on = wf.spec.on().get("workflow_run");
            if (!listContains(on.get("workflows"), done.wf.name())) continue;
            Object types = on.get("types");
            if (types != null && !listContains(types, "completed")) continue;
            if (!BranchFilter.matches(on, done.headBranch)) continue;
            Map<String, Object> wr = new LinkedHashMap<>();
            wr.put("id", done.id);
            wr.put("name", done.wf.name());
            wr.put("path", done.wf.path);
            wr.put("run_number", done.runNumber);
            wr.put("event", done.event);
            wr.put("status", "completed");
            wr.put("conclusion", done.conclusion.api());
            wr.put("head_sha", done.headSha);
            wr.put("head_branch", done.headBranch);
            wr.put("display_title", done.displayTitle);
            wr.put("actor", Map.of("login", done.actor));
            wr.put("triggering_actor", Map.of("login", done.triggeringActor));
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("action", "completed");
            payload.put("workflow_run", wr);
            payload.put("workflow", Map.of("name", done.wf.name(), "path", done.wf.path));
            lifecycle.createRun(wf, "workflow_run", done.actor, done.triggeringActor, done.headSha, done.headBranch,
                    done.displayTitle, Map.of(), payload, done.id, done.chainDepth + 1);
        }
    }

    private static boolean listContains(Object list, String value) {
        if (list instanceof List<?> l) {
            for (Object o : l) if (value.equalsIgnoreCase(String.valueOf(o))) return true;
            return false;
        }
        return list != null && value.equalsIgnoreCase(String.valueOf(list));
    }
}
