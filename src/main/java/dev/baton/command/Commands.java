package dev.baton.command;

import dev.baton.github.GitHubException;
import dev.baton.lock.LockStoreException;
import org.jline.reader.Completer;
import org.jline.reader.ParsedLine;
import org.jline.reader.impl.DefaultParser;
import org.jline.reader.impl.completer.AggregateCompleter;
import org.jline.reader.impl.completer.SystemCompleter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.shell.jline3.PicocliCommands;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The single command registry: every frontend (script, line shell, screen) runs commands here, so they
 * share parsing, output, exit codes and the guards. Read-only mode refuses every {@link Mutating}
 * command in this one place.
 */
public final class Commands implements CommandRunner {
    /** Looked up only when a command fails: starting SLF4J is a measurable slice of the screen's start. */
    private static Logger log() {
        return LoggerFactory.getLogger(Commands.class);
    }

    /** Every command class; one list so tests can enumerate them (read-only coverage, docs). */
    public static final List<Class<? extends BaseCommand>> ALL = List.of(
            StatusCommand.class, GroupsCommand.class, RunsCommand.class, RunCommand.class, LocksCommand.class,
            LogsCommand.class, EventsCommand.class, WatchCommand.class, DoctorCommand.class,
            UnlockCommand.class, CancelCommand.class, ApproveCommand.class, DispatchCommand.class, ProbeLockCommand.class, AuditCommand.class,
            RapidFireCommand.class, LintCommand.class, SimulateCommand.class, NoteCommand.class,
            HelpCommand.class, QuitCommand.class, ThemeCommand.class, TimelineCommand.class, RepoCommand.class);

    /** Commands that only the screen can carry out: listed apart in help, refused elsewhere. */
    static final List<Class<? extends BaseCommand>> SCREEN_ONLY = List.of(ThemeCommand.class, TimelineCommand.class);

    @Command(name = "baton", mixinStandardHelpOptions = false, description = "baton commands")
    static final class Root {
    }

    private final Baton baton;
    private final FrontendIo io;

    /** One frontend's registry: the shared parts, and this frontend's IO. */
    public Commands(Baton baton, FrontendIo io) {
        this.baton = baton;
        this.io = io;
    }

    public Baton baton() {
        return baton;
    }

    public FrontendIo io() {
        return io;
    }

    /** What one command produced, and whether it asked for JSON. */
    public record Execution(Result result, boolean json, String name) {
    }

    /**
     * The command tree, built once per registry (picocli's reflection over every command class is ~20 ms, paid
     * at the first command, not at each). A command object keeps its options between parses only where picocli
     * does not reset them: picocli sets every option and positional of the matched command back to its initial
     * value before it parses, and a command keeps no other state of its own between runs (its run's state is
     * local to execute; CommandsParseTest). The tree is for one thread at a time, as a frontend runs one
     * command at a time; a second thread meanwhile gets a tree of its own.
     */
    private CommandLine tree;
    private final java.util.concurrent.atomic.AtomicBoolean treeBusy = new java.util.concurrent.atomic.AtomicBoolean();

    CommandLine tree() {
        if (tree == null) tree = newTree(new Root());
        return tree;
    }

