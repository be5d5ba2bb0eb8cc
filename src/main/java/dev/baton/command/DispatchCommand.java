package dev.baton.command;

import dev.baton.github.DispatchResult;
import dev.baton.github.WorkflowCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.Map;

@Mutating
@Command(name = "dispatch", description = "Start a workflow_dispatch run (confirmed and audited)")
final class DispatchCommand extends BaseCommand {
    @Mixin
    GuardOptions guarded = new GuardOptions();
    @Parameters(index = "0", paramLabel = "WORKFLOW", description = "workflow file, e.g. deploy-prod.yml")
    String workflow;
    @Option(names = "--ref", defaultValue = "main", description = "branch or tag (default main)")
    String ref;
    @Option(names = {"-f", "--field"}, paramLabel = "KEY=VALUE", description = "workflow input")
    Map<String, String> inputs = new LinkedHashMap<>();

    @Override
    protected Result execute() {
        WorkflowCatalog.load(baton.github()).dispatchable(workflow, baton.repo()); // a typo is a usage error, not a question
        Guard guard = new Guard(baton, io).leasing(Team.Target.workflow(workflow));
        String target = workflow + "@" + ref + (inputs.isEmpty() ? "" : " " + inputs);
        Guard.Outcome o = guard.run("dispatch", target, null, guarded.reason, "Dispatch " + target, workflow, guarded.yes, null, () -> {
            DispatchResult r = baton.github().dispatch(workflow, ref, inputs);
            return Guard.Outcome.done("dispatched", r.runId() > 0 ? "dispatched run " + r.runId() : "dispatched (GitHub gave no run id)");
        });
        return new Result(o.exitCode(), (o.exitCode() == Exit.OK ? "" : "dispatch: ") + o.message(), new OutcomeView(o.outcome(), o.message()));
    }
}
