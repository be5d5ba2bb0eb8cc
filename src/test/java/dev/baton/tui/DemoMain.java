package dev.baton.tui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The console on the real terminal with the fixed incident of {@link Fixtures}: for trying the screen by
 * hand and for the tmux test, before the lead's `baton --demo` exists. Prints a one-line error and exits
 * 2 when there is no usable terminal, as the product must.
 */
public final class DemoMain {
    private DemoMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        com.googlecode.lanterna.terminal.Terminal terminal;
        try {
            terminal = Terminals.open(env);
        } catch (Terminals.Unavailable e) {
            System.err.println("baton: " + e.getMessage());
            System.exit(2);
            return;
        }
        // not createTempDirectory: its SecureRandom would dominate the demo's start-up time
        Path state = Path.of(System.getProperty("java.io.tmpdir"), "baton-demo-" + ProcessHandle.current().pid());
        ScreenConfirm confirm = new ScreenConfirm();
        Fixtures.FakeRunner runner = new Fixtures.FakeRunner(args.length > 0 && args[0].equals("--read-only"));
        runner.answer = line -> line.startsWith("unlock")
                ? (confirm.confirm("Release " + line.split(" ")[1] + "?", "demo: nothing is released", "9f1c2d3e")
                ? dev.baton.command.Result.ok("released (demo)", null) : dev.baton.command.Result.error(4, "not confirmed"))
                : dev.baton.command.Result.ok("demo ran: " + line + "\nsecond line", null);
        ConsoleOptions o = ConsoleOptions.fromEnvironment(env).historyFile(state.resolve("history"))
                .clipboard(Terminals.clipboard(env)).confirm(confirm)
                .clock(Fixtures.CLOCK).zone(java.time.ZoneOffset.UTC)
                .logs((run, job) -> List.of("2026-03-10T14:01:01.0000000Z ##[group]Run terraform apply",
                        "2026-03-10T14:01:02.0000000Z \u001b[31mError:\u001b[0m state locked", "2026-03-10T14:01:03.0000000Z done " + run));
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--ascii")) o.ascii(true);
            if (args[i].equals("--theme")) o.theme(args[++i]);
        }
        int code = Console.run(terminal, new Fixtures.FakeFeed(Fixtures.snapshot(), Fixtures.events()), runner, o);
        terminal.close();
        System.exit(code);
    }
}
