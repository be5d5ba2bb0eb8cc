package dev.baton.command;

import dev.baton.model.Snapshot;
import dev.baton.model.StateLock;
import dev.baton.render.LockRender;
import dev.baton.render.SourceRender;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

@Command(name = "locks", description = "State locks: holder, age, and whether a live run can own each")
final class LocksCommand extends BaseCommand {
    @Parameters(arity = "0..*", paramLabel = "ENV|KEY|URI", description = "only these environments, keys or lock URIs")
    List<String> targets = new ArrayList<>();
    @Option(names = "--all", description = "every watched repository (the config's repositories and orgs, each --repo)")
    boolean all;

    @Override
    protected Result execute() {
        if (all || baton.fleetMode()) return FleetScripts.locks(baton, targets);
        Snapshot s = baton.snapshot();
        Result unknown = Declared.checkLockTargets("locks", baton, s, targets);
        if (unknown != null) return unknown;
        Set<StateLock> chosen = new LinkedHashSet<>(targets.isEmpty() ? s.locks() : List.of());
        for (String t : targets) chosen.addAll(LockTargets.match(s, t));
        List<StateLock> list = List.copyOf(chosen);
        String none = LockRender.none(s) + (targets.isEmpty() ? "" : " for " + String.join(", ", targets));
        String text = list.isEmpty() ? none : text(s, list).stripTrailing();
        var json = list.stream().map(l -> LockRender.view(s, l)).toList();
        String missing = SourceRender.unread(s);
        return missing == null ? Result.ok(text, json) : Result.partial(text, json, missing);
    }

    /** The locks as `locks` and `status` print them: render/LockRender's cells (the URI, not the key), then the problems found. */
    static String text(Snapshot s, List<StateLock> locks) {
        List<List<String>> rows = new ArrayList<>();
        for (StateLock l : locks) {
            LockRender.LockRow r = LockRender.row(s, l, s.takenAt());
            rows.add(Text.row(r.env().text(), r.uri().text(), r.who().text(), r.operation().text(), r.age().text(), r.id().text(), r.verdict().text()));
        }
        StringBuilder sb = new StringBuilder(Text.table(rows, "  "));
        for (String line : LockRender.problemLines(s, locks)) sb.append("  ").append(Text.visible(line)).append('\n');
        return sb.toString();
    }
}
