package dev.baton.command;

import dev.baton.model.Snapshot;
import dev.baton.model.StateLock;
import dev.baton.model.Times;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

@Command(name = "locks", description = "State locks: holder, age, and whether a live run can own each")
final class LocksCommand extends BaseCommand {
    @Parameters(arity = "0..*", paramLabel = "ENV|KEY|URI", description = "only these environments, keys or lock URIs")
    List<String> targets = new ArrayList<>();

    @Override
    protected Result execute() {
        Snapshot s = baton.snapshot();
        Result unknown = Declared.checkLockTargets("locks", baton, s, targets);
        if (unknown != null) return unknown;
        Set<StateLock> chosen = new LinkedHashSet<>(targets.isEmpty() ? s.locks() : List.of());
        for (String t : targets) chosen.addAll(LockTargets.match(s, t));
        List<StateLock> list = List.copyOf(chosen);
        String unread = Views.unreadLockSources(s);
        String none = (unread == null ? "no locks held" : "no locks read") + (targets.isEmpty() ? "" : " for " + String.join(", ", targets));
        String text = list.isEmpty() ? none : text(s, list).stripTrailing();
        var json = list.stream().map(l -> Views.lock(s, l)).toList();
        String missing = Views.unread(s);
        return missing == null ? Result.ok(text, json) : Result.partial(text, json, missing);
    }

    static String text(Snapshot s, List<StateLock> locks) {
        List<List<String>> rows = new ArrayList<>();
        for (StateLock l : locks) {
            var v = Views.lock(s, l);
            rows.add(Text.row(v.environment() == null ? "?" : v.environment(), v.uri(), v.who(), v.operation(),
                    Times.age(v.created(), s.takenAt()), v.id() == null ? "-" : v.id().substring(0, Math.min(8, v.id().length())), v.verdict()));
        }
        StringBuilder sb = new StringBuilder(Text.table(rows, "  "));
        for (StateLock l : locks) {
            for (var f : dev.baton.watch.LockVerdict.findingsAbout(s, l)) {
                if (f.kind() == dev.baton.model.Finding.Kind.LOCK_HELD) continue;
                sb.append("  ").append(f.kind().name().replace('_', ' ')).append(" ").append(l.location().uri()).append(": ").append(f.summary()).append('\n');
                for (String e : f.evidence()) sb.append("      - ").append(e).append('\n');
            }
        }
        return sb.toString();
    }
}
