package dev.baton.command;

import dev.baton.render.Cell;
import dev.baton.render.RunRender;
import dev.baton.model.ConcurrencyGroup;
import dev.baton.model.GroupMember;
import dev.baton.model.Run;
import dev.baton.model.Snapshot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

@Command(name = "runs", description = "Recent workflow runs, newest first")
final class RunsCommand extends BaseCommand {
    @Option(names = "--group", description = "runs of this concurrency group")
    String group;
    @Option(names = "--workflow", description = "runs of this workflow file or name")
    String workflow;
    @Option(names = "--status", description = "status or conclusion, e.g. pending, in_progress, cancelled")
    String status;
    @Option(names = "--limit", defaultValue = "20", description = "at most N runs (default 20)")
    int limit;

    @Override
    protected Result execute() {
        if (limit <= 0) throw new IllegalArgumentException("--limit must be positive");
        Snapshot s = baton.snapshotFromGitHub();
        Set<Long> inGroup = new HashSet<>();
        Set<String> groupWorkflows = new HashSet<>();
        if (group != null) {
            ConcurrencyGroup g = s.groups().stream().filter(x -> x.key().equals(ConcurrencyGroup.key(group))).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no group named " + group));
            for (GroupMember m : g.members()) inGroup.add(m.runId());
            groupWorkflows.addAll(g.workflows());
        }
        List<Run> out = new ArrayList<>();
        for (Run r : s.runs()) {
            if (group != null && !inGroup.contains(r.id()) && !groupWorkflows.contains(r.workflowFile())) continue;
            if (workflow != null && !workflow.equalsIgnoreCase(r.workflowFile()) && !workflow.equalsIgnoreCase(r.workflowName())) continue;
            if (status != null && !status.equalsIgnoreCase(r.status().api()) && !status.equalsIgnoreCase(String.valueOf(r.conclusion().api()))) continue;
            out.add(r);
            if (out.size() >= limit) break;
        }
        return Result.ok(out.isEmpty() ? "no runs match" : text(s, out).stripTrailing(), out);
    }

    /** The rows as render/RunRender words them (ID TITLE STATE SHA ACTOR EVENT CREATED). */
    static String text(Snapshot s, List<Run> runs) {
        List<List<Cell>> rows = new ArrayList<>();
        for (Run r : runs) rows.add(RunRender.row(r));
        return Text.table(Text.rows(rows), "");
    }
}
