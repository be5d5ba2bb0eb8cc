package dev.baton.workflow;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads a workflow YAML file into a {@link WorkflowSpec}, keeping line numbers for errors and lint. */
public final class WorkflowParser {
    /** {@link WorkflowException#code()} of GitHub's rule that queue: max excludes cancel-in-progress: true. */
    public static final String QUEUE_MAX_CANCEL = "queue-max-cancel";
    /** {@link WorkflowException#code()} of GitHub's limit of {@link #MAX_MATRIX_JOBS} jobs per matrix. */
    public static final String MATRIX_LIMIT = "matrix-limit";
    /** GitHub: "A matrix will generate a maximum of 256 jobs per workflow run." */
    public static final int MAX_MATRIX_JOBS = 256;
    /** Beyond this many combinations exclude: is not counted through; GitHub's limit is far below anyway. */
    private static final long MAX_COUNTED = 1 << 16;
    private WorkflowParser() {
    }

    /** @throws WorkflowException naming path and line when the YAML or a concurrency block is malformed. */
    public static WorkflowSpec parse(String path, String yaml) {
        InputLimits.check(path, yaml, "a workflow file");
        YamlNodes y = new YamlNodes(path);
        Node root = y.compose(yaml == null ? "" : yaml);
        if (root == null || YamlNodes.isNull(root)) throw new WorkflowException(path, 1, "empty workflow file");
        Map<String, NodeTuple> top = y.entries(y.mapping(root, "a workflow file"));

        String name = top.containsKey("name") ? y.scalar(top.get("name").getValueNode(), "name") : null;
        Map<String, Map<String, Object>> on = top.containsKey("on") ? triggers(y, top.get("on").getValueNode())
                : null;
        if (on == null) throw new WorkflowException(path, 1, "missing 'on:' (the events that trigger the workflow)");
        ConcurrencySpec concurrency = top.containsKey("concurrency")
                ? concurrency(y, path, top.get("concurrency"), ConcurrencySpec.Level.WORKFLOW) : null;
        Map<String, String> env = top.containsKey("env") ? y.stringMap(top.get("env").getValueNode(), "env") : Map.of();

        NodeTuple jobsTuple = top.get("jobs");
        if (jobsTuple == null || YamlNodes.isNull(jobsTuple.getValueNode())) {
            throw new WorkflowException(path, jobsTuple == null ? 1 : YamlNodes.line(jobsTuple.getKeyNode()), "missing 'jobs:'");
        }
        Map<String, NodeTuple> jobNodes = y.entries(y.mapping(jobsTuple.getValueNode(), "jobs"));
        if (jobNodes.isEmpty()) throw y.error(jobsTuple.getKeyNode(), "'jobs:' has no jobs");
        List<JobSpec> jobs = new ArrayList<>();
        for (Map.Entry<String, NodeTuple> e : jobNodes.entrySet()) jobs.add(job(y, path, e.getKey(), e.getValue()));
        for (JobSpec job : jobs) {
            for (String need : job.needs()) {
                if (!jobNodes.containsKey(need)) {
                    throw new WorkflowException(path, job.line(), "job '" + job.id() + "' needs unknown job '" + need + "'");
                }
            }
        }
        checkNoCycle(path, jobs);
        return new WorkflowSpec(path, name, on, concurrency, env, jobs);
    }

    /** GitHub refuses a workflow whose jobs need each other in a circle (or a job that needs itself). */
    private static void checkNoCycle(String path, List<JobSpec> jobs) {
        Map<String, JobSpec> byId = new LinkedHashMap<>();
        for (JobSpec j : jobs) byId.put(j.id(), j);
        Map<String, Integer> state = new java.util.HashMap<>(); // 1 visiting, 2 done
        for (JobSpec j : jobs) {
            java.util.Deque<String> trail = new java.util.ArrayDeque<>();
            String cycle = cycleFrom(j.id(), byId, state, trail);
            if (cycle != null) throw new WorkflowException(path, j.line(), cycle);
        }
    }

