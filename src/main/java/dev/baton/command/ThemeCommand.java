package dev.baton.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `theme [NAME]`: the screen's colours, switched live; without a name, the current one and those available. */
@Command(name = "theme", description = "Screen only: switch the colour theme live, or list the themes")
final class ThemeCommand extends BaseCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "a built-in theme or a file in the themes folder")
    String name;

    @Override
    protected Result execute() {
        if (!(io.controls() instanceof FrontendControls.Screen screen)) return Commands.needsScreen("theme");
        return Result.ok(screen.theme(name), null);
    }
}
