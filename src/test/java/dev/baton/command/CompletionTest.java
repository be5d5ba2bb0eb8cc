package dev.baton.command;

import org.jline.reader.Candidate;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The registry's completer, as the screen's command bar and the line shell call it. */
class CompletionTest {
    @TempDir
    Path tmp;

    private List<String> complete(String line) throws Exception {
        Map<String, String> env = Map.of("BATON_REPO", "acme/deploy", "XDG_STATE_HOME", tmp.toString(),
                "XDG_CONFIG_HOME", tmp.toString(), "XDG_CACHE_HOME", tmp.toString(), "GH_TOKEN", "t");
        Commands commands = new Commands(new Baton(env, new BatonOptions(null, null, false)), FrontendIo.script());
        var completer = commands.completer();
        LineReader reader = LineReaderBuilder.builder()
                .terminal(new DumbTerminal("t", "dumb", new ByteArrayInputStream(new byte[0]), OutputStream.nullOutputStream(), StandardCharsets.UTF_8))
                .parser(new DefaultParser()).completer(completer).build();
        ParsedLine pl = reader.getParser().parse(line, line.length(), Parser.ParseContext.COMPLETE);
        List<Candidate> out = new ArrayList<>();
        completer.complete(reader, pl, out);
        return out.stream().map(Candidate::value).filter(v -> v.startsWith(pl.word())).distinct().toList();
    }

    @Test
    void completesCommandNames() throws Exception {
        assertThat(complete("gro")).containsExactly("groups");
        assertThat(complete("lo")).contains("locks", "logs");
    }

    @Test
    void completesFlagsOfACommand() throws Exception {
        assertThat(complete("groups --js")).contains("--json");
    }

    @Test
    void anUnknownCommandSaysSoInOneLine() {
        Commands commands = new Commands(new Baton(Map.of("XDG_CONFIG_HOME", tmp.toString(), "XDG_STATE_HOME", tmp.toString()),
                new BatonOptions("acme/deploy", null, false)), FrontendIo.script());
        Commands.Execution ex = commands.execute(List.of("gro"));
        assertThat(ex.result().exitCode()).isEqualTo(Exit.USAGE);
        assertThat(ex.result().text()).isEqualTo("unknown command 'gro'; did you mean 'groups'?");
    }
}
