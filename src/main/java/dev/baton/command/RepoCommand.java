package dev.baton.command;

import dev.baton.render.FleetRender;
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
        Fleet fleet = baton.fleet();
        for (Fleet.Member m : fleet.members()) {
            // discovery lists names at once; an org's repository is judged (its workflows read) behind it
            FleetRender.Workflows w = fleet.workflows(m);
            String why = fleet.unreadable(m);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("repository", m.label());
            r.put("apiUrl", m.baton().apiUrl());
            r.put("state", FleetRender.workflowsWord(w));
            if (why != null) r.put("error", why);
            json.add(r);
            rows.add(Text.row(m.label(), FleetRender.workflowsWord(w), m.baton().apiUrl()));
        }
        String problems = fleet.discoveries().stream().filter(d -> d.error() != null)
                .map(d -> "org " + d.org() + ": " + d.error()).reduce((a, b) -> a + "; " + b).orElse(null);
        FleetRender.Judging judging = fleet.judging();
        String text = rows.isEmpty() ? "no repository: pass --repo OWNER/NAME, --org ORG, or list them in the config" : Text.table(rows, "").stripTrailing();
        if (judging != null && !rows.isEmpty()) text += "\n" + FleetRender.judgingLine(judging);
        return problems == null ? Result.ok(text, json) : Result.partial(text, json, problems);
    }
}
