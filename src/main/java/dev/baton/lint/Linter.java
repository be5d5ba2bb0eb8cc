package dev.baton.lint;

import dev.baton.lint.DeployJobs.Deploy;
import dev.baton.lint.DeployJobs.Slot;
import dev.baton.model.Severity;
import dev.baton.workflow.BackendConfig;
import dev.baton.workflow.ConcurrencySpec;
import dev.baton.workflow.ExpressionException;
import dev.baton.workflow.Expressions;
import dev.baton.workflow.JobSpec;
import dev.baton.workflow.PossibleValues;
import dev.baton.workflow.QueueMode;
import dev.baton.workflow.WorkflowSpec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Concurrency and locking lint over a repository's workflows and Terraform backends. Every rule is
 * in {@link LintRule}; findings come sorted by file and line. Here: the rules across deploy jobs (no group,
 * cancel-in-progress, queue: single, a group that varies per run, one target in split groups), judged on
 * {@link DeployJobs}' analysis; the rules of one file alone are {@link FileRules}'.
 */
public final class Linter {
    /** github.* paths whose value differs between runs (or refs) deploying the same environment. */
    private static final Set<String> PER_RUN = Set.of("github.run_id", "github.run_number", "github.run_attempt", "github.sha",
            "github.event.after", "github.event.head_commit.id", "github.event.pull_request.head.sha",
            "github.event.workflow_run.id", "github.event.workflow_run.head_sha");
    private static final Set<String> PER_REF = Set.of("github.ref", "github.ref_name", "github.head_ref",
            "github.event.pull_request.number", "github.event.number", "github.event.workflow_run.head_branch");

    private final List<WorkflowSpec> workflows;
    private final List<BackendConfig> backends;
    private final SourceLines lines;
    private final List<LintFinding> out = new ArrayList<>();
    private final DeployJobs jobs;
    private final FileRules files;

    private Linter(List<WorkflowSpec> workflows, List<BackendConfig> backends, Map<String, String> rawFiles) {
        this.workflows = workflows == null ? List.of() : workflows;
        this.backends = backends == null ? List.of() : backends;
        this.lines = new SourceLines(rawFiles);
        this.jobs = new DeployJobs(this.backends);
        this.files = new FileRules(lines, out);
    }

    /** Lints what a {@link RepoLoader} read, including its parse problems. */
    public static List<LintFinding> lint(LintInput input) {
        List<LintFinding> all = new ArrayList<>(input.problems());
        all.addAll(lint(input.workflows(), input.backends(), input.rawFiles()));
        return sorted(all);
    }

    /** rawFiles: path -> text of the same files (for exact lines); may be empty. */
    public static List<LintFinding> lint(List<WorkflowSpec> workflows, List<BackendConfig> backends, Map<String, String> rawFiles) {
        Linter l = new Linter(workflows, backends, rawFiles);
        l.run();
        return sorted(l.out);
    }

    /** True when a finding is error-level (the lint command then exits 1). */
    public static boolean hasErrors(List<LintFinding> findings) {
        return findings.stream().anyMatch(f -> f.severity() == Severity.ERROR);
    }

    private static List<LintFinding> sorted(List<LintFinding> findings) {
        List<LintFinding> copy = new ArrayList<>(new LinkedHashSet<>(findings));
        copy.sort(Comparator.comparing(LintFinding::file).thenComparingInt(LintFinding::line).thenComparing(LintFinding::rule));
        return List.copyOf(copy);
    }

    // ---- rules

    private int line(String file, int from, String key) {
        int l = lines.childKey(file, from, key);
        return l > 0 ? l : from;
    }

    private void run() {
        List<Deploy> deploys = new ArrayList<>();
        for (WorkflowSpec wf : workflows) {
            for (JobSpec job : wf.jobs()) {
                Deploy d = jobs.deploy(wf, job);
                if (d != null) deploys.add(d);
            }
            files.workflow(wf);
        }
        Set<ConcurrencySpec> reported = new LinkedHashSet<>();
        for (Deploy d : deploys) {
            withoutGroup(d);
            for (ConcurrencySpec s : d.covering()) {
                if (reported.add(s)) {
                    cancelInProgress(d, s);
                    queueSingle(d, s);
                }
            }
            variesPerRun(d);
        }
        splitGroups(deploys);
        for (BackendConfig b : backends) files.backend(b);
    }

