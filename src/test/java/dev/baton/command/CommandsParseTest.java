package dev.baton.command;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** One Commands runs many commands: each parses on its own, nothing of one invocation's options reaches the next. */
class CommandsParseTest {
    @TempDir
    Path tmp;

    @Test
    void twoCommandsInARowOnOneCommandsParseIndependently() {
        Commands commands = CommandHelpTest.commands(tmp);
        Commands.Execution first = commands.execute(List.of("audit", "--json"));
        assertThat(first.json()).as("audit --json").isTrue();
        assertThat(first.name()).isEqualTo("audit");
        Commands.Execution second = commands.execute(List.of("audit"));
        assertThat(second.json()).as("the second audit has no --json of its own").isFalse();
        assertThat(second.result().exitCode()).isZero();

        Commands.Execution alias = commands.execute(List.of("help", "exit"));
        assertThat(alias.result().text()).as("an alias finds its command").startsWith("Usage: baton quit");
        Commands.Execution bad = commands.execute(List.of("audit", "--limit", "x"));
        assertThat(bad.result().exitCode()).isEqualTo(Exit.USAGE);
        assertThat(commands.execute(List.of("audit")).result().exitCode()).as("a failed parse leaves nothing behind").isZero();
    }

    /**
     * The registry keeps one object per command for every line of a frontend; picocli resets what it parses, so a
     * field of anything else would carry one run's state into the next (a second watch that never announced).
     */
    @Test
    void noCommandKeepsStateOfItsOwnBetweenRuns() {
        List<String> kept = new java.util.ArrayList<>();
        for (Class<?> c : Commands.ALL) {
            for (Class<?> k = c; k != Object.class; k = k.getSuperclass()) {
                for (java.lang.reflect.Field f : k.getDeclaredFields()) {
                    if (java.lang.reflect.Modifier.isStatic(f.getModifiers()) || f.isSynthetic()) continue;
                    if (f.isAnnotationPresent(picocli.CommandLine.Option.class) || f.isAnnotationPresent(picocli.CommandLine.Parameters.class)
                            || f.isAnnotationPresent(picocli.CommandLine.Mixin.class) || f.isAnnotationPresent(picocli.CommandLine.Spec.class)) continue;
                    kept.add(k.getSimpleName() + "." + f.getName());
                }
            }
        }
        // bound before each run (Commands.execute, invoke), never left from the last one
        assertThat(kept).as("fields picocli does not reset").allMatch(n -> n.endsWith(".baton") || n.endsWith(".io") || n.equals("HelpCommand.commands"));
    }

    @Test
    void aDurationIsTypedAndCheckedWhileTheLineIsParsed() {
        Commands commands = CommandHelpTest.commands(tmp);
        Commands.Execution zero = commands.execute(List.of("watch", "--timeout", "0s"));
        assertThat(zero.result().exitCode()).isEqualTo(Exit.USAGE);
        assertThat(zero.result().text()).isEqualTo("watch: --timeout: must be more than 0, got 0s");
        assertThat(commands.execute(List.of("rapid-fire", "deploy.yml", "--gap", "soon")).result().text())
                .as("a mutating command's bad value is a usage error before its guard or audit")
                .isEqualTo("rapid-fire: --gap: 'soon' is not a duration (e.g. 5s, 2m, 1h)");
        assertThat(commands.execute(List.of("events", "--since", "-1h")).result().text()).isEqualTo("events: --since: must not be negative, got -1h");
    }

    @Test
    void theTreeIsBuiltOnceAndAPositionalDoesNotOutliveItsLine() {
        Commands commands = CommandHelpTest.commands(tmp);
        var tree = commands.tree();
        assertThat(commands.execute(List.of("help", "groups")).result().text()).startsWith("Usage: baton groups");
        Commands.Execution listing = commands.execute(List.of("help"));
        assertThat(listing.result().text()).as("help without a word lists, whatever the last help named").startsWith("Commands:");
        assertThat(commands.execute(List.of("audit", "-o", "json")).json()).isTrue();
        assertThat(commands.execute(List.of("audit", "--limit", "3")).json()).as("-o json of the line before is gone").isFalse();
        assertThat(commands.tree()).as("one tree for every line of this frontend").isSameAs(tree);
    }
}