    /** A tree under root (the registry's `baton`, or Main's global options) with every command of {@link #ALL}. */
    public static CommandLine newTree(Object root) {
        CommandLine cl = new CommandLine(root);
        for (Class<? extends BaseCommand> c : ALL) cl.addSubcommand(c);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    /** This registry parses on the tree Main parsed baton's command line with (one tree for the CLI frontend). */
    public Commands tree(CommandLine cli) {
        this.tree = cli;
        return this;
    }

    public static boolean mutating(Class<?> c) {
        return c.isAnnotationPresent(Mutating.class);
    }

    /** Names of the commands a frontend may offer (read-only strips the mutating ones). */
    public List<String> names() {
        List<String> out = new ArrayList<>();
        for (Class<? extends BaseCommand> c : ALL) {
            if (readOnly() && mutating(c)) continue;
            out.add(c.getAnnotation(Command.class).name());
        }
        return out;
    }

    public Execution execute(List<String> args) {
        if (args.isEmpty()) return new Execution(Result.error(Exit.USAGE, "no command given; try 'help'"), io.jsonByDefault(), "");
        if (args.get(0).equals("--help") || args.get(0).equals("-h")) {
            List<String> asHelp = new ArrayList<>(args);
            asHelp.set(0, "help");
            return execute(asHelp);
        }
        boolean jsonAsked = jsonAsked(args); // for errors before the command's own -o/--json is parsed
        boolean owned = treeBusy.compareAndSet(false, true);
        try {
            CommandLine tree = owned ? tree() : newTree(new Root());
            CommandLine sub = tree.getSubcommands().get(args.get(0));
            if (sub == null) return new Execution(unknown(args.get(0)), jsonAsked, "");
            CommandLine.ParseResult parsed;
            try {
                // from the root, as picocli wants (a subcommand parsed alone has no parent result); the first word is a
                // command, so nothing of the line is taken for the root's own options (Main's global options)
                parsed = tree.parseArgs(args.toArray(String[]::new));
            } catch (CommandLine.ParameterException e) {
                return new Execution(parseError(e, sub.getCommandName()), jsonAsked, sub.getCommandName());
            }
            if (!parsed.hasSubcommand()) return new Execution(unknown(args.get(0)), jsonAsked, "");
            return execute(parsed.subcommand(), args);
        } finally {
            if (owned) treeBusy.set(false);
        }
    }

    /**
     * A command line's parse error as its one line: picocli's message, and where to read the command's usage; a
     * meaningless value of a typed option (a duration) as the command and the option say it: `watch: --timeout:
     * must be more than 0, got 0s`.
     */
    public static Result parseError(CommandLine.ParameterException e, String command) {
        if (e.getCause() instanceof CommandLine.TypeConversionException why && e.getArgSpec() instanceof CommandLine.Model.OptionSpec o) {
            return Result.error(Exit.USAGE, command + ": " + o.longestName() + ": " + oneLine(why.getMessage()));
        }
        return Result.error(Exit.USAGE, oneLine(e.getMessage()) + " (see '" + command + " --help')");
    }

    /** Runs a command its tree has parsed (args: the command's words, for the audit's record of the attempt). */
    public Execution execute(CommandLine.ParseResult sub, List<String> args) {
        CommandSpec spec = sub.commandSpec();
        BaseCommand command = (BaseCommand) spec.userObject();
        command.bind(baton, io);
        if (command instanceof HelpCommand h) h.commands = this;
        if (sub.isUsageHelpRequested()) return new Execution(Result.ok(usage(spec.commandLine()), null), false, spec.name());
        return new Execution(runChecked(spec.name(), command, targetOf(sub, args), reasonOf(args)), command.json(), spec.name());
    }

    /**
     * What an attempt is about, for the audit and the team's timeline: the command's positional words ("prod",
     * "deploy.yml"), not its options (a refused `unlock prod --reason x` is about prod); the whole line when it has none.
     */
    private static String targetOf(CommandLine.ParseResult sub, List<String> args) {
        List<String> words = new ArrayList<>();
        for (var p : sub.matchedPositionals()) words.addAll(p.stringValues());
        return words.isEmpty() ? String.join(" ", args.subList(1, args.size())) : String.join(" ", words);
    }

    /**
     * Runs a guarded action given as typed values (the screen's keys): the command object the parser would
     * have filled, on the same path as a parsed line - read-only refusal, the command's guard, the audit.
     */
    public Result invoke(Request request) {
        BaseCommand command;
        if (request instanceof Request.Unlock u) {
            UnlockCommand c = new UnlockCommand();
            c.target = u.target();
            c.id = u.lockId();
            c.guarded.reason = u.reason();
            command = c;
        } else if (request instanceof Request.Cancel x) {
            CancelCommand c = new CancelCommand();
            c.runId = x.runId();
            c.guarded.reason = x.reason();
            command = c;
        } else if (request instanceof Request.Approve a) {
            ApproveCommand c = new ApproveCommand();
            c.runId = a.runId();
            c.guarded.reason = a.reason();
            command = c;
        } else {
            throw new IllegalArgumentException("no command for " + request);
        }
        command.bind(baton, io);
        // the target as a parsed line's is (targetOf): the positional word, the lock or the run, without options
        return runChecked(request.name(), command, request.words().get(1), request.reason());
    }

    /** The one path after parsing: read-only refuses every mutating command here; mutating attempts are audited. */
    private Result runChecked(String name, BaseCommand command, String target, String reason) {
        Team.Seat seat = io.seat();
        if (seat == null) return decided(name, command, target, reason);
        seat.activity(dev.baton.model.Presence.Activity.RUNNING, name); // the others see what this operator runs
        try {
            return decided(name, command, target, reason);
        } finally {
            seat.activity(dev.baton.model.Presence.Activity.IDLE, null);
        }
    }

    private Result decided(String name, BaseCommand command, String target, String reason) {
        String refused = mutating(command.getClass()) ? Guard.refusal(baton, io) : null;
        if (refused != null) {
            audit(name, target, reason, "refused", refused);
            return Result.error(Exit.REFUSED, name + ": refused, " + refused);
        }
        return mutating(command.getClass()) ? runAudited(name, command, target, reason) : run(name, command);
    }

    private Result unknown(String word) {
        return Result.error(Exit.USAGE, "unknown command '" + word + "'" + Names.didYouMean(word, names(), "; try 'help'"));
    }

    /** One command's usage, as `CMD --help` prints it; an unknown name is a usage error with a did-you-mean. */
    Result usage(String name) {
        CommandLine sub = tree().getSubcommands().get(name);
        return sub == null ? unknown(name) : Result.ok(usage(sub), null);
    }

    /** Plain text: a Result is shown by any frontend (a pop-up escapes picocli's colour codes), so no ANSI here. */
    private static String usage(CommandLine cl) {
        StringWriter w = new StringWriter();
        cl.usage(new PrintWriter(w), CommandLine.Help.Ansi.OFF);
        return w.toString().stripTrailing();
    }

    /** The refusal of a screen command outside the screen. */
    static Result needsScreen(String name) {
        return Result.error(Exit.USAGE, name + ": only in the screen (run baton without a command)");
    }

    /** JSON output by the frontend's default or the words -o json, --output json, --json (errors the parser met). */
    private boolean jsonAsked(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--json") || a.equals("-ojson") || a.equals("--output=json") || a.equals("-o=json")) return true;
            if ((a.equals("-o") || a.equals("--output")) && i + 1 < args.size()) {
                if (args.get(i + 1).equals("json")) return true;
                if (args.get(i + 1).equals("text")) return false;
            }
        }
        return io.jsonByDefault();
    }

