package dev.baton.probe;

import dev.baton.workflow.DispatchInput;
import dev.baton.workflow.Expressions;
import dev.baton.workflow.JobSpec;
import dev.baton.workflow.PossibleValues;
import dev.baton.workflow.WorkflowSpec;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Everything one dispatch of a workflow on a ref can set off, from the repository's workflow files alone
 * (no request): the dispatched workflow, the reusable workflows its jobs call ({@code jobs.x.uses}, run
 * inside the same run, recursively) and the workflows whose {@code on: workflow_run} names it (new runs
 * once it is requested or completes; by workflow name, branch filters applied to the ref, recursively to
 * GitHub's three levels). Each link says how it is reached, its environments and whether it deploys
 * production by the guard's rule ({@link #PRODUCTION} on group and environment names; an environment
 * expression whose value cannot be known statically counts as possibly production). Cycle-safe: a
 * workflow already on the path is not followed again, and depth is bounded.
 */
public record DispatchChain(String root, String ref, List<Link> links) {
    /** "prod", "production", "prd" as a word: deploy-production, prod, production-auto - not preprod. */
    public static final Pattern PRODUCTION = Pattern.compile("(^|[^a-z])(prod|production|prd)([^a-z]|$)", Pattern.CASE_INSENSITIVE);
    /** GitHub: workflow_run cannot chain more than three levels of workflows (the dispatched one is level 1). */
    static final int WORKFLOW_RUN_LEVELS = 3;
    /** GitHub nests reusable workflows at most ten deep (caller included); beyond, GitHub fails the run. */
    static final int USES_LEVELS = 10;
    static final String LOCAL = "./.github/workflows/";

    /** How a link is reached from its parent. */
    public enum Via {
        /** The dispatched workflow itself. */
        DISPATCH,
        /** A job of the parent calls it as a reusable workflow: its jobs run inside the parent's run. */
        USES,
        /** on: workflow_run names the parent's run: a new run when the parent's run is requested or completes. */
        WORKFLOW_RUN;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One workflow the dispatch reaches. parent: index in links of the link it is reached from (-1 for the
     * root); job: the calling job for USES. environments: the environment names its jobs can deploy to
     * (an expression whose value is unknown is kept as written). production: the names that look like
     * production (groups and environments, "could be production" for unknown environment expressions).
     * external: a reusable workflow of another repository, not read (judged by its path only).
     */
    public record Link(String workflow, String name, Via via, int parent, String job, int depth, List<String> environments,
                       List<String> production, boolean external) {
        public Link {
            environments = List.copyOf(environments);
            production = List.copyOf(production);
        }

        public boolean deploysProduction() {
            return !production.isEmpty();
        }

        /** Runs of its own (the root and workflow_run links); a reusable workflow runs inside its caller's run. */
        public boolean ownRun() {
            return via != Via.USES;
        }
    }

    public DispatchChain {
        links = List.copyOf(links);
    }

    /**
     * The chain of a dispatch of root (a file name, e.g. "build-and-promote.yml") on ref with the given
     * inputs (the others take their defaults). byFile: the repository's workflows by file name.
     */
    public static DispatchChain of(Map<String, WorkflowSpec> byFile, String root, String ref, Map<String, String> inputs) {
        WorkflowSpec spec = byFile.get(root);
        if (spec == null) throw new IllegalArgumentException("no workflow file " + root);
        String branch = branchOf(ref);
        List<Link> links = new ArrayList<>();
        List<List<String>> paths = new ArrayList<>();
        Deque<Pending> queue = new ArrayDeque<>();
        queue.add(new Pending(root, spec, Via.DISPATCH, -1, null, 0, 1, 1, rootDomains(spec, branch, inputs)));
        Set<String> seen = new LinkedHashSet<>();
        while (!queue.isEmpty()) {
            Pending p = queue.poll();
            // the files calling one another inside one run: a workflow calling itself there is a cycle (a new run of
            // it through workflow_run is not: GitHub runs it, and the three levels end that)
            List<String> path = new ArrayList<>(p.parent < 0 || p.via != Via.USES ? List.of() : paths.get(p.parent));
            if (path.contains(p.file) || !seen.add(p.parent + " " + p.via + " " + p.job + " " + p.file)) continue;
            path.add(p.file);
            if (p.spec == null) {
                List<String> prod = PRODUCTION.matcher(p.file).find() ? List.of(p.file + " (not read: another repository)") : List.of();
                links.add(new Link(p.file, null, p.via, p.parent, p.job, p.depth, List.of(), prod, true));
                paths.add(path);
                continue;
            }
            Set<String> envs = new LinkedHashSet<>();
            Set<String> prod = new LinkedHashSet<>();
            judge(p.spec, p.domains, envs, prod);
            int index = links.size();
            links.add(new Link(p.file, p.spec.displayName(), p.via, p.parent, p.job, p.depth, List.copyOf(envs), List.copyOf(prod), false));
            paths.add(path);
            if (p.usesLevel < USES_LEVELS) {
                for (JobSpec j : p.spec.jobs()) {
                    if (!j.callsWorkflow()) continue;
                    String file = calledFile(j.uses());
                    WorkflowSpec callee = j.uses().startsWith(LOCAL) ? byFile.get(file) : null;
                    queue.add(new Pending(file, callee, Via.USES, index, j.id(), p.depth + 1, p.runLevel, p.usesLevel + 1,
                            callee == null ? Map.of() : calleeDomains(callee, j, p.domains)));
                }
            }
            // a reusable workflow's jobs run in its caller's run: workflow_run follows runs, named by the caller
            if (p.via != Via.USES && p.runLevel < WORKFLOW_RUN_LEVELS) {
                for (WorkflowSpec w : byFile.values()) {
                    if (!w.triggeredBy("workflow_run") || !names(w.workflowRunSources(), p.spec.displayName())) continue;
                    if (!branchMatches(w.on().get("workflow_run"), branch)) continue;
                    queue.add(new Pending(w.file(), w, Via.WORKFLOW_RUN, index, null, p.depth + 1, p.runLevel + 1, 1,
                            runDomains(w, "workflow_run", branch)));
                }
            }
        }
        return new DispatchChain(root, ref, links);
    }

