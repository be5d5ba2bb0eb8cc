package dev.baton.command;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Command;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 12 section 3.1: `CMD --help`, `CMD -h` and `help CMD` print that command's usage, exit 0, for every command. */
class CommandHelpTest {
    @TempDir
    Path tmp;

    Commands commands() {
        return commands(tmp);
    }

    /** A script frontend's Commands on a Baton whose every folder is under tmp (no network until a command asks). */
    static Commands commands(Path tmp) {
        Map<String, String> env = Map.of("BATON_REPO", "acme/deploy", "XDG_STATE_HOME", tmp.toString(),
                "XDG_CONFIG_HOME", tmp.toString(), "XDG_CACHE_HOME", tmp.toString(), "GH_TOKEN", "t");
        return new Commands(new Baton(env, new BatonOptions(null, null, false)), FrontendIo.script());
    }

    @Test
    void everyCommandPrintsItsUsageForHelpDashHAndHelpCmd() {
        Commands commands = commands();
        for (Class<? extends BaseCommand> c : Commands.ALL) {
            String name = c.getAnnotation(Command.class).name();
            for (List<String> args : List.of(List.of(name, "--help"), List.of(name, "-h"), List.of("help", name),
                    List.of(name, "x", "--help"))) {
                if (args.contains("x") && List.of("run", "cancel", "approve", "logs").contains(name)) continue; // x is no number
                Commands.Execution ex = commands.execute(args);
                assertThat(ex.result().exitCode()).as(String.join(" ", args) + ": " + ex.result().text()).isZero();
                assertThat(ex.result().text()).as(String.join(" ", args)).startsWith("Usage: baton " + name).contains("--help");
            }
        }
    }

    @Test
    void helpOfAnUnknownCommandIsAUsageErrorWithADidYouMean() {
        Commands.Execution ex = commands().execute(List.of("help", "lokcs"));
        assertThat(ex.result().exitCode()).isEqualTo(Exit.USAGE);
        assertThat(ex.result().text()).isEqualTo("unknown command 'lokcs'; did you mean 'locks'?");
        assertThat(commands().execute(List.of("staus")).result().text()).isEqualTo("unknown command 'staus'; did you mean 'status'?");
        assertThat(commands().execute(List.of("zzzzzz")).result().text()).isEqualTo("unknown command 'zzzzzz'; try 'help'");
    }
}
