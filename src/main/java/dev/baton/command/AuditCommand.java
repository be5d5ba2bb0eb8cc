package dev.baton.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

@Command(name = "audit", description = "The audit journal of destructive actions, refusals included")
final class AuditCommand extends BaseCommand {
    @Option(names = "--limit", defaultValue = "50", description = "the newest N records (default 50)")
    int limit;

    @Override
    protected Result execute() throws IOException {
        if (limit <= 0) throw new IllegalArgumentException("--limit must be positive, got " + limit);
        List<Map<String, Object>> entries = new Guard(baton, io).journal().read(limit);
        List<List<String>> rows = new ArrayList<>();
        for (Map<String, Object> e : entries) {
            Object reason = e.get("reason");
            rows.add(Text.row(e.get("at"), e.get("user") + "@" + e.get("host"), e.get("action"), e.get("target"), e.get("outcome"),
                    reason == null || reason.toString().isBlank() ? "-" : "\"" + reason + "\"", e.get("detail")));
        }
        return Result.ok(entries.isEmpty() ? "no audit records" : Text.table(rows, "").stripTrailing(), entries);
    }
}