    private record Pending(String file, WorkflowSpec spec, Via via, int parent, String job, int depth, int runLevel, int usesLevel,
                           Map<String, List<Object>> domains) {
    }

    /** The links that deploy (or could deploy) production, in chain order. */
    public List<Link> production() {
        return links.stream().filter(Link::deploysProduction).toList();
    }

    /** The links beyond the dispatched workflow. */
    public List<Link> chained() {
        return links.subList(Math.min(1, links.size()), links.size());
    }

    /** Files of the workflows whose runs of their own the dispatch sets off (workflow_run links), in chain order. */
    public Set<String> chainedRunWorkflows() {
        return chainedRuns().keySet();
    }

    /**
     * The runs the dispatch sets off beyond its own, by workflow file: whether such a run deploys production
     * (its workflow, or a reusable workflow called inside that run).
     */
    public Map<String, Boolean> chainedRuns() {
        Map<String, Boolean> out = new LinkedHashMap<>();
        for (Link l : links) {
            Link owner = l;
            while (owner.via() == Via.USES) owner = links.get(owner.parent());
            if (owner.via() != Via.WORKFLOW_RUN) continue;
            out.merge(owner.workflow(), l.deploysProduction(), Boolean::logicalOr);
        }
        return out;
    }

    /** How a link is reached: "build-and-promote.yml -> workflow_run -> deploy-prod.yml"; uses names the job. */
    public String path(Link link) {
        List<String> parts = new ArrayList<>();
        Link l = link;
        while (true) {
            parts.add(0, l.workflow());
            if (l.parent() < 0) break;
            parts.add(0, l.via() == Via.USES ? "uses (job " + l.job() + ")" : l.via().word());
            l = links.get(l.parent());
        }
        return String.join(" -> ", parts);
    }

    /**
     * The guard's one line on what deploys production: "deploy-prod.yml (deploy-production, production)
     * looks like production" for the dispatched workflow, "a.yml -> workflow_run -> b.yml deploys
     * production (production)" for a chained one; null when nothing does.
     */
    public String productionText() {
        List<String> parts = new ArrayList<>();
        for (Link l : production()) {
            String names = " (" + String.join(", ", l.production()) + ")";
            parts.add(l.parent() < 0 ? l.workflow() + names + " looks like production" : path(l) + " deploys production" + names);
        }
        return parts.isEmpty() ? null : String.join("; ", parts);
    }

    /** Each production link as "path (names)": "deploy-prod.yml (deploy-production, production)". */
    public List<String> productionItems() {
        return production().stream().map(l -> path(l) + " (" + String.join(", ", l.production()) + ")").toList();
    }

    // ---- judging one workflow -----------------------------------------------------------------------

