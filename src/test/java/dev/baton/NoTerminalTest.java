package dev.baton;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 12 section 3.5: without a terminal baton says what it did, and never waits on the keyboard in silence. */
class NoTerminalTest {
    @TempDir
    Path home;
    final BooleanSupplier real = Main.stdinIsTerminal;

    @AfterEach
    void restore() {
        Main.stdinIsTerminal = real;
    }

    record Outcome(int code, String out, String err) {
    }

    Outcome run(String stdin, String... args) {
        Map<String, String> env = Cli.env(home);
        env.put("BATON_REPO", "acme/deploy");
        env.put("GH_TOKEN", "t");
        env.put("GITHUB_API_URL", "http://127.0.0.1:9");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anEmptyStdinIsExit0AndSaysNothingRan() {
        Main.stdinIsTerminal = () -> false;
        for (String stdin : new String[]{"", "\n\n", "# only a comment\n"}) {
            Outcome r = run(stdin);
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).isEmpty();
            assertThat(r.err().strip()).isEqualTo("baton: no commands on stdin, nothing run (give a command, -c 'CMD' or --script FILE)");
        }
        Outcome help = run("help\n");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("Commands:");
        assertThat(help.err()).isEmpty();
    }

    @Test
    void stdinATerminalAndStdoutNotIsAUsageErrorNotASilentRead() {
        Main.stdinIsTerminal = () -> true;
        Outcome r = run("status\n");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("baton: stdout is not a terminal; give a command (baton status) or -c");
        assertThat(r.out()).isEmpty();
        // with a command, stdin is not read: it runs as ever
        assertThat(run("", "help").code()).isZero();
        assertThat(run("", "-c", "help").code()).isZero();
    }
}
