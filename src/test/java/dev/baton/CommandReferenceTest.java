package dev.baton;

import dev.baton.command.Baton;
import dev.baton.command.BatonOptions;
import dev.baton.command.Commands;
import dev.baton.command.FrontendIo;
import dev.baton.testkit.GoldenFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command reference as baton prints it and as docs/commands.md writes it: `help` (golden/commands/help.txt) and every
 * command's `--help` compared with golden files in src/test/resources/golden/commands/help (-Dgolden.update=true rewrites them), and
 * the docs naming every command, each of its options and its arguments. No sandbox: help reads nothing.
 */
class CommandReferenceTest {
    @TempDir
    Path tmp;

    static final Set<String> EVERY_COMMANDS = Set.of("-h", "--help", "-o", "--output", "--json");

    Commands commands() {
        Map<String, String> env = Map.of("BATON_REPO", "acme/deploy", "XDG_STATE_HOME", tmp.toString(),
                "XDG_CONFIG_HOME", tmp.toString(), "XDG_CACHE_HOME", tmp.toString(), "GH_TOKEN", "t");
        return new Commands(new Baton(env, new BatonOptions(null, null, false)), new FrontendIo(false, false));
    }

    static List<String> names() {
        return Commands.ALL.stream().map(c -> c.getAnnotation(Command.class).name()).toList();
    }

    @Test
    void helpAndEveryCommandsUsage() throws Exception {
        Commands commands = commands();
        GoldenFile.check("commands", "help.txt", GoldenIncident.run(commands, "help"));
        GoldenFile.check("commands", "help.json.txt", GoldenIncident.run(commands, "help --json"));
        for (String name : names()) GoldenFile.check("commands/help", name + ".txt", GoldenIncident.run(commands, name + " --help"));
    }

    /** docs/commands.md: each command's section (its own heading; the frontend's commands share one). */
    static String section(String doc, String name) {
        String[] parts = doc.split("\n## ");
        for (String p : parts) {
            String heading = p.lines().findFirst().orElse("");
            List<String> words = Arrays.asList(heading.split("[^a-z-]+"));
            if (heading.startsWith(name + " ") || heading.equals(name)
                    || heading.startsWith("Commands of a frontend") && words.contains(name)) return p;
        }
        return null;
    }

    @Test
    void theReferenceNamesEveryCommandOptionAndArgument() throws Exception {
        String doc = Files.readString(Path.of("docs/commands.md"));
        for (String common : List.of("`-o text|json`", "`--json`", "`-h`", "`--help`")) assertThat(doc).as("docs/commands.md names %s", common).contains(common);
        CommandLine tree = Commands.newTree(new Root());
        List<String> missing = new ArrayList<>();
        for (String name : names()) {
            String section = section(doc, name);
            if (section == null) {
                missing.add("no section for " + name);
                continue;
            }
            CommandLine.Model.CommandSpec spec = tree.getSubcommands().get(name).getCommandSpec();
            for (OptionSpec o : spec.options()) {
                if (o.hidden() || EVERY_COMMANDS.contains(o.longestName())) continue;
                if (Arrays.stream(o.names()).noneMatch(n -> named(section, n))) missing.add(name + " " + o.longestName());
            }
            for (PositionalParamSpec p : spec.positionalParameters()) {
                if (p.hidden()) continue;
                String label = p.paramLabel().replaceAll("[<>]", "");
                if (!named(section, label)) missing.add(name + " " + label);
            }
        }
        assertThat(missing).as("docs/commands.md does not name these").isEmpty();
    }

    /** The word stands alone in the text: `-f` is named by `-f KEY=VALUE`, not by `-foo`. */
    static boolean named(String text, String word) {
        return java.util.regex.Pattern.compile("(?<![\\w-])" + java.util.regex.Pattern.quote(word) + "(?![\\w-])").matcher(text).find();
    }

    @Command(name = "baton")
    static final class Root {
    }
}
