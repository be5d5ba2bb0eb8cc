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
