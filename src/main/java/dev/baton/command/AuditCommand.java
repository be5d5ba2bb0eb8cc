package dev.baton.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        AuditJournal journal = new Guard(baton, io).journal();
        List<Map<String, Object>> entries = journal.read(limit);
        List<List<String>> rows = new ArrayList<>();
        for (Map<String, Object> e : entries) {
            Object reason = e.get("reason");
            Object who = e.get("operator") != null ? e.get("operator") + " (" + e.get("door") + ")" : e.get("user") + "@" + e.get("host");
            rows.add(Text.row(e.get("at"), who, e.get("action"), e.get("target"), e.get("outcome"),
                    reason == null || reason.toString().isBlank() ? "-" : "\"" + reason + "\"", e.get("detail")));
        }
        String text = entries.isEmpty() ? "no audit records in " + journal.file() : Text.table(rows, "").stripTrailing();
        // records of older versions (one journal for every repository) stay where they were: never deleted, never mixed in
        Path unscoped = Guard.unscopedAuditFile(baton);
        if (!unscoped.equals(journal.file()) && Files.exists(unscoped)) {
            text += "\n(older records, and attempts made without a repository, are in " + unscoped + ")";
        }
        return Result.ok(text, entries);
    }
}
