package dev.baton.lint;

import dev.baton.workflow.TerraformCommands;

import dev.baton.model.Severity;
import dev.baton.workflow.BackendConfig;
import dev.baton.workflow.Concurrency;
import dev.baton.workflow.ConcurrencySpec;
import dev.baton.workflow.DispatchInput;
import dev.baton.workflow.ExpressionException;
import dev.baton.workflow.Expressions;
import dev.baton.workflow.JobSpec;
import dev.baton.workflow.PossibleValues;
import dev.baton.workflow.QueueMode;
import dev.baton.workflow.StepSpec;
import dev.baton.workflow.WorkflowSpec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Concurrency and locking lint over a repository's workflows and Terraform backends. Every rule is
 * in {@link LintRule}; findings come sorted by file and line.
 */
public final class Linter {
    /** github.* paths whose value differs between runs (or refs) deploying the same environment. */
    private static final Set<String> PER_RUN = Set.of("github.run_id", "github.run_number", "github.run_attempt", "github.sha",
            "github.event.after", "github.event.head_commit.id", "github.event.pull_request.head.sha",
            "github.event.workflow_run.id", "github.event.workflow_run.head_sha");
    private static final Set<String> PER_REF = Set.of("github.ref", "github.ref_name", "github.head_ref",
            "github.event.pull_request.number", "github.event.number", "github.event.workflow_run.head_branch");
    private static final Set<String> IF_CONTEXTS = Set.of("github", "needs", "vars", "inputs");
    private static final Set<String> ENVIRONMENT_CONTEXTS = Set.of("github", "needs", "strategy", "matrix", "vars", "inputs");
    /** Environment name endings that mark a variant of one target (the reference's production-auto). */
    private static final List<String> VARIANT_SUFFIXES = List.of("-auto", "_auto", "-manual", "_manual", "-bot", "-dependabot",
            "-approved", "-approval");
    private static final int MAX_COMBINATIONS = 64;

    private final List<WorkflowSpec> workflows;
    private final List<BackendConfig> backends;
    private final SourceLines lines;
    private final List<LintFinding> out = new ArrayList<>();

