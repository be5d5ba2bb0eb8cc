package dev.baton.lint;

import dev.baton.workflow.BackendConfig;
import dev.baton.workflow.Concurrency;
import dev.baton.workflow.ConcurrencySpec;
import dev.baton.workflow.DispatchInput;
import dev.baton.workflow.EnvironmentFamily;
import dev.baton.workflow.ExpressionException;
import dev.baton.workflow.Expressions;
import dev.baton.workflow.JobSpec;
import dev.baton.workflow.PossibleValues;
import dev.baton.workflow.StepSpec;
import dev.baton.workflow.TerraformCommands;
import dev.baton.workflow.WorkflowSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a deploying job deploys and which groups serialize it, per combination of the values its inputs
 * and matrix can take: the analysis the group rules of {@link Linter} judge.
 */
final class DeployJobs {
    private static final int MAX_COMBINATIONS = 64;

    private final List<BackendConfig> backends;

    DeployJobs(List<BackendConfig> backends) {
        this.backends = backends;
    }

    /** A job that deploys, with what it deploys and which groups cover it, per matrix/input combination. */
    record Deploy(WorkflowSpec wf, JobSpec job, List<ConcurrencySpec> covering, Map<String, List<Object>> domains,
                          PossibleValues environments, List<Slot> slots, List<TfStep> terraform) {
        String label() {
            return "job '" + job.id() + "' of " + wf.file();
        }
    }

    /** For one combination: the targets deployed and the group keys that serialize them. */
    record Slot(Set<String> targets, Set<String> groups, boolean openGroup) { }

    record TfStep(StepSpec step, TerraformCommands.Command command) { }

    /** The deploy analysis of job, or null when it deploys nothing (no environment, no state-writing Terraform). */
    Deploy deploy(WorkflowSpec wf, JobSpec job) {
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
    static Map<String, List<Object>> domains(WorkflowSpec wf, JobSpec job) {
        Map<String, List<Object>> d = new LinkedHashMap<>();
        for (DispatchInput in : wf.dispatchInputs()) {
            if (in.type().equals("choice") && !in.options().isEmpty()) d.put("inputs." + in.name(), new ArrayList<>(in.options()));
            if (in.type().equals("boolean")) d.put("inputs." + in.name(), List.of(true, false));
        }
        for (Map.Entry<String, List<Object>> m : job.matrix().entrySet()) d.put("matrix." + m.getKey(), m.getValue());
        return d;
    }

    static PossibleValues possible(String text, Map<String, List<Object>> domains) {
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
            if (!env.open()) for (String e : env.values()) if (!e.isBlank()) targets.add("environment " + EnvironmentFamily.of(e));
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

    /** The target to name a group after: the deployed environment's family, else a placeholder. */
    static String suggestedName(Deploy d) {
        if (!d.environments().open() && d.environments().values().size() >= 1) {
            return EnvironmentFamily.of(new TreeSet<>(d.environments().values()).first());
        }
        return "<environment>";
    }

    /** "production / production-auto", or the raw expression quoted when it cannot be resolved. */
    static String describe(PossibleValues v, String raw) {
        if (!v.open() && !v.values().isEmpty()) return String.join(" / ", new TreeSet<>(v.values()));
        return "'" + raw + "'";
    }
}
