package dev.baton.command;

import picocli.CommandLine.Command;

/** `quit` (or `exit`, `q`): leaves the line shell or the screen; a script has nothing to leave and says so. */
@Command(name = "quit", aliases = {"exit", "q"}, description = "Leave the line shell or the screen")
final class QuitCommand extends BaseCommand {
    @Override
    protected Result execute() {
        FrontendControls c = io.controls();
        if (c == null) return Result.error(Exit.USAGE, "quit: only in the line shell or the screen (a script ends at its last command)");
        c.quit();
        return Result.ok(null, null);
    }
}