    private Linter(List<WorkflowSpec> workflows, List<BackendConfig> backends, Map<String, String> rawFiles) {
        this.workflows = workflows == null ? List.of() : workflows;
        this.backends = backends == null ? List.of() : backends;
        this.lines = new SourceLines(rawFiles);
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

    // ---- analysis of one deploy job

    /** A job that deploys, with what it deploys and which groups cover it, per matrix/input combination. */
    private record Deploy(WorkflowSpec wf, JobSpec job, List<ConcurrencySpec> covering, Map<String, List<Object>> domains,
                          PossibleValues environments, List<Slot> slots, List<TfStep> terraform) {
        String label() {
            return "job '" + job.id() + "' of " + wf.file();
        }
    }

    /** For one combination: the targets deployed and the group keys that serialize them. */
    private record Slot(Set<String> targets, Set<String> groups, boolean openGroup) { }

    private record TfStep(StepSpec step, TerraformCommands.Command command) { }

    private void run() {
        List<Deploy> deploys = new ArrayList<>();
        for (WorkflowSpec wf : workflows) {
            for (JobSpec job : wf.jobs()) {
                Deploy d = deploy(wf, job);
                if (d != null) deploys.add(d);
            }
            contexts(wf);
            queueMaxCancel(wf);
            selfWait(wf);
            terraform(wf);
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
        for (BackendConfig b : backends) backend(b);
    }

    private Deploy deploy(WorkflowSpec wf, JobSpec job) {
        List<TfStep> tf = new ArrayList<>();
        for (StepSpec s : job.steps()) {
            for (TerraformCommands.Command c : TerraformCommands.parse(s.run())) tf.add(new TfStep(s, c));
        }
        boolean applies = tf.stream().anyMatch(t -> TerraformCommands.WRITES_STATE.contains(t.command().subcommand()));
        if (job.environment() == null && !applies) return null;
        List<ConcurrencySpec> covering = new ArrayList<>();
        if (wf.concurrency() != null) covering.add(wf.concurrency());
        if (job.concurrency() != null) covering.add(job.concurrency());
        Map<String, List<Object>> domains = domains(wf, job);
        PossibleValues envs = possible(job.environment(), domains);
        return new Deploy(wf, job, covering, domains, envs, slots(wf, job, covering, domains, tf), tf);
    }

    /** Finite value sets the workflow declares: choice/boolean inputs and matrix values. */
    private static Map<String, List<Object>> domains(WorkflowSpec wf, JobSpec job) {
        Map<String, List<Object>> d = new LinkedHashMap<>();
        for (DispatchInput in : wf.dispatchInputs()) {
            if (in.type().equals("choice") && !in.options().isEmpty()) d.put("inputs." + in.name(), new ArrayList<>(in.options()));
            if (in.type().equals("boolean")) d.put("inputs." + in.name(), List.of(true, false));
        }
        for (Map.Entry<String, List<Object>> m : job.matrix().entrySet()) d.put("matrix." + m.getKey(), m.getValue());
        return d;
    }

    private static PossibleValues possible(String text, Map<String, List<Object>> domains) {
        if (text == null) return new PossibleValues(Set.of(), false);
        try {
            return Expressions.possibleValues(text, domains);
        } catch (ExpressionException e) {
            return new PossibleValues(Set.of(), true);
        }
    }

    private List<Slot> slots(WorkflowSpec wf, JobSpec job, List<ConcurrencySpec> covering, Map<String, List<Object>> domains,
                             List<TfStep> tf) {
        // Correlate environment, groups and backend files through the domain paths they share (matrix.env...)
        Set<String> used = new LinkedHashSet<>();
        List<String> texts = new ArrayList<>();
        texts.add(job.environment());
        for (ConcurrencySpec s : covering) texts.add(s.group());
        for (TfStep t : tf) texts.addAll(backendArgs(t.command()));
        for (String t : texts) {
            if (t == null || !t.contains("${{")) continue;
            try {
                for (String p : Expressions.pathsUsed(t)) if (domains.containsKey(p)) used.add(p);
            } catch (ExpressionException e) {
                // reported by the parser
            }
        }
        List<Map<String, List<Object>>> combos = new ArrayList<>();
        combos.add(new LinkedHashMap<>(domains));
        for (String path : used) {
            List<Map<String, List<Object>>> next = new ArrayList<>();
            for (Map<String, List<Object>> c : combos) {
                for (Object v : domains.get(path)) {
                    Map<String, List<Object>> m = new LinkedHashMap<>(c);
                    m.put(path, java.util.Collections.singletonList(v));
                    next.add(m);
                }
            }
            if (next.size() > MAX_COMBINATIONS) break;
            combos = next;
        }
        List<Slot> slots = new ArrayList<>();
        for (Map<String, List<Object>> combo : combos) {
            Set<String> targets = new TreeSet<>();
            PossibleValues env = possible(job.environment(), combo);
            if (!env.open()) for (String e : env.values()) if (!e.isBlank()) targets.add("environment " + family(e));
            for (TfStep t : tf) for (String state : states(wf, t, combo)) targets.add("state " + state);
            Set<String> groups = new TreeSet<>();
            boolean open = false;
            for (ConcurrencySpec s : covering) {
                PossibleValues g = possible(s.group(), combo);
                if (g.single()) groups.add(Concurrency.Resolved.key(g.values().iterator().next()));
                else open = true;
            }
            slots.add(new Slot(targets, groups, open));
        }
        return slots;
    }

    static String family(String environment) {
        String e = environment.strip().toLowerCase(Locale.ROOT);
        for (String suffix : VARIANT_SUFFIXES) {
            if (e.endsWith(suffix) && e.length() > suffix.length()) return e.substring(0, e.length() - suffix.length());
        }
        return e;
    }

    private static List<String> backendArgs(TerraformCommands.Command c) {
        List<String> out = new ArrayList<>();
        if (!c.subcommand().equals("init")) return out;
        List<String> a = c.args();
        for (int i = 0; i < a.size(); i++) {
            String x = a.get(i).startsWith("--") ? a.get(i).substring(1) : a.get(i);
            if (x.startsWith("-backend-config=")) out.add(unquote(x.substring("-backend-config=".length())));
            else if (x.equals("-backend-config") && i + 1 < a.size()) out.add(unquote(a.get(i + 1)));
        }
        return out;
    }

    private static String unquote(String s) {
        return s.replaceAll("^[\"']|[\"']$", "");
    }

    /** bucket/key of the states a Terraform step initialises, matched to the backend files read. */
    private Set<String> states(WorkflowSpec wf, TfStep t, Map<String, List<Object>> combo) {
        Set<String> out = new TreeSet<>();
        String dir = t.step().workingDirectory() == null ? "" : t.step().workingDirectory().replaceAll("^\\./|/$", "");
        for (String arg : backendArgs(t.command())) {
            if (arg.contains("=") && !arg.contains("${{")) continue; // key=value form, not a file
            PossibleValues files = possible(arg, combo);
            if (files.open()) continue;
            for (String f : files.values()) {
                String name = f.replaceAll("^\\./", "");
                BackendConfig best = null;
                for (BackendConfig b : backends) {
                    if (b.bucket() == null) continue;
                    if (b.file().equals(dir.isEmpty() ? name : dir + "/" + name)) {
                        best = b;
                        break;
                    }
                    if (best == null && (b.file().equals(name) || b.file().endsWith("/" + name))) best = b;
                }
                if (best != null) out.add(best.bucket() + "/" + best.key());
            }
        }
        return out;
    }

    // ---- rules

    private int line(String file, int from, String key) {
        int l = lines.childKey(file, from, key);
        return l > 0 ? l : from;
    }

    private void withoutGroup(Deploy d) {
        if (!d.covering().isEmpty()) return;
        String what = d.job().environment() != null ? "environment " + describe(d.environments(), d.job().environment())
                : "Terraform state (" + d.terraform().get(0).command().invocation() + ")";
        String suggested = "deploy-" + suggestedName(d);
        out.add(LintRule.DEPLOY_WITHOUT_GROUP.at(d.wf().path(), line(d.wf().path(), d.job().line(), "environment"),
                d.label() + " deploys " + what + " but is in no concurrency group",
                "Add 'concurrency: { group: " + suggested + ", cancel-in-progress: false }' to the workflow or the job, "
                        + "and use the same group in every workflow that deploys this target."));
    }

    private static String suggestedName(Deploy d) {
        if (!d.environments().open() && d.environments().values().size() >= 1) {
            return family(new TreeSet<>(d.environments().values()).first());
        }
        return "<environment>";
    }

    private static String describe(PossibleValues v, String raw) {
        if (!v.open() && !v.values().isEmpty()) return String.join(" / ", new TreeSet<>(v.values()));
        return "'" + raw + "'";
    }

    private void cancelInProgress(Deploy d, ConcurrencySpec s) {
        String cancel = s.cancelInProgress();
        int at = line(s.file(), s.line(), "cancel-in-progress");
        if (cancel.equals("true")) {
            out.add(LintRule.DEPLOY_CANCEL_IN_PROGRESS.at(s.file(), at,
                    "deploy group '" + s.group() + "' has cancel-in-progress: true: a newer run cancels the deploy in progress",
                    "Set cancel-in-progress: false so a newer run waits; keep cancelling for test or preview workflows only."));
        } else if (Expressions.hasExpression(cancel)) {
            PossibleValues v = possible(cancel, d.domains());
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
                ? " Where " + describe(d.environments(), d.job().environment()) + " requires approval, a run waiting for it can be evicted too."
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
                        + ", so runs deploying " + (d.job().environment() != null ? describe(d.environments(), d.job().environment())
                        : "the same state") + " get different groups and run at the same time",
                "Name the group after the target, e.g. 'deploy-" + suggestedName(d) + "', so every run deploying it waits its turn."));
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

    private void contexts(WorkflowSpec wf) {
        List<ConcurrencySpec> specs = new ArrayList<>();
        if (wf.concurrency() != null) specs.add(wf.concurrency());
        for (JobSpec j : wf.jobs()) if (j.concurrency() != null) specs.add(j.concurrency());
        for (ConcurrencySpec s : specs) {
            List<String> bad = Concurrency.disallowedContexts(s);
            if (bad.isEmpty()) continue;
            String level = s.level() == ConcurrencySpec.Level.WORKFLOW ? "workflow-level" : "job-level";
            out.add(LintRule.CONTEXT_NOT_ALLOWED.at(s.file(), s.line(),
                    level + " concurrency uses " + contextList(bad) + ", not available there (allowed: "
                            + String.join(", ", ordered(Concurrency.allowedContexts(s.level()))) + ")",
                    s.level() == ConcurrencySpec.Level.WORKFLOW && (bad.contains("matrix") || bad.contains("needs"))
                            ? "Move the concurrency block to the job, where needs, strategy and matrix are available."
                            : "Use github, inputs or vars (e.g. vars.DEPLOY_ENV instead of env.DEPLOY_ENV)."));
        }
        for (JobSpec j : wf.jobs()) {
            checkContexts(wf, j, "if", j.ifExpr(), IF_CONTEXTS);
            checkContexts(wf, j, "environment", j.environment(), ENVIRONMENT_CONTEXTS);
        }
    }

    private void checkContexts(WorkflowSpec wf, JobSpec j, String key, String text, Set<String> allowed) {
        if (text == null) return;
        if (key.equals("environment") && !Expressions.hasExpression(text)) return;
        List<String> bad = new ArrayList<>();
        for (String c : Expressions.contextsUsed(text)) if (!allowed.contains(c)) bad.add(c);
        if (bad.isEmpty()) return;
        out.add(LintRule.CONTEXT_NOT_ALLOWED.at(wf.path(), line(wf.path(), j.line(), key),
                "jobs." + j.id() + "." + key + " uses " + contextList(bad) + ", not available there (allowed: "
                        + String.join(", ", ordered(allowed)) + ")",
                "Use only " + String.join(", ", ordered(allowed)) + " in jobs.<id>." + key + "; compute other values in an "
                        + "earlier job and read them through needs.<job>.outputs."));
    }

    private static String contextList(List<String> names) {
        List<String> q = new ArrayList<>();
        for (String n : names) q.add("'" + n + "'");
        return (names.size() == 1 ? "context " : "contexts ") + String.join(", ", q);
    }

    private static List<String> ordered(Set<String> s) {
        List<String> out = new ArrayList<>();
        for (String c : List.of("github", "inputs", "vars", "needs", "strategy", "matrix")) if (s.contains(c)) out.add(c);
        return out;
    }

    private void queueMaxCancel(WorkflowSpec wf) {
        List<ConcurrencySpec> specs = new ArrayList<>();
        if (wf.concurrency() != null) specs.add(wf.concurrency());
        for (JobSpec j : wf.jobs()) if (j.concurrency() != null) specs.add(j.concurrency());
        for (ConcurrencySpec s : specs) {
            if (s.queue() != QueueMode.MAX || !Expressions.hasExpression(s.cancelInProgress())) continue;
            PossibleValues v = possible(s.cancelInProgress(), Map.of());
            if (!v.open() && !v.values().contains("true")) continue;
            out.add(LintRule.QUEUE_MAX_CANCEL.at(s.file(), line(s.file(), s.line(), "cancel-in-progress"),
                    "group '" + s.group() + "' has queue: max and cancel-in-progress '" + s.cancelInProgress()
                            + "': GitHub fails the workflow whenever that is true",
                    "Drop cancel-in-progress (queue: max never cancels the running member), or use queue: single."));
        }
    }

    private void selfWait(WorkflowSpec wf) {
        ConcurrencySpec w = wf.concurrency();
        if (w == null) return;
        PossibleValues wv = possible(w.group(), Map.of());
        for (JobSpec j : wf.jobs()) {
            ConcurrencySpec s = j.concurrency();
            if (s == null) continue;
            boolean same = normalize(s.group()).equals(normalize(w.group()));
            if (!same && !wv.open()) {
                PossibleValues jv = possible(s.group(), domains(wf, j));
                for (String a : wv.values()) for (String b : jv.values()) same |= a.equalsIgnoreCase(b);
            }
            if (!same) continue;
            out.add(LintRule.GROUP_SELF_WAIT.at(s.file(), s.line(),
                    "job '" + j.id() + "' uses group '" + s.group() + "', the group its own workflow holds (line " + w.line()
                            + "): the job waits for the run that contains it",
                    "Give the job a different group (e.g. '" + s.group().strip() + "-job') or drop one of the two blocks."));
        }
    }

    private static String normalize(String group) {
        return group.replaceAll("\\s+", "").toLowerCase(Locale.ROOT);
    }

    private void terraform(WorkflowSpec wf) {
        for (JobSpec j : wf.jobs()) {
            boolean timeoutFromEnv = envSetsTimeout(wf.env()) || envSetsTimeout(j.env());
            for (StepSpec s : j.steps()) {
                timeoutFromEnv |= s.run() != null && s.run().contains("TF_CLI_ARGS") && s.run().contains("-lock-timeout=");
            }
            for (StepSpec s : j.steps()) {
                for (TerraformCommands.Command c : TerraformCommands.parse(s.run())) {
                    int at = lines.find(wf.path(), s.line(), c.text());
                    String where = "step '" + s.label() + "' of job '" + j.id() + "'";
                    if (TerraformCommands.WRITES_STATE.contains(c.subcommand()) && c.lockDisabled()) {
                        out.add(LintRule.TF_LOCK_DISABLED.at(wf.path(), at,
                                where + " runs '" + c.invocation() + " -lock=false': state is written without the lock",
                                "Remove -lock=false and add -lock-timeout=5m so a concurrent apply waits instead."));
                        continue;
                    }
                    if (!TerraformCommands.NEEDS_TIMEOUT.contains(c.subcommand())) continue;
                    String timeout = c.lockTimeout();
                    if (timeout == null && (timeoutFromEnv || envSetsTimeout(s.env()))) continue;
                    if (timeout != null && !TerraformCommands.Command.isZero(timeout)) continue;
                    out.add(LintRule.TF_NO_LOCK_TIMEOUT.at(wf.path(), at,
                            where + " runs '" + c.invocation() + "' " + (timeout == null ? "without -lock-timeout"
                                    : "with -lock-timeout=" + timeout) + ": it fails at once if another run holds the state lock",
                            "Add -lock-timeout=5m (or set TF_CLI_ARGS_" + c.subcommand() + "=-lock-timeout=5m) so Terraform "
                                    + "retries with backoff until the lock is free."));
                }
            }
        }
    }

    private static boolean envSetsTimeout(Map<String, String> env) {
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (e.getKey().startsWith("TF_CLI_ARGS") && e.getValue().contains("-lock-timeout=")
                    && !TerraformCommands.Command.isZero(e.getValue().substring(e.getValue().indexOf("-lock-timeout=") + 14).split("\\s")[0])) {
                return true;
            }
        }
        return false;
    }

    private void backend(BackendConfig b) {
        if (b.bucket() == null) return; // partial configuration, completed by -backend-config files
        String state = "s3://" + b.bucket() + "/" + b.key();
        if (!b.useLockfile() && b.dynamodbTable() == null) {
            int at = lines.indexOf(b.file(), 1, "use_lockfile");
            out.add(LintRule.BACKEND_NO_LOCKFILE.at(b.file(), at > 0 ? at : b.line(),
                    "backend for " + state + " takes no state lock (no use_lockfile, no dynamodb_table)",
                    "Set use_lockfile = true (Terraform/OpenTofu >= 1.10); Terraform then writes " + b.key() + ".tflock beside the state."));
        } else if (!b.useLockfile()) {
            out.add(LintRule.BACKEND_DYNAMODB_ONLY.at(b.file(), lines.find(b.file(), b.line(), "dynamodb_table"),
                    "backend for " + state + " locks only through DynamoDB table '" + b.dynamodbTable() + "', deprecated since Terraform 1.11",
                    "Add use_lockfile = true (keep dynamodb_table while older Terraform versions still run), then drop dynamodb_table."));
        }
    }
}
