package dev.baton;

import dev.baton.command.Commands;
import dev.baton.command.Config;
import dev.baton.command.Exit;
import dev.baton.command.ScriptRunner;
import dev.baton.command.Baton;
import dev.baton.command.BatonOptions;
import dev.baton.command.FrontendIo;
import dev.baton.command.Text;
import dev.baton.workflow.InputLimits;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * baton's entry: global options, then the frontend. With a command (`baton status`), `-c`, `--script` or a
 * piped stdin it runs commands as a script; on a terminal it opens the screen; `baton sandbox` serves the
 * embedded sandbox; `--demo` starts the sandbox in-process and points baton at it through the same
 * environment variables a real user sets.
 */
public final class Main {
    /** `baton --help`: the modes, then the global options' lines from their annotations (GlobalOptions). */
    static String usage() {
        return """
                usage: baton [OPTIONS] [COMMAND [ARGS...]]
                       baton sandbox [--scenario NAME] [--speed N] [--port P] [--s3-port P]
                       baton shell
                       baton serve [--listen HOST:PORT] [--authorized-keys FILE] [--host-key FILE] [--socket PATH] [--max-sessions N]
                       baton attach [--socket PATH]

                """ + GlobalOptions.optionLines() + """

                Commands: status, groups, runs, run, locks, logs, events, watch, doctor (baton help lists all).
                Exit codes: 0 ok, 1 a check failed, 2 usage error, 3 backend or auth error, 4 refused by a guard.
                """;
    }

    /** The program modes: the first word after baton's options, each parsing its own arguments. */
    static final List<String> MODES = List.of("sandbox", "serve", "attach", "shell");

    private Main() {
    }

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        Logging.toFile(Config.stateDir(env).resolve("baton.log"));
        int code = run(args, env, System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        return run(args, environment, System.in, out, err);
    }

    /** Whether stdin is a terminal (Java 17 tells only whether both stdin and stdout are); tests replace it. */
    static java.util.function.BooleanSupplier stdinIsTerminal = Main::stdinIsTerminal;

