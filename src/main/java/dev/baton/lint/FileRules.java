package dev.baton.lint;

import dev.baton.workflow.BackendConfig;
import dev.baton.workflow.Concurrency;
import dev.baton.workflow.ConcurrencySpec;
import dev.baton.workflow.Expressions;
import dev.baton.workflow.JobSpec;
import dev.baton.workflow.PossibleValues;
import dev.baton.workflow.QueueMode;
import dev.baton.workflow.StepSpec;
import dev.baton.workflow.TerraformCommands;
import dev.baton.workflow.WorkflowSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The rules that judge one file alone: contexts a concurrency block or job key may not use, queue: max with
 * cancel-in-progress, a job waiting for its own workflow's group, Terraform without its lock or lock
 * timeout, and backends without a lock. The rules across deploy jobs are {@link Linter}'s.
 */
final class FileRules {
    private static final Set<String> IF_CONTEXTS = Set.of("github", "needs", "vars", "inputs");
    private static final Set<String> ENVIRONMENT_CONTEXTS = Set.of("github", "needs", "strategy", "matrix", "vars", "inputs");

    private final SourceLines lines;
    private final List<LintFinding> out;

    FileRules(SourceLines lines, List<LintFinding> out) {
        this.lines = lines;
        this.out = out;
    }

    void workflow(WorkflowSpec wf) {
        contexts(wf);
        queueMaxCancel(wf);
        selfWait(wf);
        terraform(wf);
    }

    private int line(String file, int from, String key) {
        int l = lines.childKey(file, from, key);
        return l > 0 ? l : from;
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
            PossibleValues v = DeployJobs.possible(s.cancelInProgress(), Map.of());
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
        PossibleValues wv = DeployJobs.possible(w.group(), Map.of());
        for (JobSpec j : wf.jobs()) {
            ConcurrencySpec s = j.concurrency();
            if (s == null) continue;
            boolean same = normalize(s.group()).equals(normalize(w.group()));
            if (!same && !wv.open()) {
                PossibleValues jv = DeployJobs.possible(s.group(), DeployJobs.domains(wf, j));
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

    void backend(BackendConfig b) {
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
