package dev.baton.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `timeline [GROUP]`: the screen's Gantt view of one concurrency group. */
@Command(name = "timeline", description = "Screen only: open the timeline of a group (default: the selected one)")
final class TimelineCommand extends BaseCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "GROUP", description = "the concurrency group")
    String group;

    @Override
    protected Result execute() {
        if (!(io.controls() instanceof FrontendControls.Screen screen)) return Commands.needsScreen("timeline");
        return Result.ok(screen.timeline(group), null);
    }
}
