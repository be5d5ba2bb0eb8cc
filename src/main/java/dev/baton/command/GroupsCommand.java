package dev.baton.command;

import dev.baton.model.ConcurrencyGroup;
import dev.baton.model.GroupSource;
import dev.baton.model.Snapshot;
import dev.baton.render.Cell;
import dev.baton.render.GroupRender;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

@Command(name = "groups", description = "Concurrency groups: who runs, who is pending, who was evicted")
final class GroupsCommand extends BaseCommand {
    @Parameters(arity = "0..*", paramLabel = "NAME", description = "only these groups (case-insensitive)")
    List<String> names = new ArrayList<>();
    @Option(names = "--all", description = "every watched repository (the config's repositories and orgs, each --repo)")
    boolean all;

    @Override
    protected Result execute() {
        if (all || baton.fleetMode()) return FleetScripts.groups(baton, names);
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
        // the JSON in the order the text lists the groups (busy first), from the view records the rows are made of
        return Result.ok(text(s, chosen).stripTrailing(), GroupRender.ordered(s, chosen).stream().map(g -> GroupRender.view(s, g)).toList());
    }

    /**
     * The groups as `groups` and `status` print them: render/GroupRender's rows, the cells the screen's Groups pane
     * draws, flattened: each group's header, then its runs indented; headers line up with headers, runs with runs.
     * Ages to the snapshot's time; '!' marks a RACE (commands write ASCII).
     */
    static String text(Snapshot s, List<ConcurrencyGroup> groups) {
        List<List<String>> rows = new ArrayList<>();
        List<String> indents = new ArrayList<>();
        for (GroupRender.GroupRows g : GroupRender.rows(s, groups, s.takenAt(), '!')) {
            rows.add(Text.row(g.head().cells().stream().map(Cell::text).toArray()));
            indents.add("  ");
            for (GroupRender.RunRow r : g.runs()) {
                rows.add(Text.row(r.cells().stream().map(Cell::text).toArray()));
                indents.add("    ");
            }
        }
        return Text.table(rows, indents);
    }
}
