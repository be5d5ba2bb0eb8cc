package dev.baton.command;

import dev.baton.model.ConcurrencyGroup;
import dev.baton.model.GroupSource;
import dev.baton.model.Snapshot;
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
        return Result.ok(text(s, chosen).stripTrailing(), chosen.stream().map(g -> GroupRender.view(s, g)).toList());
    }

    /** The groups as `groups` and `status` print them: render/GroupRender's rows, then the runs each evicted. */
    static String text(Snapshot s, List<ConcurrencyGroup> groups) {
        String out = Text.table(Text.rows(GroupRender.rows(s, groups)), "  ");
        List<String> evicted = GroupRender.evictedLines(s, groups);
        if (evicted.isEmpty()) return out;
        StringBuilder sb = new StringBuilder(out).append("  evicted:\n");
        for (String line : evicted) sb.append("    ").append(Text.visible(line)).append('\n');
        return sb.toString();
    }
}