    private void withoutGroup(Deploy d) {
        if (!d.covering().isEmpty()) return;
        String what = d.job().environment() != null ? "environment " + DeployJobs.describe(d.environments(), d.job().environment())
                : "Terraform state (" + d.terraform().get(0).command().invocation() + ")";
        String suggested = "deploy-" + DeployJobs.suggestedName(d);
        out.add(LintRule.DEPLOY_WITHOUT_GROUP.at(d.wf().path(), line(d.wf().path(), d.job().line(), "environment"),
                d.label() + " deploys " + what + " but is in no concurrency group",
                "Add 'concurrency: { group: " + suggested + ", cancel-in-progress: false }' to the workflow or the job, "
                        + "and use the same group in every workflow that deploys this target."));
    }

    private void cancelInProgress(Deploy d, ConcurrencySpec s) {
        String cancel = s.cancelInProgress();
        int at = line(s.file(), s.line(), "cancel-in-progress");
        if (cancel.equals("true")) {
            out.add(LintRule.DEPLOY_CANCEL_IN_PROGRESS.at(s.file(), at,
                    "deploy group '" + s.group() + "' has cancel-in-progress: true: a newer run cancels the deploy in progress",
                    "Set cancel-in-progress: false so a newer run waits; keep cancelling for test or preview workflows only."));
        } else if (Expressions.hasExpression(cancel)) {
            PossibleValues v = DeployJobs.possible(cancel, d.domains());
            if (v.open() || v.values().contains("true")) {
                out.add(LintRule.DEPLOY_CANCEL_IN_PROGRESS.at(Severity.WARNING, s.file(), at,
                        "deploy group '" + s.group() + "' cancels the deploy in progress whenever '" + cancel + "' is true",
                        "Make sure the expression is false for every run that deploys, or set cancel-in-progress: false."));
            }
        }
    }

    private void queueSingle(Deploy d, ConcurrencySpec s) {
        if (s.queue() != QueueMode.SINGLE || s.cancelInProgress().equals("true")) return;
        if (lines.childKey(s.file(), s.line(), "queue") > 0) return; // latest-wins accepted explicitly
        List<String> others = new ArrayList<>();
        if (s.staticGroup()) {
            for (WorkflowSpec wf : workflows) {
                if (wf.path().equals(s.file())) continue;
                boolean shares = wf.concurrency() != null && wf.concurrency().staticGroup()
                        && wf.concurrency().group().equalsIgnoreCase(s.group());
                for (JobSpec j : wf.jobs()) {
                    shares |= j.concurrency() != null && j.concurrency().staticGroup() && j.concurrency().group().equalsIgnoreCase(s.group());
                }
                if (shares) others.add(wf.file());
            }
        }
        String triggers = String.join(", ", d.wf().on().keySet());
        String approval = d.job().environment() != null
                ? " Where " + DeployJobs.describe(d.environments(), d.job().environment()) + " requires approval, a run waiting for it can be evicted too."
                : "";
        out.add(LintRule.DEPLOY_QUEUE_SINGLE.at(s.file(), s.line(),
                "deploy group '" + s.group() + "' evicts waiting runs (queue: single): of three runs A, B, C arriving while "
                        + "one deploys, B is cancelled and never deploys (" + d.wf().file() + " runs on " + triggers
                        + (others.isEmpty() ? "" : "; group also used by " + String.join(", ", others)) + ")." + approval,
                "Add 'queue: max' to keep up to 100 pending runs first-in-first-out, or write 'queue: single' to accept "
                        + "explicitly that only the latest pending run deploys."));
    }

