package dev.baton.command;

import dev.baton.render.TimeRender;
import dev.baton.model.ConcurrencyGroup;
import dev.baton.model.Finding;
import dev.baton.model.Snapshot;
import dev.baton.model.SourceHealth;
import dev.baton.model.StateLock;
import dev.baton.render.FindingRender;
import dev.baton.render.GroupRender;
import dev.baton.render.LockRender;
import dev.baton.render.SourceRender;
import dev.baton.render.StageRender;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@Command(name = "status", description = "Stages, groups, locks and findings at a glance")
final class StatusCommand extends BaseCommand {
    @Option(names = "--all", description = "every watched repository (the config's repositories and orgs, each --repo)")
    boolean all;

    @Override
    protected Result execute() {
        if (all || baton.fleetMode()) return FleetScripts.status(baton);
        Snapshot s = baton.snapshot();
        Map<String, Object> json = json(s, baton.engine().problems());
        String text = text(s, baton.engine().problems());
        String unread = SourceRender.unread(s);
        return unread == null ? Result.ok(text, json) : Result.partial(text, json, unread);
    }

    /** status's JSON object, keys in this order at every run. */
    static Map<String, Object> json(Snapshot s, List<String> problems) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("repo", s.repo().toString());
        json.put("mode", s.mode().name().toLowerCase(java.util.Locale.ROOT));
        json.put("rateLimit", s.rateLimit());
        json.put("takenAt", s.takenAt());
        json.put("stages", s.stages());
        json.put("groups", s.groups().stream().map(g -> GroupRender.view(s, g)).toList());
        json.put("locks", s.locks().stream().map(l -> LockRender.view(s, l)).toList());
        json.put("findings", shown(s));
        json.put("health", new java.util.TreeMap<>(s.health()).values()); // by source: the same order at every run
        json.put("problems", problems);
        return json;
    }

    static String text(Snapshot s, List<String> problems) {
        return text(s, problems, String.valueOf(s.repo()));
    }

    /** name: what the first line calls the repository (a fleet's label, which names a GHES host beside github.com). */
    static String text(Snapshot s, List<String> problems, String name) {
        StringBuilder sb = new StringBuilder();
        sb.append(name).append("  mode ").append(s.mode().name().toLowerCase().replace('_', '-'))
                .append("  rate ").append(s.rateLimit().known() ? s.rateLimit().remaining() + "/" + s.rateLimit().limit() : "?")
                .append("  at ").append(TimeRender.clock(s.takenAt())).append(" UTC\n");
        String limited = SourceRender.rateLimited(s, java.time.ZoneOffset.UTC);
        if (limited != null) sb.append("~ GitHub ").append(limited).append(" UTC: shown as of the last answer\n");
        for (SourceHealth h : new java.util.TreeMap<>(s.health()).values()) {
            if (!h.healthy()) sb.append("! ").append(h.describe())
                    .append(" (since ").append(TimeRender.clock(h.errorSince())).append(", data from ").append(TimeRender.clock(h.lastOk())).append(")\n");
        }
        for (String p : problems) sb.append("! ").append(p).append('\n');
        String pipeline = StageRender.line(s);
        if (pipeline != null) sb.append("pipeline: ").append(pipeline).append('\n');
        sb.append("\nGROUPS\n").append(GroupsCommand.text(s, s.groups()));
        sb.append("\nLOCKS\n");
        String unread = SourceRender.unreadLockSources(s);
        if (unread != null) sb.append("  ! ").append(unread).append('\n');
        sb.append(s.locks().isEmpty() ? "  (" + LockRender.none(s) + ")\n" : LocksCommand.text(s, s.locks()));
        List<Finding> f = shown(s);
        sb.append("\nFINDINGS\n").append(f.isEmpty() ? "  (none)\n" : findings(f));
        return sb.toString().stripTrailing();
    }

    /** The findings status lists (who holds a lock is the LOCKS section's verdict), in the screen's order. */
    static List<Finding> shown(Snapshot s) {
        return s.findings().stream().filter(x -> x.kind() != Finding.Kind.LOCK_HELD).sorted(Finding.ORDER).toList();
    }

    static String findings(List<Finding> findings) {
        StringBuilder sb = new StringBuilder();
        for (String line : FindingRender.lines(findings)) sb.append("  ").append(Text.visible(line)).append('\n');
        return sb.toString();
    }

    static boolean matches(ConcurrencyGroup g, List<String> names) {
        return names == null || names.isEmpty() || names.stream().anyMatch(n -> ConcurrencyGroup.key(n).equals(g.key()));
    }

    static List<StateLock> none() {
        return List.of();
    }
}
