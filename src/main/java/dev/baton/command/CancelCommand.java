package dev.baton.command;

import dev.baton.model.Run;
import dev.baton.model.RunStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;


@Mutating
@Command(name = "cancel", description = "Cancel a run: pending and queued ones freely, a running deploy only with --force")
final class CancelCommand extends BaseCommand {
    @Mixin
    GuardOptions guarded = new GuardOptions();
    @Parameters(index = "0", paramLabel = "RUN", description = "the run id")
    long runId;
    @Option(names = "--force", description = "cancel even a run in progress (can leave infrastructure inconsistent)")
    boolean force;

    @Override
    protected Result execute() {
        Guard guard = new Guard(baton, io);
        Run run = baton.github().run(runId);
        String target = "run " + runId + " (" + run.workflowFile() + " #" + run.runNumber() + ")";
        guard.leasing(Team.Target.run(runId, dev.baton.render.RunRender.label(run)));
        if (run.status() == RunStatus.COMPLETED) {
            String msg = target + " already completed (" + run.conclusion().api() + ")";
            guard.refuse("cancel", target, run, guarded.reason, "already completed (" + run.conclusion().api() + ")");
            return refused("cancel: " + msg, msg);
        }
        boolean running = run.status() == RunStatus.IN_PROGRESS;
        if (running && !force) {
            String msg = target + " is in progress: cancelling mid-deployment can leave infrastructure inconsistent (and its state lock behind); pass --force to cancel anyway";
            guard.refuse("cancel", target, run, guarded.reason, msg);
            return refused("cancel: refused: " + msg, msg);
        }
        String prompt = "Cancel " + target + " (" + run.status().api() + ", " + run.shortSha() + " by " + run.actor() + ")"
                + (running ? "\nWARNING: it is deploying now; cancelling can leave infrastructure inconsistent" : "");
        Guard.Outcome o = guard.run("cancel", target, run, guarded.reason, prompt, running ? String.valueOf(run.runNumber()) : null, guarded.yes,
                () -> {
                    Run now = baton.github().run(runId);
                    if (now.status() == RunStatus.COMPLETED) return "it completed meanwhile (" + now.conclusion().api() + "): nothing to cancel";
                    if (!running && now.status() == RunStatus.IN_PROGRESS && !force) return "it started meanwhile: pass --force to cancel a running deploy";
                    return null;
                },
                () -> {
                    baton.github().cancel(runId);
                    return Guard.Outcome.done("cancelled", "cancel requested for " + target);
                });
        return new Result(o.exitCode(), (o.exitCode() == Exit.OK ? "" : "cancel: ") + o.message(), new OutcomeView(o.outcome(), o.message()));
    }

    /** A refusal before the guard answers as the guard's do: {outcome, message} in JSON (docs/commands.md), not {error}. */
    private static Result refused(String text, String message) {
        return new Result(Exit.REFUSED, text, new OutcomeView("refused", message));
    }
}