    private void variesPerRun(Deploy d) {
        if (d.covering().isEmpty()) return;
        boolean oneTarget = !d.environments().open() || d.slots().stream().anyMatch(s -> s.targets().stream().anyMatch(t -> t.startsWith("state ")));
        if (!oneTarget || d.job().environment() != null && d.environments().open()) return;
        ConcurrencySpec first = null;
        Set<String> firstPaths = null;
        for (ConcurrencySpec s : d.covering()) {
            Set<String> varying = varyingPaths(d.wf(), s.group());
            if (varying.isEmpty()) return; // one run-invariant group is enough to serialize
            if (first == null) {
                first = s;
                firstPaths = varying;
            }
        }
        out.add(LintRule.GROUP_VARIES_PER_RUN.at(first.file(), line(first.file(), first.line(), "group"),
                "group '" + first.group() + "' of " + d.label() + " uses " + String.join(", ", firstPaths)
                        + ", so runs deploying " + (d.job().environment() != null ? DeployJobs.describe(d.environments(), d.job().environment())
                        : "the same state") + " get different groups and run at the same time",
                "Name the group after the target, e.g. 'deploy-" + DeployJobs.suggestedName(d) + "', so every run deploying it waits its turn."));
    }

    private static Set<String> varyingPaths(WorkflowSpec wf, String group) {
        Set<String> out = new TreeSet<>();
        if (!Expressions.hasExpression(group)) return out;
        Set<String> paths;
        try {
            paths = Expressions.pathsUsed(group);
        } catch (ExpressionException e) {
            return out;
        }
        boolean refConstant = refConstant(wf);
        for (String p : paths) {
            if (PER_RUN.contains(p) || (PER_REF.contains(p) && !refConstant)) out.add(p);
        }
        return out;
    }

    /** True when every trigger runs on one fixed ref (push to one literal branch, workflow_run, schedule). */
    private static boolean refConstant(WorkflowSpec wf) {
        for (Map.Entry<String, Map<String, Object>> e : wf.on().entrySet()) {
            switch (e.getKey()) {
                case "workflow_run", "schedule" -> { }
                case "push" -> {
                    Object b = e.getValue().get("branches");
                    List<?> branches = b instanceof List<?> l ? l : b == null ? List.of() : List.of(b);
                    if (branches.size() != 1 || String.valueOf(branches.get(0)).matches(".*[*?\\[!].*")
                            || e.getValue().containsKey("tags")) return false;
                }
                default -> {
                    return false;
                }
            }
        }
        return true;
    }

    private void splitGroups(List<Deploy> deploys) {
        Map<String, List<Object[]>> byTarget = new LinkedHashMap<>();
        for (Deploy d : deploys) {
            for (Slot s : d.slots()) {
                if (s.groups().isEmpty()) continue; // no group (deploy-without-group) or unknown until run time
                for (String t : s.targets()) byTarget.computeIfAbsent(t, k -> new ArrayList<>()).add(new Object[]{d, s});
            }
        }
        Set<String> reported = new LinkedHashSet<>();
        for (Map.Entry<String, List<Object[]>> e : byTarget.entrySet()) {
            List<Object[]> entries = e.getValue();
            for (int i = 0; i < entries.size(); i++) {
                for (int j = 0; j < i; j++) {
                    Deploy a = (Deploy) entries.get(j)[0];
                    Deploy b = (Deploy) entries.get(i)[0];
                    Slot sa = (Slot) entries.get(j)[1];
                    Slot sb = (Slot) entries.get(i)[1];
                    if (a == b && a.wf() == b.wf()) continue;
                    if (!java.util.Collections.disjoint(sa.groups(), sb.groups())) continue;
                    if (!reported.add(b.wf().path() + "#" + b.job().id() + "#" + e.getKey())) continue;
                    out.add(LintRule.ENVIRONMENT_SPLIT_GROUPS.at(b.wf().path(), line(b.wf().path(), b.job().line(), "environment"),
                            b.label() + " deploys " + e.getKey() + " in group " + quoted(sb.groups()) + ", but " + a.label()
                                    + " deploys it in group " + quoted(sa.groups()) + ": they do not wait for each other",
                            "Use one group for every job that deploys " + e.getKey() + " (the reference pipeline puts production "
                                    + "and production-auto both in 'deploy-production')."));
                }
            }
        }
    }

    private static String quoted(Set<String> groups) {
        List<String> q = new ArrayList<>();
        for (String g : groups) q.add("'" + g + "'");
        return String.join(" + ", q);
    }

}