    private static String cycleFrom(String id, Map<String, JobSpec> byId, Map<String, Integer> state, java.util.Deque<String> trail) {
        Integer st = state.get(id);
        if (st != null && st == 2) return null;
        trail.addLast(id);
        if (st != null) {
            List<String> t = new ArrayList<>(trail);
            int from = t.indexOf(id);
            List<String> loop = t.subList(from, t.size());
            return loop.size() == 2 ? "job '" + id + "' needs itself" : "jobs need each other in a circle: " + String.join(" -> ", loop);
        }
        state.put(id, 1);
        for (String need : byId.get(id).needs()) {
            String c = cycleFrom(need, byId, state, trail);
            if (c != null) return c;
        }
        trail.removeLast();
        state.put(id, 2);
        return null;
    }

    /** GitHub's limit on workflow_dispatch inputs (raised from 10 to 25 in 2025). */
    static final int MAX_DISPATCH_INPUTS = 25;

    /** The events a workflow may name in on: (GitHub rejects any other). */
    static final java.util.Set<String> EVENTS = java.util.Set.of("branch_protection_rule", "check_run", "check_suite", "create",
            "delete", "deployment", "deployment_status", "discussion", "discussion_comment", "fork", "gollum", "issue_comment",
            "issues", "label", "merge_group", "milestone", "page_build", "project", "project_card", "project_column", "public",
            "pull_request", "pull_request_review", "pull_request_review_comment", "pull_request_target", "push",
            "registry_package", "release", "repository_dispatch", "schedule", "status", "watch", "workflow_call",
            "workflow_dispatch", "workflow_run", "image_version");

    // ---- on:

