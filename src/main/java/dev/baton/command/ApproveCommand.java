package dev.baton.command;

import dev.baton.model.PendingDeployment;
import dev.baton.model.Run;
import dev.baton.model.RunStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

/**
 * Approving a deployment is a mutation like any other: it releases a run into production. So it takes the
 * guarded path (read-only refusal, the run number typed back, a re-check that the same deployments still
 * wait, an audit record) and refuses up front what GitHub would refuse later (a reviewer the token is not).
 */
@Mutating
@Command(name = "approve", description = "Approve (or --reject) a run's deployment waiting for a required reviewer")
final class ApproveCommand extends BaseCommand {
    @Mixin
    GuardOptions guarded = new GuardOptions();
    @Parameters(index = "0", paramLabel = "RUN", description = "the run id")
    long runId;
    @Option(names = "--env", paramLabel = "NAME", description = "only this environment (repeatable; default: every one the run waits for)")
    List<String> environments = new ArrayList<>();
    @Option(names = "--reject", description = "reject instead: the run's waiting jobs fail")
    boolean reject;
    @Option(names = "--comment", paramLabel = "TEXT", description = "the review comment GitHub records (default: the --reason)")
    String comment;

    @Override
    protected Result execute() {
        String action = reject ? "reject" : "approve";
        Guard guard = new Guard(baton, io);
        Run run = baton.github().run(runId);
        String target = "run " + runId + " (" + run.workflowFile() + " #" + run.runNumber() + ")";
        guard.leasing(Team.Target.run(runId, dev.baton.render.RunRender.label(run)));
        List<PendingDeployment> chosen = waiting(baton.github().pendingDeployments(runId));
        String refusal = run.status() != RunStatus.WAITING || chosen.isEmpty()
                ? "is not waiting for approval (" + (run.status() == RunStatus.COMPLETED ? "completed " + run.conclusion().api() : run.status().api()) + ")"
                : notReviewer(chosen);
        if (refusal != null) {
            guard.refuse(action, target, run, guarded.reason, target + " " + refusal);
            // as the guard's refusals answer: {outcome, message, environments} in JSON (docs/commands.md), not {error}
            return new Result(Exit.REFUSED, action + ": refused: " + target + " " + refusal,
                    new OutcomeView("refused", target + " " + refusal, chosen.stream().map(PendingDeployment::environment).toList()));
        }
        String envs = String.join(", ", chosen.stream().map(PendingDeployment::environment).toList());
        String prompt = (reject ? "Reject " : "Approve ") + target + " for " + envs + " (" + run.shortSha() + " by " + run.actor() + ")"
                + (reject ? "\nIts waiting jobs fail; the run does not deploy." : "\nIt deploys " + envs + " as soon as this is recorded.");
        List<Long> ids = chosen.stream().map(PendingDeployment::environmentId).toList();
        String review = comment != null ? comment : guarded.reason != null ? guarded.reason : (reject ? "rejected" : "approved") + " with baton";
        Guard.Outcome o = guard.run(action, target, run, guarded.reason, prompt, String.valueOf(run.runNumber()), guarded.yes,
                () -> {
                    List<Long> still = baton.github().pendingDeployments(runId).stream().map(PendingDeployment::environmentId).toList();
                    return still.containsAll(ids) ? null : "it no longer waits for " + envs + " (approved, rejected or cancelled meanwhile): nothing was done";
                },
                () -> {
                    baton.github().reviewDeployments(runId, ids, !reject, review);
                    return Guard.Outcome.done(reject ? "rejected" : "approved", (reject ? "rejected " : "approved ") + envs + " for " + target);
                });
        return new Result(o.exitCode(), (o.exitCode() == Exit.OK ? "" : action + ": ") + o.message(),
                new OutcomeView(o.outcome(), o.message(), chosen.stream().map(PendingDeployment::environment).toList()));
    }

    /** The pending deployments to review: all, or those --env names (a name it does not wait for is a usage error). */
    private List<PendingDeployment> waiting(List<PendingDeployment> pending) {
        if (environments.isEmpty()) return pending;
        List<PendingDeployment> out = new ArrayList<>();
        for (String name : environments) {
            PendingDeployment p = pending.stream().filter(d -> d.environment().equalsIgnoreCase(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("run " + runId + " does not wait for '" + name + "'"
                            + (pending.isEmpty() ? "" : " (it waits for " + String.join(", ", pending.stream().map(PendingDeployment::environment).toList()) + ")")));
            out.add(p);
        }
        return out;
    }

    /** GitHub answers 422 to a review by someone who is not a reviewer; say so before asking for a confirmation. */
    private static String notReviewer(List<PendingDeployment> chosen) {
        for (PendingDeployment p : chosen) {
            if (!p.canApprove()) {
                return "waits for a reviewer of " + p.environment() + " the token's user is not"
                        + (p.reviewers().isEmpty() ? "" : " (reviewers: " + String.join(", ", p.reviewers()) + ")");
            }
        }
        return null;
    }
}
