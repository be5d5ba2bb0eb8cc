package dev.baton.lint;

import dev.baton.model.Severity;

/**
 * The catalogue of lint rules: id, default severity, a title, what the rule is about, and where the
 * fact behind it comes from (docs/lint.md lists the same). SARIF's tool.driver.rules is built from it.
 */
public enum LintRule {
    WORKFLOW_INVALID("workflow-invalid", Severity.ERROR, "Workflow file GitHub would reject",
            "The file cannot be read as a workflow (YAML syntax, shape, or a concurrency block GitHub refuses); "
                    + "GitHub does not run it, so none of its deploys are protected.",
            "github-actions.md, Concurrency groups"),
    BACKEND_INVALID("backend-invalid", Severity.ERROR, "Backend configuration that cannot be read",
            "The Terraform backend file is malformed, so terraform init fails and the state's lock cannot be checked.",
            "terraform-locks.md"),
    DEPLOY_WITHOUT_GROUP("deploy-without-group", Severity.ERROR, "Deploy job outside any concurrency group",
            "A job that deploys (it has an environment or runs terraform/tofu apply) is in no concurrency group, "
                    + "so two runs deploy at the same time and only the state lock stands between them.",
            "deployment-concurrency.md, Race Condition Scenarios; github-actions.md, Concurrency groups"),
    ENVIRONMENT_SPLIT_GROUPS("environment-split-groups", Severity.ERROR, "Same target deployed from different groups",
            "Jobs that deploy the same environment (or the same Terraform state) sit in different concurrency groups, "
                    + "so they do not wait for each other. The reference pipeline puts production and production-auto "
                    + "in one group for exactly this reason.",
            "deployment-concurrency.md, Concurrency Groups by Environment"),
    DEPLOY_CANCEL_IN_PROGRESS("deploy-cancel-in-progress", Severity.ERROR, "cancel-in-progress on a deploy group",
            "cancel-in-progress: true cancels the deploy that is running when a newer run enters the group, which can "
                    + "leave infrastructure half-applied and a Terraform lock orphaned.",
            "deployment-concurrency.md, Cancel vs Queue; github-actions.md, Concurrency groups"),
    DEPLOY_QUEUE_SINGLE("deploy-queue-single", Severity.WARNING, "Deploy group that evicts pending runs (queue: single)",
            "With queue: single (the default) a group holds one running and at most one pending member; a newcomer "
                    + "cancels the pending one. Three rapid merges A, B, C give: A runs, B is cancelled, C runs after A. "
                    + "It is not a FIFO queue, and a run waiting for approval can be evicted too.",
            "github-actions.md, Concurrency groups (queue: single / queue: max)"),
    QUEUE_MAX_CANCEL("queue-max-cancel", Severity.ERROR, "queue: max with cancel-in-progress",
            "GitHub rejects a concurrency block with queue: max and cancel-in-progress: true (a validation error); "
                    + "with an expression it fails whenever the expression is true.",
            "github-actions.md, Concurrency groups"),
    GROUP_VARIES_PER_RUN("group-varies-per-run", Severity.ERROR, "Deploy group that changes with every run or ref",
            "The group name uses github.ref, head_ref, run_id, sha (or similar), so runs deploying the same environment "
                    + "land in different groups and do not serialize.",
            "github-actions.md, Concurrency groups (typical groups; groups are repository-wide)"),
    GROUP_SELF_WAIT("group-self-wait", Severity.ERROR, "Job waits on its own workflow's group",
            "A job-level group equal to the workflow-level group of the same workflow waits for the run that contains "
                    + "it; GitHub detects the deadlock and cancels the run.",
            "github-actions.md, Concurrency groups (workflow- and job-level groups share one namespace)"),
    CONTEXT_NOT_ALLOWED("context-not-allowed", Severity.ERROR, "Expression context not available at that level",
            "concurrency at workflow level may use github, inputs and vars; at job level also needs, strategy and matrix. "
                    + "jobs.<id>.if may use github, needs, vars, inputs; jobs.<id>.environment also strategy and matrix. "
                    + "Other contexts (env, secrets, steps, runner, job) make GitHub reject the workflow.",
            "github-actions.md, Concurrency groups; GitHub docs, Contexts: context availability"),
    TF_NO_LOCK_TIMEOUT("tf-no-lock-timeout", Severity.WARNING, "terraform apply without -lock-timeout",
            "Without -lock-timeout Terraform tries the state lock once (timeout 0) and fails at once when another apply "
                    + "holds it, instead of waiting with backoff.",
            "terraform-locks.md, -lock-timeout; deployment-concurrency.md, Backup Protection"),
    TF_LOCK_DISABLED("tf-lock-disabled", Severity.ERROR, "Terraform run with -lock=false",
            "-lock=false writes state without taking the lock, removing the second layer of protection against "
                    + "concurrent applies.",
            "terraform-locks.md; deployment-concurrency.md, Backup Protection: Terraform State Locking"),
    BACKEND_NO_LOCKFILE("backend-no-lockfile", Severity.ERROR, "S3 backend without any state locking",
            "Neither use_lockfile nor dynamodb_table is set, so the S3 backend takes no lock at all and two applies can "
                    + "write the same state.",
            "terraform-locks.md, S3 native lock file"),
    BACKEND_DYNAMODB_ONLY("backend-dynamodb-only", Severity.WARNING, "S3 backend locking only through DynamoDB",
            "dynamodb_table locking is deprecated since Terraform 1.11; the S3 native lock file (use_lockfile = true, "
                    + "Terraform >= 1.10, OpenTofu >= 1.10) replaces it. Both can be set during a migration.",
            "terraform-locks.md, Legacy DynamoDB lock table");

    private final String id;
    private final Severity severity;
    private final String title;
    private final String description;
    private final String source;

    LintRule(String id, Severity severity, String title, String description, String source) {
        this.id = id;
        this.severity = severity;
        this.title = title;
        this.description = description;
        this.source = source;
    }

    public String id() {
        return id;
    }

    public Severity severity() {
        return severity;
    }

    public String title() {
        return title;
    }

    public String description() {
        return description;
    }

    /** Where the fact behind the rule comes from (reference file and section). */
    public String source() {
        return source;
    }

    public static LintRule byId(String id) {
        for (LintRule r : values()) if (r.id.equals(id)) return r;
        return null;
    }

    LintFinding at(String file, int line, String message, String fix) {
        return at(severity, file, line, message, fix);
    }

    LintFinding at(Severity s, String file, int line, String message, String fix) {
        return new LintFinding(id, s, file, line, message, description, fix);
    }
}