    private static Map<String, Map<String, Object>> triggers(YamlNodes y, Node n) {
        Map<String, Map<String, Object>> on = new LinkedHashMap<>();
        if (n instanceof ScalarNode || n instanceof SequenceNode) {
            for (String event : y.stringList(n, "on")) {
                if (!EVENTS.contains(event)) throw y.error(n, "'on:' names an event GitHub does not have: '" + event + "'");
                on.put(event, Map.of());
            }
        } else if (n instanceof MappingNode m) {
            for (Map.Entry<String, NodeTuple> e : y.entries(m).entrySet()) {
                if (!EVENTS.contains(e.getKey())) {
                    throw y.error(e.getValue().getKeyNode(), "'on:' names an event GitHub does not have: '" + e.getKey() + "'");
                }
                Node v = e.getValue().getValueNode();
                if (YamlNodes.isNull(v)) {
                    on.put(e.getKey(), Map.of());
                } else if (v instanceof MappingNode) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> body = (Map<String, Object>) y.value(v);
                    if (e.getKey().equals("workflow_dispatch") || e.getKey().equals("workflow_call")) checkInputs(y, v, e.getKey());
                    on.put(e.getKey(), body);
                } else if (v instanceof SequenceNode) {
                    // schedule: a list of {cron: ...}
                    on.put(e.getKey(), Map.of("items", y.value(v)));
                } else {
                    throw y.error(v, "on." + e.getKey() + " must be a mapping (or empty)");
                }
            }
        } else {
            throw y.error(n, "'on:' must be an event name, a list or a mapping");
        }
        if (on.isEmpty()) throw y.error(n, "'on:' names no event");
        return on;
    }

    private static void checkInputs(YamlNodes y, Node event, String eventName) {
        NodeTuple inputs = y.entries((MappingNode) event).get("inputs");
        if (inputs == null || YamlNodes.isNull(inputs.getValueNode())) return;
        Map<String, NodeTuple> declared = y.entries(y.mapping(inputs.getValueNode(), "inputs"));
        if (eventName.equals("workflow_dispatch") && declared.size() > MAX_DISPATCH_INPUTS) {
            throw y.error(inputs.getKeyNode(), "workflow_dispatch has " + declared.size() + " inputs; GitHub allows at most " + MAX_DISPATCH_INPUTS);
        }
        for (Map.Entry<String, NodeTuple> in : declared.entrySet()) {
            Node def = in.getValue().getValueNode();
            if (YamlNodes.isNull(def)) continue;
            Map<String, NodeTuple> fields = y.entries(y.mapping(def, "input '" + in.getKey() + "'"));
            NodeTuple type = fields.get("type");
            String t = type == null ? "string" : y.scalar(type.getValueNode(), "type");
            if (t != null && !List.of("string", "choice", "boolean", "number", "environment").contains(t)) {
                throw y.error(type.getValueNode(), "input '" + in.getKey() + "' has unknown type '" + t
                        + "' (expected string, choice, boolean, number or environment)");
            }
            NodeTuple dflt = fields.get("default");
            if ("number".equals(t) && dflt != null && dflt.getValueNode() instanceof ScalarNode d && !d.getValue().isBlank()
                    && !d.getValue().contains("${{")) {
                try {
                    Double.parseDouble(d.getValue().strip());
                } catch (NumberFormatException notANumber) {
                    throw y.error(d, "number input '" + in.getKey() + "' has a default that is not a number: '" + d.getValue() + "'");
                }
            }
            if ("choice".equals(t)) {
                NodeTuple options = fields.get("options");
                if (options == null || !(options.getValueNode() instanceof SequenceNode)) {
                    throw y.error(type.getValueNode(), "choice input '" + in.getKey() + "' needs a list of options");
                }
            }
        }
    }

    // ---- concurrency:

    static ConcurrencySpec concurrency(YamlNodes y, String path, NodeTuple t, ConcurrencySpec.Level level) {
        Node v = t.getValueNode();
        int line = YamlNodes.line(t.getKeyNode());
        if (YamlNodes.isNull(v)) throw y.error(t.getKeyNode(), "concurrency: missing group");
        if (v instanceof ScalarNode s) {
            if (s.getValue().isBlank()) throw y.error(v, "concurrency: missing group");
            checkExpression(path, YamlNodes.line(v), "concurrency", s.getValue());
            return new ConcurrencySpec(s.getValue(), "false", QueueMode.SINGLE, level, path, line);
        }
        Map<String, NodeTuple> fields = y.entries(y.mapping(v, "concurrency"));
        for (Map.Entry<String, NodeTuple> f : fields.entrySet()) {
            if (!List.of("group", "cancel-in-progress", "queue").contains(f.getKey())) {
                throw y.error(f.getValue().getKeyNode(), "concurrency: unknown key '" + f.getKey()
                        + "' (expected group, cancel-in-progress, queue)");
            }
        }
        NodeTuple g = fields.get("group");
        String group = g == null ? null : y.scalar(g.getValueNode(), "concurrency.group");
        if (group == null || group.isBlank()) throw new WorkflowException(path, line, "concurrency: missing group");
        checkExpression(path, YamlNodes.line(g.getValueNode()), "concurrency.group", group);

        NodeTuple c = fields.get("cancel-in-progress");
        String cancel = c == null ? null : y.scalar(c.getValueNode(), "concurrency.cancel-in-progress");
        if (cancel == null || cancel.isBlank()) {
            cancel = "false";
        } else if (Expressions.hasExpression(cancel)) {
            checkExpression(path, YamlNodes.line(c.getValueNode()), "concurrency.cancel-in-progress", cancel);
        } else if (cancel.equalsIgnoreCase("true") || cancel.equalsIgnoreCase("false")) {
            cancel = cancel.toLowerCase(Locale.ROOT);
        } else {
            throw y.error(c.getValueNode(), "concurrency.cancel-in-progress must be true, false or an expression, not '" + cancel + "'");
        }

        QueueMode queue = QueueMode.SINGLE;
        NodeTuple q = fields.get("queue");
        String qv = q == null ? null : y.scalar(q.getValueNode(), "concurrency.queue");
        if (qv != null) {
            switch (qv) {
                case "single" -> queue = QueueMode.SINGLE;
                case "max" -> queue = QueueMode.MAX;
                default -> throw y.error(q.getValueNode(), "concurrency.queue must be 'single' or 'max', not '" + qv + "'");
            }
        }
        if (queue == QueueMode.MAX && cancel.equals("true")) {
            throw new WorkflowException(path, YamlNodes.line(c.getValueNode()),
                    "concurrency: 'queue: max' cannot be combined with 'cancel-in-progress: true'", QUEUE_MAX_CANCEL);
        }
        return new ConcurrencySpec(group, cancel, queue, level, path, line);
    }

    private static void checkExpression(String path, int line, String what, String text) {
        try {
            Expressions.check(text.contains("${{") ? text : null);
        } catch (ExpressionException e) {
            throw e.at(path, line, what);
        }
    }

    // ---- jobs

    private static JobSpec job(YamlNodes y, String path, String id, NodeTuple t) {
        Map<String, NodeTuple> f = y.entries(y.mapping(t.getValueNode(), "job '" + id + "'"));
        int line = YamlNodes.line(t.getKeyNode());
        String name = f.containsKey("name") ? y.scalar(f.get("name").getValueNode(), "name") : null;
        List<String> needs = f.containsKey("needs") ? y.stringList(f.get("needs").getValueNode(), "needs") : List.of();
        String ifExpr = f.containsKey("if") ? y.scalar(f.get("if").getValueNode(), "if") : null;
        if (ifExpr != null) checkCondition(path, YamlNodes.line(f.get("if").getValueNode()), "jobs." + id + ".if", ifExpr);
        String environment = null;
        if (f.containsKey("environment")) {
            Node env = f.get("environment").getValueNode();
            if (env instanceof MappingNode em) {
                NodeTuple n = y.entries(em).get("name");
                environment = n == null ? null : y.scalar(n.getValueNode(), "environment.name");
                if (environment == null) throw y.error(env, "environment: missing name");
            } else {
                environment = y.scalar(env, "environment");
            }
            if (environment != null) checkExpression(path, YamlNodes.line(env), "environment", environment);
        }
        ConcurrencySpec concurrency = f.containsKey("concurrency")
                ? concurrency(y, path, f.get("concurrency"), ConcurrencySpec.Level.JOB) : null;
        Map<String, String> env = f.containsKey("env") ? y.stringMap(f.get("env").getValueNode(), "env") : Map.of();
        List<StepSpec> steps = new ArrayList<>();
        if (f.containsKey("steps")) {
            Node s = f.get("steps").getValueNode();
            if (!(s instanceof SequenceNode seq)) throw y.error(s, "jobs." + id + ".steps must be a list");
            for (Node step : seq.getValue()) steps.add(step(y, path, id, step));
        }
        Map<String, List<Object>> matrix = f.containsKey("strategy") ? matrix(y, path, id, f.get("strategy").getValueNode()) : Map.of();
        if (!f.containsKey("steps") && !f.containsKey("uses")) {
            throw new WorkflowException(path, line, "job '" + id + "' has neither steps nor uses");
        }
        String uses = f.containsKey("uses") ? y.scalar(f.get("uses").getValueNode(), "jobs." + id + ".uses") : null;
        Map<String, String> with = f.containsKey("with") ? y.stringMap(f.get("with").getValueNode(), "jobs." + id + ".with") : Map.of();
        return new JobSpec(id, name, needs, ifExpr, environment, concurrency, steps, env, matrix, uses, with, line);
    }

    private static void checkCondition(String path, int line, String what, String text) {
        try {
            Expressions.check(text);
        } catch (ExpressionException e) {
            throw e.at(path, line, what);
        }
    }

    private static Map<String, List<Object>> matrix(YamlNodes y, String path, String jobId, Node strategy) {
        Map<String, List<Object>> out = new LinkedHashMap<>();
        if (!(strategy instanceof MappingNode sm)) return out;
        NodeTuple m = y.entries(sm).get("matrix");
        // a matrix may be a whole expression (fromJSON(...)); its values are only known at run time
        if (m == null || !(m.getValueNode() instanceof MappingNode mm)) return out;
        Object exclude = null;
        for (Map.Entry<String, NodeTuple> e : y.entries(mm).entrySet()) {
            if (e.getKey().equals("exclude")) exclude = y.value(e.getValue().getValueNode());
            if (e.getKey().equals("include") || e.getKey().equals("exclude")) continue;
            Object v = y.value(e.getValue().getValueNode());
            if (v instanceof List<?> list) out.put(e.getKey(), new ArrayList<>(list));
        }
        long jobs = jobs(out, exclude instanceof List<?> l ? l : List.of());
        if (jobs > MAX_MATRIX_JOBS) {
            throw new WorkflowException(path, YamlNodes.line(m.getKeyNode()), "job '" + jobId + "': matrix of "
                    + (jobs == MAX_COUNTED + 1 ? "more than " + MAX_COUNTED : String.valueOf(jobs)) + " jobs exceeds GitHub's limit of "
                    + MAX_MATRIX_JOBS + " jobs (GitHub fails the run: \"Strategy expansion exceeded " + MAX_MATRIX_JOBS + " results\")",
                    MATRIX_LIMIT);
        }
        return out;
    }

    /**
     * The matrix's job count without building it: the product of the axes, less the combinations an exclude
     * entry matches (counted one by one only up to {@link #MAX_COUNTED}). include: entries can only add jobs,
     * so leaving them out never refuses a matrix GitHub accepts.
     */
    private static long jobs(Map<String, List<Object>> axes, List<?> exclude) {
        long product = 1;
        for (List<Object> values : axes.values()) {
            product = values.size() == 0 ? 0 : product > Long.MAX_VALUE / values.size() ? Long.MAX_VALUE : product * values.size();
        }
        if (exclude.isEmpty() || product <= MAX_MATRIX_JOBS) return product;
        if (product > MAX_COUNTED) return MAX_COUNTED + 1; // "more than 65536": no exclude list removes that many
        List<String> keys = new ArrayList<>(axes.keySet());
        int[] index = new int[keys.size()];
        long count = 0;
        for (long n = 0; n < product; n++) {
            boolean excluded = false;
            for (Object entry : exclude) {
                if (!(entry instanceof Map<?, ?> ex) || ex.isEmpty()) continue;
                boolean all = true;
                for (Map.Entry<?, ?> kv : ex.entrySet()) {
                    int k = keys.indexOf(String.valueOf(kv.getKey()));
                    if (k < 0 || !java.util.Objects.equals(kv.getValue(), axes.get(keys.get(k)).get(index[k]))) {
                        all = false;
                        break;
                    }
                }
                if (all) {
                    excluded = true;
                    break;
                }
            }
            if (!excluded) count++;
            for (int k = keys.size() - 1; k >= 0 && ++index[k] == axes.get(keys.get(k)).size(); k--) index[k] = 0;
        }
        return count;
    }

    private static StepSpec step(YamlNodes y, String path, String jobId, Node n) {
        Map<String, NodeTuple> f = y.entries(y.mapping(n, "a step of job '" + jobId + "'"));
        String uses = f.containsKey("uses") ? y.scalar(f.get("uses").getValueNode(), "uses") : null;
        String run = f.containsKey("run") ? y.scalar(f.get("run").getValueNode(), "run") : null;
        if ((uses == null) == (run == null)) {
            throw y.error(n, "a step of job '" + jobId + "' needs exactly one of 'run' or 'uses'");
        }
        String ifExpr = f.containsKey("if") ? y.scalar(f.get("if").getValueNode(), "if") : null;
        if (ifExpr != null) checkCondition(path, YamlNodes.line(f.get("if").getValueNode()), "step if", ifExpr);
        return new StepSpec(
                f.containsKey("id") ? y.scalar(f.get("id").getValueNode(), "id") : null,
                f.containsKey("name") ? y.scalar(f.get("name").getValueNode(), "name") : null,
                uses, run,
                f.containsKey("with") ? y.stringMap(f.get("with").getValueNode(), "with") : Map.of(),
                f.containsKey("env") ? y.stringMap(f.get("env").getValueNode(), "env") : Map.of(),
                f.containsKey("working-directory") ? y.scalar(f.get("working-directory").getValueNode(), "working-directory") : null,
                ifExpr, YamlNodes.line(n));
    }
}
