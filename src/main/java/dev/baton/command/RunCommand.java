package dev.baton.command;

import dev.baton.render.RunRender;
import dev.baton.github.GitHubPort;
import dev.baton.model.ConcurrencyGroup;
import dev.baton.model.GroupMember;
import dev.baton.model.Job;
import dev.baton.model.Run;
import dev.baton.model.Snapshot;
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

    @Override
    protected Result execute() {
        GitHubPort gh = baton.github();
        Run run = gh.run(id);
        List<Job> jobs = gh.jobs(id);
        Snapshot s = baton.snapshotFromGitHub();
        List<RunRender.Place> positions = new ArrayList<>();
        for (ConcurrencyGroup g : s.groups()) {
            for (GroupMember m : g.members()) if (m.runId() == id) positions.add(new RunRender.Place(g.name(), m.status().api(), m.position()));
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("run", run);
        json.put("jobs", jobs);
        json.put("groups", positions);
        return Result.ok(String.join("\n", RunRender.lines(run, jobs, positions)), json);
    }
}
