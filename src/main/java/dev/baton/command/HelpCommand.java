package dev.baton.command;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * `help`: the command listing, or one command's usage (the same text as `CMD --help`). In the screen,
 * `help` alone opens the help pop-up (keys and commands) instead.
 */
@Command(name = "help", description = "List the commands, or show one command's help (the same as CMD --help)")
final class HelpCommand extends BaseCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "CMD", description = "the command to explain")
    String command;

    /** Set by the registry that made this command: help reads the registry itself. */
    Commands commands;

    @Override
    protected Result execute() {
        if (command != null) return commands.usage(command);
        if (io.controls() instanceof FrontendControls.Screen screen) {
            screen.showHelp();
            return Result.ok(null, null); // shown by the screen itself
        }
        return Result.ok(commands.help(), commands.names());
    }
}