    private static boolean stdinIsTerminal() {
        try {
            Process p = new ProcessBuilder("sh", "-c", "test -t 0").redirectInput(ProcessBuilder.Redirect.INHERIT)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(3, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false; // no sh: read stdin as before
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static int run(String[] args, Map<String, String> environment, java.io.InputStream stdin, PrintStream out, PrintStream err) {
        return run(args, environment, stdin, out, err, dev.baton.model.Sleeper.SYSTEM);
    }

    /** sleeper: how baton waits on wall time (tests give one that does not wait for GitHub's retries). */
    static int run(String[] args, Map<String, String> environment, java.io.InputStream stdin, PrintStream out, PrintStream err,
                   dev.baton.model.Sleeper sleeper) {
        return run(args, environment, stdin, out, err, null, sleeper);
    }

    /**
     * wall: the wall time baton waits on with sleeper (a loopback test's manual clock, which its sleeper moves, also
     * between the watch engine's polls); null: this machine's, the engine's polls spaced by its timer thread.
     */
    static int run(String[] args, Map<String, String> environment, java.io.InputStream stdin, PrintStream out, PrintStream err,
                   java.time.Clock wall, dev.baton.model.Sleeper sleeper) {
        GlobalOptions o;
        try {
            o = GlobalOptions.parse(args);
        } catch (IllegalArgumentException e) {
            boolean asked = List.of(args).contains("--json") || String.join(" ", args).contains("-o json");
            return fail(out, err, asked, e.getMessage(), Exit.USAGE);
        }
        // read once, here: a script's lines parse on the same tree, which sets its root's fields back
        boolean json = o.json;
        boolean named = o.parsedCommand != null || !o.rest.isEmpty(); // a command (or a mode) on the command line
        if (o.version) {
            out.println("baton " + version());
            return Exit.OK;
        }
        if (o.help) {
            out.print(usage());
            return Exit.OK;
        }
        if (o.cdsTraining) {
            try {
                return CdsTraining.run();
            } catch (IOException | InterruptedException e) {
                err.println(Text.visibleLines("baton: class-archive training failed: " + e.getMessage()));
                return Exit.BACKEND;
            }
        }
        if (o.demoRepos > 1 && !o.demo) {
            // not silently ignored: a user expecting N repositories watched would get one
            return fail(out, err, json, "--repos N goes with --demo (a sandbox of N repositories); baton sandbox --repos N serves one", Exit.USAGE);
        }
        boolean screen = System.console() != null && o.command == null && o.script == null && !named && !o.demo;
        if (!screen) Logging.bridgeJavaUtilLogging(); // the screen does it after its first frame
        if (!o.rest.isEmpty() && o.rest.get(0).equals("sandbox")) {
            return SandboxMain.serve(o.rest.subList(1, o.rest.size()), out, err);
        }
        if (!o.rest.isEmpty() && o.rest.get(0).equals("serve")) {
            try {
                return ServeMain.serve(o.rest.subList(1, o.rest.size()), environment, new BatonOptions(o.repos, o.config, o.readOnly, o.orgs, o.all), out, err);
            } catch (Config.ConfigException e) {
                return fail(out, err, false, e.getMessage(), Exit.USAGE);
            }
        }
        if (!o.rest.isEmpty() && o.rest.get(0).equals("attach")) {
            return AttachMain.attach(o.rest.subList(1, o.rest.size()), environment, out, err);
        }
        boolean fromStdin = o.command == null && o.script == null && !named && System.console() == null;
        if (fromStdin && stdinIsTerminal.getAsBoolean()) {
            // `baton | cat`: the screen needs stdout too, and reading a script from the keyboard in silence helps nobody
            return fail(out, err, json, "stdout is not a terminal; give a command (baton status) or -c", Exit.USAGE);
        }
        Map<String, String> env = new HashMap<>(environment);
        SandboxMain.Demo demo = null;
        try {
            if (o.demo) {
                try {
                    demo = SandboxMain.startDemo(o.scenario, o.speed, o.demoRepos);
                } catch (dev.baton.sandbox.SandboxException | IllegalArgumentException e) {
                    return fail(out, err, json, e.getMessage(), Exit.USAGE); // as `baton sandbox --scenario nope`
                }
                env.putAll(demo.exports()); // the same variables `baton sandbox` prints for a user
                o.repos.clear();
                // a fleet sandbox: every repository of its org, discovered as --org would (the fleet view opens)
                if (o.demoRepos > 1) o.orgs.add(env.get("BATON_ORG"));
            }
            boolean console = System.console() != null;
            boolean shell = !o.rest.isEmpty() && o.rest.get(0).equals("shell");
            boolean scripted = !shell && (o.command != null || o.script != null || named || !console);
            try (Baton baton = new Baton(env, new BatonOptions(o.repos, o.config, o.readOnly, o.orgs, o.all))) {
                baton.warnings().forEach(w -> err.println(Text.visibleLines("baton: " + w)));
                if (wall != null) baton.wallTime(wall, sleeper);
                else baton.sleeper(sleeper);
                baton.simulator(new dev.baton.sandbox.SandboxSimulator()::simulate); // what `simulate` plays on
                if (demo != null) baton.clock(demo.clock()); // the sandbox's timestamps run at its speed
                FrontendIo io = new FrontendIo(json, console && !scripted);
                io.colours(colours(console, env)); // job logs keep their colours only on a terminal
                Commands commands = new Commands(baton, io).tree(o.tree); // the tree the command line was parsed on
                if (shell) return Frontends.shell(commands, err);
                if (!scripted) {
                    // a server for this repository runs here: attach to it rather than poll the same token twice
                    if (demo == null && AttachMain.offer(offeredRepo(baton), environment)) return AttachMain.attach(List.of(), environment, out, err);
                    return Frontends.screen(commands, o.theme, o.ascii, demo == null ? 1 : demo.speed(), err);
                }
                ScriptRunner runner = new ScriptRunner(commands, out, err);
                if (o.command != null) return runner.runText(o.command);
                if (o.script != null) return runner.runText(readScript(o.script));
                if (o.parsedCommand != null) return runner.runParsed(o.parsedCommand, o.commandWords);
                if (!o.rest.isEmpty()) {
                    // names no command: the registry says so, with a did-you-mean; the program modes are near misses too here
                    List<String> all = new java.util.ArrayList<>(commands.names());
                    all.addAll(MODES);
                    String near = dev.baton.command.Names.closest(o.rest.get(0), all);
                    if (near != null && MODES.contains(near)) return fail(out, err, json, "unknown command '" + o.rest.get(0) + "'; did you mean '" + near + "'?", Exit.USAGE);
                    return runner.runOne(o.rest);
                }
                String script = InputLimits.read(new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)), "stdin", "a script");
                boolean empty;
                try {
                    empty = ScriptRunner.split(script).isEmpty();
                } catch (IllegalArgumentException e) {
                    empty = false; // the runner reports it
                }
                if (empty) {
                    err.println("baton: no commands on stdin, nothing run (give a command, -c 'CMD' or --script FILE)");
                    return Exit.OK;
                }
                return runner.runText(script);
            }
        } catch (IOException e) {
            return fail(out, err, json, e.getMessage(), Exit.USAGE); // the script or stdin baton was given cannot be read
        } catch (RuntimeException e) {
            int code = Exit.of(e); // a bad configuration, input over baton's limits: usage; anything else a backend's
            if (code != Exit.USAGE) org.slf4j.LoggerFactory.getLogger(Main.class).error("fatal", e);
            return fail(out, err, json, Exit.line(e), code);
        } finally {
            if (demo != null) {
                try {
                    demo.close();
                } catch (Exception ignored) {
                    // shutting down anyway
                }
            }
        }
    }

    /** The repository plain `baton` would watch, or null (none configured: the screen says so itself). */
    private static String offeredRepo(Baton baton) {
        try {
            return baton.repo().toString();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Colour codes may reach stdout: it is a terminal (with stdin: System.console) and NO_COLOR is unset or empty. */
    static boolean colours(boolean console, Map<String, String> env) {
        String noColor = env.get("NO_COLOR");
        return console && (noColor == null || noColor.isEmpty());
    }

    /**
     * An error before or around the commands: one line on stderr ("baton: ..."), and in JSON mode also
     * {"error": "..."} on stdout, as every command's error is (docs/commands.md).
     */
    private static int fail(PrintStream out, PrintStream err, boolean json, String message, int code) {
        String m = message == null ? "" : message;
        if (json) out.println(dev.baton.command.Json.line(Map.of("error", m)));
        err.println(Text.visibleLines("baton: " + m));
        return code;
    }

    /** A script file, or "cannot read FILE: why" (no such file, permission denied, a directory). */
    static String readScript(String file) throws IOException {
        try {
            return InputLimits.read(Path.of(file), "a script");
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException("cannot read " + file + ": no such file", e);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new IOException("cannot read " + file + ": permission denied", e);
        } catch (InputLimits.TooLarge | InputLimits.NotText e) {
            throw e;
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (why.startsWith(file)) why = why.substring(file.length()).replaceFirst("^:?\\s*", "");
            throw new IOException("cannot read " + file + ": " + (why.isEmpty() ? "unreadable" : why), e);
        }
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
