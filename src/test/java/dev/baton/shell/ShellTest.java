package dev.baton.shell;

import dev.baton.command.Baton;
import dev.baton.command.BatonOptions;
import dev.baton.command.CommandRunner;
import dev.baton.command.Commands;
import dev.baton.command.FrontendControls;
import dev.baton.command.FrontendIo;
import dev.baton.command.Request;
import dev.baton.command.Exit;
import dev.baton.command.Result;
import org.jline.reader.Completer;
import org.jline.reader.impl.completer.StringsCompleter;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The line shell on JLine's dumb terminal with piped input. */
class ShellTest {
    @TempDir
    Path tmp;

    /**
     * A command runner at the port: answers "groups", refuses the rest, unlock asks for confirmation; exit and
     * quit go to the real command registry, which ends the shell through its controls.
     */
    final class Runner implements CommandRunner {
        final List<String> lines = new ArrayList<>();
        final Commands real = new Commands(new Baton(Map.of("XDG_STATE_HOME", tmp.toString(), "XDG_CONFIG_HOME", tmp.toString()),
                new BatonOptions(null, null, false)), new FrontendIo(false, true));
        Shell shell;

        @Override
        public Result run(String line) {
            if (line.equals("exit") || line.equals("quit")) return real.run(line);
            lines.add(line);
            if (line.equals("groups")) return Result.ok("deploy-production  1 running", null);
            if (line.startsWith("unlock")) {
                return shell.confirm("Release production?", "held by runner@x", "9f1c2d3e")
                        ? Result.ok("released", null) : Result.error(Exit.REFUSED, "not confirmed");
            }
            return Result.error(Exit.USAGE, "unknown command '" + line + "'");
        }

        @Override
        public Completer completer() {
            return new StringsCompleter("groups", "locks", "unlock");
        }

        @Override
        public boolean readOnly() {
            return false;
        }

        @Override
        public Result invoke(Request request) {
            throw new AssertionError("the shell runs lines only");
        }

        @Override
        public String help() {
            return real.help();
        }

        @Override
        public void controls(FrontendControls c) {
            real.controls(c);
        }
    }

    private String session(Runner runner, String input, int[] exit) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Terminal t = new DumbTerminal("test", "dumb", new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out, StandardCharsets.UTF_8)) {
            Shell shell = new Shell(t, runner, tmp.resolve("state/baton/history"));
            runner.shell = shell;
            exit[0] = shell.run();
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void runsCommandsPrintsTextAndKeepsHistory() throws Exception {
        Runner r = new Runner();
        int[] exit = new int[1];
        String out = session(r, "groups\n\nnope\n", exit);
        assertThat(r.lines).containsExactly("groups", "nope");
        assertThat(out).contains("deploy-production  1 running").contains("unknown command 'nope'");
        assertThat(exit[0]).isEqualTo(Exit.USAGE); // end of input: the last command's exit code
        assertThat(Files.readString(tmp.resolve("state/baton/history"))).contains("groups").contains("nope");
    }

    @Test
    void exitLeavesWithTheLastCode() throws Exception {
        Runner r = new Runner();
        int[] exit = new int[1];
        session(r, "groups\nexit\ngroups\n", exit);
        assertThat(r.lines).containsExactly("groups");
        assertThat(exit[0]).isZero();
        Runner q = new Runner();
        session(q, "nope\nquit\ngroups\n", exit);
        assertThat(q.lines).as("quit is the registry's command too").containsExactly("nope");
        assertThat(exit[0]).as("the code of the command before quit").isEqualTo(Exit.USAGE);
    }

    @Test
    void confirmationReadsTheTypedWord() throws Exception {
        Runner r = new Runner();
        int[] exit = new int[1];
        String out = session(r, "unlock s3://b/k --id x\n9f1c2d3e\nunlock s3://b/k --id x\nyes\n", exit);
        assertThat(out).contains("Release production?").contains("released").contains("not confirmed");
        assertThat(exit[0]).isEqualTo(Exit.REFUSED);
    }
}
