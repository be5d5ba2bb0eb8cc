package dev.baton.command;

import dev.baton.model.ConcurrencyGroup;
import dev.baton.model.Finding;
import dev.baton.model.GroupMember;
import dev.baton.model.GroupSource;
import dev.baton.model.Run;
import dev.baton.model.Snapshot;
import dev.baton.model.Times;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

@Command(name = "groups", description = "Concurrency groups: who runs, who is pending, who was evicted")
final class GroupsCommand extends BaseCommand {
    @Parameters(arity = "0..*", paramLabel = "NAME", description = "only these groups (case-insensitive)")
    List<String> names = new ArrayList<>();

    @Override
    protected Result execute() {
        Snapshot s = baton.snapshotFromGitHub();
        Result unknown = Declared.checkGroups("groups", baton, s, names);
        if (unknown != null) return unknown;
        List<ConcurrencyGroup> chosen = new ArrayList<>(s.groups().stream().filter(g -> StatusCommand.matches(g, names)).toList());
        for (String n : names) {
            // declared but not in the snapshot (a pattern's value, a group only the configuration names): idle
            if (chosen.stream().anyMatch(g -> g.key().equals(ConcurrencyGroup.key(n)))) continue;
            var pattern = Declared.pattern(s, n);
            chosen.add(new ConcurrencyGroup(n, List.of(), null, pattern.isPresent() ? GroupSource.WORKFLOW_FILES : GroupSource.CONFIG, false,
                    s.groups().stream().filter(g -> pattern.isPresent() && g.name().equals(pattern.get())).flatMap(g -> g.workflows().stream()).toList()));
        }
        return Result.ok(text(s, chosen).stripTrailing(), chosen.stream().map(g -> Views.group(s, g)).toList());
    }

    /**
     * "running", "pending 2", or, for a run GitHub holds until a reviewer approves, "waiting for approval
     * (production)" with GitHub's environment where the workflow file tells (and the place in line when pending).
     */
    static String status(Snapshot s, GroupMember m, Run r) {
        String plain = m.running() ? "running" : "pending " + m.position();
        if (r == null || r.status() != dev.baton.model.RunStatus.WAITING) return plain;
        return "waiting for approval" + s.environment(r.id()).map(e -> " (" + e + ")").orElse("") + (m.running() ? "" : ", " + plain);
    }

    static String text(Snapshot s, List<ConcurrencyGroup> groups) {
        List<List<String>> rows = new ArrayList<>();
        StringBuilder evicted = new StringBuilder();
        for (ConcurrencyGroup g : groups) {
            String name = g.name() + (g.pattern() ? " (pattern)" : "");
            if (g.idle()) rows.add(Text.row(name, "idle", "", "", "", ""));
            for (GroupMember m : g.members()) {
                Run r = s.run(m.runId()).orElse(null);
                String who = r == null ? m.runName() : r.workflowFile() + " #" + r.runNumber();
                if (m.jobName() != null) who += " / " + m.jobName();
                String since = r == null ? "-" : Times.age(m.running() && r.startedAt() != null ? r.startedAt() : r.createdAt(), s.takenAt());
                rows.add(Text.row(name, status(s, m, r), who,
                        r == null ? "-" : r.shortSha(), r == null ? "-" : r.actor(), since));
                name = "";
            }
            for (Finding f : s.findings()) {
                if (f.kind() == Finding.Kind.EVICTED && ConcurrencyGroup.key(f.subject()).equals(g.key())) {
                    evicted.append("  ").append(g.name()).append(": ").append(f.summary()).append('\n');
                }
            }
        }
        String out = Text.table(rows, "  ");
        return evicted.length() == 0 ? out : out + "  evicted:\n" + evicted.toString().replace("\n  ", "\n    ").replaceFirst("^  ", "    ");
    }
}