    /**
     * A mutating command whose attempt ended in an error the command did not record itself (a store that
     * failed before the guard, an out-of-memory) is still on the record: every attempt is audited.
     */
    private Result runAudited(String name, BaseCommand command, String target, String reason) {
        Result r;
        try {
            r = run(name, command);
        } catch (OutOfMemoryError | StackOverflowError e) {
            r = Result.error(Exit.BACKEND, name + ": " + e.getClass().getSimpleName() + ": nothing more was done");
            audit(name, target, reason, "failed", r.text());
            return r;
        }
        Throwable failure = lastFailure.get();
        lastFailure.remove();
        if (failure != null && !Guard.audited(failure)) audit(name, target, reason, "failed", r.text());
        return r;
    }

    /** The exception run() turned into a result on this thread: runAudited records it unless the guard did. */
    private final ThreadLocal<Throwable> lastFailure = new ThreadLocal<>();

    private void audit(String name, String target, String reason, String outcome, String detail) {
        Guard.record(baton, io, new AuditJournal(Guard.auditFile(baton), io.operator(), baton.clock()), name, target, null, reason, outcome, detail);
    }

    /** The --reason of a command line, for the record of an attempt that ended before the command read it. */
    private static String reasonOf(List<String> args) {
        String reason = null;
        for (int i = 1; i < args.size(); i++) {
            if (args.get(i).equals("--reason") && i + 1 < args.size()) reason = args.get(i + 1);
            else if (args.get(i).startsWith("--reason=")) reason = args.get(i).substring("--reason=".length());
        }
        return reason;
    }

    private Result run(String name, BaseCommand command) {
        try {
            return command.execute();
        } catch (Exception e) {
            lastFailure.set(e);
            return failure(name, e);
        }
    }

    /** A command's failure as its one line; the code is {@link Exit#of}'s. */
    private Result failure(String name, Exception e) {
        int code = Exit.of(e);
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return Result.error(code, name + ": interrupted");
        }
        if (e instanceof GitHubException || e instanceof LockStoreException) return Result.error(code, name + ": " + e.getMessage());
        if (code == Exit.USAGE) return Result.error(code, name + ": " + oneLine(e.getMessage()));
        log().error("command {} failed", name, e);
        return Result.error(code, name + ": " + e.getClass().getSimpleName() + ": " + oneLine(e.getMessage()));
    }

    static String oneLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }

    /** The command listing: the commands every frontend runs, then the screen's own. */
    @Override
    public String help() {
        StringBuilder sb = new StringBuilder("Commands:\n");
        for (Class<? extends BaseCommand> c : ALL) if (!SCREEN_ONLY.contains(c)) line(sb, c);
        sb.append("In the screen only:\n");
        for (Class<? extends BaseCommand> c : SCREEN_ONLY) line(sb, c);
        sb.append("Every command takes --help (or: help CMD); most take -o text|json (or --json).");
        return sb.toString();
    }

    private void line(StringBuilder sb, Class<? extends BaseCommand> c) {
        if (readOnly() && mutating(c)) return;
        Command a = c.getAnnotation(Command.class);
        sb.append(String.format("  %-12s %s%n", a.name(), a.description().length > 0 ? a.description()[0] : ""));
    }

    // ---- CommandRunner: the screen's and the line shell's entry --------------------------------------

    @Override
    public Result run(String line) {
        List<String> words;
        try {
            ParsedLine parsed = new DefaultParser().parse(line, line.length());
            words = new ArrayList<>(parsed.words());
            words.removeIf(String::isEmpty);
        } catch (RuntimeException e) {
            return Result.error(Exit.USAGE, "cannot parse: " + oneLine(e.getMessage()));
        }
        Execution ex = execute(words);
        return ex.json() ? ex.result().asJson(false) : ex.result();
    }

    @Override
    public Completer completer() {
        SystemCompleter commands = new PicocliCommands(tree()).compileCompleters();
        commands.compile(); // an uncompiled SystemCompleter throws IllegalStateException on every Tab
        return new AggregateCompleter(commands, new LiveValues(baton));
    }

    @Override
    /** Nothing may be changed from this frontend: baton is read-only, or its operator a viewer (the screen strips keys by it). */
    public boolean readOnly() {
        return Guard.refusal(baton, io) != null;
    }

    @Override
    public void onStream(java.util.function.Consumer<String> sink) {
        io.onStream(sink);
    }

    @Override
    public void onMark(java.util.function.LongConsumer sink) {
        io.onMark(sink);
    }

    @Override
    public void controls(FrontendControls c) {
        io.controls(c);
    }
}