    /** Group and environment names of a workflow that look like production, with the possible environments. */
    static void judge(WorkflowSpec spec, Map<String, List<Object>> domains, Set<String> envs, Set<String> prod) {
        List<String> groups = new ArrayList<>();
        if (spec.concurrency() != null) groups.add(spec.concurrency().group());
        for (JobSpec j : spec.jobs()) if (j.concurrency() != null) groups.add(j.concurrency().group());
        for (String g : groups) {
            PossibleValues pv = values(g, domains);
            for (String v : sorted(pv)) if (PRODUCTION.matcher(v).find()) prod.add(v);
            if (pv.values().isEmpty() && PRODUCTION.matcher(g).find()) prod.add(g);
        }
        for (JobSpec j : spec.jobs()) {
            if (j.environment() == null) continue;
            PossibleValues pv = values(j.environment(), domains);
            for (String v : sorted(pv)) {
                if (v.isBlank()) continue;
                envs.add(v);
                if (PRODUCTION.matcher(v).find()) prod.add(v);
            }
            if (pv.open()) {
                envs.add(j.environment());
                if (PRODUCTION.matcher(j.environment()).find()) prod.add(j.environment());
                else prod.add(j.environment() + " (could be production)");
            }
        }
    }

    /** The possible values, sorted: PossibleValues holds an unordered set, and every listing here must read the same each time. */
    private static PossibleValues values(String text, Map<String, List<Object>> domains) {
        if (!Expressions.hasExpression(text)) return new PossibleValues(Set.of(text), false);
        try {
            return Expressions.possibleValues(text, domains);
        } catch (RuntimeException e) {
            return new PossibleValues(Set.of(), true);
        }
    }

    private static List<String> sorted(PossibleValues pv) {
        return new ArrayList<>(new TreeSet<>(pv.values()));
    }

    // ---- what expressions can know ------------------------------------------------------------------

    /** The dispatched run: its event, ref and inputs (given, else the declared default) are known. */
    static Map<String, List<Object>> rootDomains(WorkflowSpec spec, String branch, Map<String, String> given) {
        Map<String, List<Object>> d = runDomains(spec, "workflow_dispatch", branch);
        for (DispatchInput in : spec.dispatchInputs()) {
            Object v = given != null && given.containsKey(in.name())
                    ? (in.type().equals("boolean") ? (Object) Boolean.parseBoolean(given.get(in.name()).strip()) : given.get(in.name()))
                    : in.defaultForContext();
            List<Object> one = new ArrayList<>();
            one.add(v == null ? "" : v);
            d.put("inputs." + in.name(), one);
            d.put("github.event.inputs." + in.name(), one);
        }
        return d;
    }

    static Map<String, List<Object>> runDomains(WorkflowSpec spec, String event, String branch) {
        Map<String, List<Object>> d = new LinkedHashMap<>();
        d.put("github.event_name", List.of(event));
        d.put("github.workflow", List.of(spec.displayName()));
        d.put("github.ref_name", List.of(branch));
        d.put("github.ref", List.of("refs/heads/" + branch));
        return d;
    }

    /** A reusable workflow sees its caller's github context and, as inputs, what the calling job passes (else defaults). */
    static Map<String, List<Object>> calleeDomains(WorkflowSpec callee, JobSpec caller, Map<String, List<Object>> callerDomains) {
        Map<String, List<Object>> d = new LinkedHashMap<>();
        callerDomains.forEach((k, v) -> {
            if (k.startsWith("github.") && !k.startsWith("github.event.inputs.")) d.put(k, v);
        });
        Object declared = callee.on().get("workflow_call") == null ? null : callee.on().get("workflow_call").get("inputs");
        if (declared instanceof Map<?, ?> m) {
            m.forEach((k, def) -> {
                Object dv = def instanceof Map<?, ?> dm ? dm.get("default") : null;
                if (dv != null) d.put("inputs." + k, List.of(String.valueOf(dv)));
            });
        }
        caller.with().forEach((k, v) -> {
            PossibleValues pv = values(v, callerDomains);
            if (pv.open()) d.remove("inputs." + k);
            else d.put("inputs." + k, new ArrayList<>(sorted(pv)));
        });
        return d;
    }

    // ---- matching -------------------------------------------------------------------------------------

    /** "./.github/workflows/y.yml" -> "y.yml"; another repository's "o/r/.github/workflows/y.yml@v1" as written. */
    static String calledFile(String uses) {
        if (uses.startsWith(LOCAL)) return uses.substring(LOCAL.length());
        return uses;
    }

    private static boolean names(List<String> sources, String name) {
        for (String s : sources) if (s.equalsIgnoreCase(name)) return true;
        return false;
    }

    static String branchOf(String ref) {
        if (ref == null) return "";
        if (ref.startsWith("refs/heads/")) return ref.substring("refs/heads/".length());
        if (ref.startsWith("refs/tags/")) return ref.substring("refs/tags/".length());
        return ref;
    }

    /** on.workflow_run's branches / branches-ignore against the triggering run's branch (GitHub's globs). */
    static boolean branchMatches(Map<String, Object> on, String branch) {
        return dev.baton.workflow.BranchFilter.matches(on, branch);
    }
}
