package dev.baton.command;

import dev.baton.render.TimeRender;
import dev.baton.github.GitHubPort;
import dev.baton.model.ConcurrencyGroup;
import dev.baton.model.GroupMember;
import dev.baton.model.Job;
import dev.baton.model.Run;
import dev.baton.model.Snapshot;
import dev.baton.model.Step;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@Command(name = "run", description = "One run: jobs, steps, and its place in its concurrency groups")
final class RunCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "the run id")
    long id;

    record Position(String group, String status, int position) {
    }

    @Override
    protected Result execute() {
        GitHubPort gh = baton.github();
        Run run = gh.run(id);
        List<Job> jobs = gh.jobs(id);
        Snapshot s = baton.snapshotFromGitHub();
        List<Position> positions = new ArrayList<>();
        for (ConcurrencyGroup g : s.groups()) {
            for (GroupMember m : g.members()) if (m.runId() == id) positions.add(new Position(g.name(), m.status().api(), m.position()));
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("run", run);
        json.put("jobs", jobs);
        json.put("groups", positions);
        StringBuilder sb = new StringBuilder();
        sb.append(run.workflowFile()).append(" #").append(run.runNumber()).append("  id ").append(run.id()).append('\n');
        sb.append("  ").append(run.status().api()).append(run.conclusion().api() == null ? "" : " / " + run.conclusion().api())
                .append("  ").append(run.event()).append(" by ").append(run.actor()).append("  ").append(run.headBranch())
                .append(" ").append(run.shortSha()).append('\n');
        sb.append("  created ").append(TimeRender.clock(run.createdAt())).append("  started ").append(TimeRender.clock(run.startedAt()))
                .append("  updated ").append(TimeRender.clock(run.updatedAt())).append('\n');
        for (Position p : positions) {
            sb.append("  group ").append(p.group()).append(": ").append(p.status()).append(p.position() > 0 ? " #" + p.position() : "").append('\n');
        }
        if (positions.isEmpty() && run.alive()) sb.append("  in no active concurrency group\n");
        if (jobs.isEmpty()) sb.append("  no jobs").append(run.conclusion() == dev.baton.model.Conclusion.CANCELLED
                ? " (a run evicted from a workflow-level group ends with zero jobs)" : "").append('\n');
        for (Job j : jobs) {
            sb.append("  job ").append(j.name()).append("  ").append(j.status().api())
                    .append(j.conclusion().api() == null ? "" : " / " + j.conclusion().api()).append("  id ").append(j.id()).append('\n');
            for (Step st : j.steps()) {
                sb.append("    ").append(st.number()).append(". ").append(st.name()).append("  ")
                        .append(st.conclusion().api() == null ? st.status().api() : st.conclusion().api()).append('\n');
            }
        }
        return Result.ok(sb.toString().stripTrailing(), json);
    }
}
