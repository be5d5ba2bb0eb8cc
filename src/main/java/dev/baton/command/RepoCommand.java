package dev.baton.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * `repo [NAME]`: in the screen, opens that repository's split view (without NAME: back to the fleet view);
 * elsewhere, lists the repositories this baton watches (`baton --all repo`).
 */
@Command(name = "repo", description = "The watched repositories; in the screen, show one of them (no NAME: all of them)")
final class RepoCommand extends BaseCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "owner/name, or the name alone when it is unique")
    String name;

    @Override
    protected Result execute() {
        if (io.controls() instanceof FrontendControls.Screen screen) return Result.ok(screen.repository(name), null);
        if (name != null) return Commands.needsScreen("repo NAME");
        List<Object> json = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        for (Fleet.Member m : baton.fleet().members()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("repository", m.label());
            r.put("apiUrl", m.baton().apiUrl());
            json.add(r);
            rows.add(Text.row(m.label(), m.baton().apiUrl()));
        }
        String problems = baton.fleet().discoveries().stream().filter(d -> d.error() != null)
                .map(d -> "org " + d.org() + ": " + d.error()).reduce((a, b) -> a + "; " + b).orElse(null);
        String text = rows.isEmpty() ? "no repository: pass --repo OWNER/NAME, --org ORG, or list them in the config" : Text.table(rows, "").stripTrailing();
        return problems == null ? Result.ok(text, json) : Result.partial(text, json, problems);
    }
}
