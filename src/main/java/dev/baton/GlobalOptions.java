package dev.baton;

import dev.baton.command.Commands;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * baton's own options, before the command: the root of baton's one command tree (picocli), whose subcommands
 * are the registry's ({@link Commands#newTree}). One parse reads both: the options here, then the command and
 * its own options (`status --json`), kept as {@link #parsedCommand} for Main to run. The first other word ends
 * the options; it and everything after it are {@link #rest}: a program mode (`sandbox`, `serve`, `attach`,
 * `shell`) with its own arguments, or a word that names no command (Main lets the registry say so). Adding
 * an option is one annotated field here (its description is its line in `baton --help`); Main reads the field.
 */
@Command(name = "baton")
final class GlobalOptions {
    @Spec
    CommandSpec spec;

    @Option(names = "--demo", description = "run against the embedded sandbox (with --scenario NAME, --speed N, --repos N)")
    boolean demo;
    @Option(names = "--scenario", paramLabel = "NAME", description = "the demo's scenario")
    String scenario;
    Double speed;
    @Option(names = "--repo", paramLabel = "OWNER/NAME",
            description = "the repository (else BATON_REPO, GITHUB_REPOSITORY, or the config's first); repeat it to watch several")
    final List<String> repos = new ArrayList<>();
    @Option(names = "--org", paramLabel = "ORG", description = "watch every repository of ORG that declares groups or runs Terraform (repeatable)")
    final List<String> orgs = new ArrayList<>();
    @Option(names = "--all", description = "watch the config's repositories and orgs (status, locks, groups, watch show all)")
    boolean all;
    /** --repos N: how many repositories the demo's sandbox serves. */
    int demoRepos = 1;
    @Option(names = "--config", paramLabel = "FILE", description = "configuration file (default $XDG_CONFIG_HOME/baton/config.yaml)")
    Path config;
    @Option(names = {"--read-only", "--readonly"}, description = "refuse every command that changes anything (also BATON_READ_ONLY=1)")
    boolean readOnly;
    @Option(names = "-c", paramLabel = "'CMD; CMD'", description = "run commands and exit")
    String command;
    @Option(names = "--script", paramLabel = "FILE", description = "run the commands in FILE and exit (stdin is read when it is not a terminal)")
    String script;
    @Option(names = "--json", description = "JSON output of scripted commands (as -o json)")
    boolean json;
    @Option(names = "--theme", paramLabel = "NAME", description = "the screen's theme")
    String theme;
    @Option(names = "--ascii", description = "the screen in ASCII")
    boolean ascii;
    @Option(names = {"-V", "--version"}, description = "baton's version")
    boolean version;
    @Option(names = {"-h", "--help"}, description = "this text")
    boolean help;
    /** bin/baton's class-archive run, see CdsTraining. */
    @Option(names = "--cds-training", hidden = true)
    boolean cdsTraining;

    @Parameters(paramLabel = "COMMAND", description = "the command and its arguments")
    final List<String> rest = new ArrayList<>();

    /** The tree this command line was parsed on: the CLI frontend's registry keeps parsing on it (Commands.tree). */
    CommandLine tree;
    /** The registry command the line names, parsed with its options; null when none (a mode, a script, the screen). */
    CommandLine.ParseResult parsedCommand;
    /** That command's words, from its name on (what the audit records of an attempt). */
    List<String> commandWords = List.of();

    @Option(names = "--speed", paramLabel = "N", description = "the demo's speed (simulated seconds per second)")
    void speed(String s) {
        try {
            double d = Double.parseDouble(s);
            if (d > 0) {
                speed = d;
                return;
            }
        } catch (NumberFormatException ignored) {
            // said below
        }
        throw new ParameterException(spec.commandLine(), "--speed takes a positive number, not '" + s + "'");
    }

    @Option(names = "--repos", paramLabel = "N", description = "how many repositories the demo's sandbox serves (a fleet)")
    void demoRepos(String s) {
        try {
            int n = Integer.parseInt(s);
            if (n >= 1 && n <= dev.baton.sandbox.FleetRepo.MAX) {
                demoRepos = n;
                return;
            }
        } catch (NumberFormatException ignored) {
            // said below
        }
        throw new ParameterException(spec.commandLine(), "--repos takes a number of repositories (1.." + dev.baton.sandbox.FleetRepo.MAX + "), not '" + s + "'");
    }

    /** The repository first named with --repo (the current one), or null. */
    String repo() {
        return repos.isEmpty() ? null : repos.get(0);
    }

    @Option(names = {"-o", "--output"}, paramLabel = "text|json", description = "output format of scripted commands")
    void output(String f) {
        if (!f.equals("json") && !f.equals("text")) throw new ParameterException(spec.commandLine(), "-o takes text or json, not '" + f + "'");
        json = f.equals("json");
    }

    /**
     * The whole command line, parsed once: the options, and the command with its own (errors in either are one line).
     * @throws IllegalArgumentException with the one line to show: an unknown option, a missing or meaningless value
     */
    static GlobalOptions parse(String[] args) {
        GlobalOptions o = new GlobalOptions();
        CommandLine cl = Commands.newTree(o);
        // the root's own parser: the commands keep picocli's defaults (an option twice is an error, options after a positional)
        // -c status, --scenario groups: an option's value may be a command's name
        cl.getCommandSpec().parser().stopAtPositional(true).overwrittenOptionsAllowed(true).allowSubcommandsAsOptionParameters(true);
        CommandLine.ParseResult parsed;
        try {
            parsed = cl.parseArgs(args);
        } catch (ParameterException e) {
            if (e.getCommandLine() != cl) throw new IllegalArgumentException(commandError(cl, e), e);
            throw new IllegalArgumentException(rootError(e), e);
        }
        o.tree = cl;
        if (parsed.hasSubcommand()) {
            o.parsedCommand = parsed.subcommand();
            List<String> all = List.of(args);
            o.commandWords = all.subList(commandStart(cl.getCommandSpec(), args), all.size());
        }
        return o;
    }

    private static String rootError(ParameterException e) {
        if (e instanceof CommandLine.UnmatchedArgumentException u) return "unknown option " + u.getUnmatched().get(0) + " (see baton --help)";
        if (e instanceof CommandLine.MissingParameterException m) {
            return (!m.getMissing().isEmpty() && m.getMissing().get(0) instanceof OptionSpec os ? os.longestName() : "an option") + " needs a value";
        }
        return e.getMessage();
    }

    /**
     * A command's own error, as the registry words it; one of baton's options after the command (`groups --repo x`)
     * says where it goes instead: baton's options choose the repositories for every command, so they come first.
     */
    private static String commandError(CommandLine root, ParameterException e) {
        String command = e.getCommandLine().getCommandName();
        if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String word = u.getUnmatched().get(0);
            OptionSpec global = root.getCommandSpec().findOption(word.contains("=") ? word.substring(0, word.indexOf('=')) : word);
            if (global != null && word.startsWith("-")) {
                return global.longestName() + " is one of baton's own options: give it before the command (baton "
                        + global.longestName() + (global.arity().max() > 0 ? " " + global.paramLabel() : "") + " " + command + " ...)";
            }
        }
        return Commands.parseError(e, command).text();
    }

    /** Where the command starts in args: the first word that names one, skipping each option's value. */
    private static int commandStart(CommandSpec root, String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (root.subcommands().containsKey(a)) return i;
            OptionSpec option = a.contains("=") ? null : root.findOption(a);
            if (option != null && option.arity().max() > 0) i++;
        }
        return args.length;
    }

    /** The options' lines of `baton --help`, from their annotations. */
    static String optionLines() {
        StringBuilder sb = new StringBuilder();
        for (OptionSpec o : new CommandLine(new GlobalOptions()).getCommandSpec().options()) {
            if (o.hidden()) continue;
            String names = String.join(", ", o.names()) + (o.arity().max() > 0 ? " " + o.paramLabel() : "");
            sb.append(String.format("  %-24s %s%n", names, o.description().length > 0 ? o.description()[0] : ""));
        }
        return sb.toString();
    }
}
