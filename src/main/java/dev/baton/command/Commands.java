package dev.baton.command;

import dev.baton.github.GitHubException;
import dev.baton.lock.LockStoreException;
import dev.baton.workflow.WorkflowException;
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
            UnlockCommand.class, CancelCommand.class, DispatchCommand.class, ProbeLockCommand.class, AuditCommand.class,
            RapidFireCommand.class, LintCommand.class, SimulateCommand.class);

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

    CommandLine tree() {
        CommandLine root = new CommandLine(new Root(), new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                K k = CommandLine.defaultFactory().create(cls);
                if (k instanceof BaseCommand b) b.bind(baton, io);
                return k;
            }
        });
        for (Class<? extends BaseCommand> c : ALL) root.addSubcommand(c);
        root.setCaseInsensitiveEnumValuesAllowed(true);
        return root;
    }

    public static boolean mutating(Class<?> c) {
        return c.isAnnotationPresent(Mutating.class);
    }

    /** Names of the commands a frontend may offer (read-only and a viewer's session strip the mutating ones). */
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
        boolean jsonAsked = jsonAsked(args); // for errors before the command's own -o/--json is parsed
        boolean helpWord = args.get(0).equals("help") || args.get(0).equals("--help") || args.get(0).equals("-h");
        if (helpWord && args.size() == 1) return new Execution(Result.ok(help(), names()), false, "help");
        if (helpWord) return execute(List.of(args.get(1), "--help")); // help CMD: that command's usage
        CommandLine tree = tree();
        if (!tree.getSubcommands().containsKey(args.get(0))) {
            String near = Names.didYouMean(args.get(0), names(), "; try 'help'");
            return new Execution(Result.error(Exit.USAGE, "unknown command '" + args.get(0) + "'" + near), jsonAsked, "");
        }
        CommandLine.ParseResult parsed;
        try {
            parsed = tree.parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            return new Execution(Result.error(Exit.USAGE, oneLine(e.getMessage()) + " (see '" + args.get(0) + " --help')"), jsonAsked, args.get(0));
        }
        if (!parsed.hasSubcommand()) return new Execution(Result.error(Exit.USAGE, "unknown command '" + args.get(0) + "'; try 'help'"), jsonAsked, "");
        CommandLine.ParseResult sub = parsed.subcommand();
        CommandSpec spec = sub.commandSpec();
        String name = spec.name();
        BaseCommand command = (BaseCommand) spec.userObject();
        if (sub.isUsageHelpRequested()) {
            StringWriter w = new StringWriter();
            spec.commandLine().usage(new PrintWriter(w));
            return new Execution(Result.ok(w.toString().stripTrailing(), null), false, name);
        }
        boolean json = command.json();
        String refused = mutating(command.getClass()) ? Guard.refusal(baton, io) : null;
        if (refused != null) {
            audit(name, args, "refused", refused);
            return new Execution(Result.error(Exit.REFUSED, name + ": refused, " + refused), json, name);
        }
        return new Execution(mutating(command.getClass()) ? runAudited(name, command, args) : run(name, command), json, name);
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
    private Result runAudited(String name, BaseCommand command, List<String> args) {
        Result r;
        try {
            r = run(name, command);
        } catch (OutOfMemoryError | StackOverflowError e) {
            r = Result.error(Exit.BACKEND, name + ": " + e.getClass().getSimpleName() + ": nothing more was done");
            audit(name, args, "failed", r.text());
            return r;
        }
        Throwable failure = lastFailure.get();
        lastFailure.remove();
        if (failure != null && !Guard.audited(failure)) audit(name, args, "failed", r.text());
        return r;
    }

    /** The exception run() turned into a result on this thread: runAudited records it unless the guard did. */
    private final ThreadLocal<Throwable> lastFailure = new ThreadLocal<>();

    private void audit(String name, List<String> args, String outcome, String detail) {
        String reason = null;
        for (int i = 1; i < args.size(); i++) {
            if (args.get(i).equals("--reason") && i + 1 < args.size()) reason = args.get(i + 1);
            else if (args.get(i).startsWith("--reason=")) reason = args.get(i).substring("--reason=".length());
        }
        String target = String.join(" ", args.subList(1, args.size()));
        new AuditJournal(Guard.auditFile(baton), io.operator()).append(name, target, null, reason, outcome, detail);
    }

    private Result run(String name, BaseCommand command) {
        try {
            return command.execute();
        } catch (Exception e) {
            lastFailure.set(e);
            return failure(name, e);
        }
    }

    private Result failure(String name, Exception thrown) {
        try {
            throw thrown;
        } catch (GitHubException e) {
            return Result.error(Exit.BACKEND, name + ": " + e.getMessage());
        } catch (LockStoreException e) {
            return Result.error(Exit.BACKEND, name + ": " + e.getMessage());
        } catch (Config.ConfigException | WorkflowException | IllegalArgumentException e) {
            return Result.error(Exit.USAGE, name + ": " + oneLine(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.error(Exit.CHECK_FAILED, name + ": interrupted");
        } catch (Exception e) {
            log().error("command {} failed", name, e);
            return Result.error(Exit.BACKEND, name + ": " + e.getClass().getSimpleName() + ": " + oneLine(e.getMessage()));
        }
    }

    static String oneLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }

    public String help() {
        StringBuilder sb = new StringBuilder("Commands:\n");
        for (Class<? extends BaseCommand> c : ALL) {
            if (readOnly() && mutating(c)) continue;
            Command a = c.getAnnotation(Command.class);
            sb.append(String.format("  %-12s %s%n", a.name(), a.description().length > 0 ? a.description()[0] : ""));
        }
        sb.append("Every command takes -o text|json (or --json) and --help.");
        return sb.toString();
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
        if (ex.json() && ex.result().json() != null) {
            return new Result(ex.result().exitCode(), Json.pretty(ex.result().json()), ex.result().json());
        }
        return ex.result();
    }

    @Override
    public Completer completer() {
        SystemCompleter commands = new PicocliCommands(tree()).compileCompleters();
        commands.compile(); // an uncompiled SystemCompleter throws IllegalStateException on every Tab
        return new AggregateCompleter(commands, new LiveValues(baton));
    }

    /** Nothing may be changed from this frontend: baton is read-only, or its operator a viewer (the screen strips keys by it). */
    @Override
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
}
