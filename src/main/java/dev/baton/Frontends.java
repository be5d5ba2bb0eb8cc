package dev.baton;

import dev.baton.command.Commands;
import dev.baton.command.Confirmer;
import dev.baton.command.Exit;
import dev.baton.command.JobLogs;
import dev.baton.command.Baton;
import dev.baton.command.Team;
import dev.baton.command.Text;
import dev.baton.model.Snapshot;
import dev.baton.model.SourceHealth;
import dev.baton.shell.Shell;
import dev.baton.tui.Console;
import dev.baton.tui.ConsoleOptions;
import dev.baton.tui.ScreenConfirm;
import dev.baton.tui.Terminals;
import dev.baton.watch.DeferredFeed;
import com.googlecode.lanterna.terminal.Terminal;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Starts the interactive frontends on top of one session: the full screen and the line shell. */
final class Frontends {
    private Frontends() {
    }

    /**
     * The screen reads ages on the session's data clock (GitHub's, or the demo's sandbox time).
     * @param speed how much faster than real time that clock runs: the stale warning waits as many real seconds
     */
    static int screen(Commands commands, String theme, boolean ascii, double speed, PrintStream err) {
        Terminal terminal;
        try {
            terminal = Terminals.open(commands.baton().env());
        } catch (Terminals.Unavailable e) {
            err.println(Text.visibleLines("baton: " + e.getMessage()));
            return Exit.USAGE;
        }
        return run(terminal, commands, theme, ascii, speed, null);
    }

    /** The screen on a terminal (closed on return); afterFirstFrame runs once the first frame is out, after the clients start. */
    static int run(Terminal terminal, Commands commands, String theme, boolean ascii, double speed, Runnable afterFirstFrame) {
        return run(terminal, commands, commands.baton().env(), theme, ascii, speed, afterFirstFrame);
    }

    /** The screen with colours and glyphs from env: an SSH session's own TERM and NO_COLOR, not the server's. */
    static int run(Terminal terminal, Commands commands, Map<String, String> env, String theme, boolean ascii, double speed,
                   Runnable afterFirstFrame) {
        Baton baton = commands.baton();
        ScreenConfirm confirm = new ScreenConfirm();
        commands.io().confirmer(Confirmer.typed(confirm::confirm));
        Duration refresh = baton.config().refreshInterval();
        Duration staleAfter = refresh.multipliedBy(3).compareTo(Duration.ofSeconds(15)) > 0 ? refresh.multipliedBy(3) : Duration.ofSeconds(15);
        ConsoleOptions options = ConsoleOptions.fromEnvironment(env)
                .theme(theme != null ? theme : baton.config().theme() != null ? baton.config().theme() : "default")
                .staleAfter(Duration.ofMillis((long) (staleAfter.toMillis() * Math.max(1, speed))))
                .logs((runId, jobId) -> JobLogs.lines(baton.github(), runId, jobId, baton.clock().instant()))
                .confirm(confirm);
        if (ascii) options.ascii(true);
        Clock now = baton.clock();
        options.clock(now);

        // every screen has a seat in the team (the fleet's too): a serve session brings its own, a local screen takes one here
        Team.Seat own = commands.io().seat() == null ? baton.team().join(Team.localName(), "local") : null;
        if (own != null) commands.io().seat(own);
        options.seat(commands.io().seat());
        if (baton.fleetMode()) {
            try {
                return fleet(terminal, commands, options, afterFirstFrame);
            } finally {
                leave(commands, own);
            }
        }

        DeferredFeed feed = new DeferredFeed(Snapshot.empty(baton.repo()));
        Thread connect = new Thread(() -> {
            try {
                baton.startWatching(); // builds the clients and starts polling, off the screen's thread
                feed.attach(baton.engine());
            } catch (RuntimeException e) {
                LoggerFactory.getLogger(Frontends.class).error("cannot start watching", e);
                Snapshot empty = Snapshot.empty(baton.repo());
                Instant at = now.instant();
                feed.placeholder(new Snapshot(at, empty.repo(), empty.mode(), empty.rateLimit(), null, null, null, null, null,
                        Map.of("github", new SourceHealth("github", null, String.valueOf(e.getMessage()), at))));
            }
        }, "baton-connect");
        connect.setDaemon(true);
        // after the first frame: building clients beside it would slow the frame down on a busy 2-core host
        options.afterFirstFrame(() -> {
            Logging.bridgeJavaUtilLogging(); // before the clients and JLine, which log through java.util.logging
            connect.start();
            if (afterFirstFrame != null) afterFirstFrame.run();
        });
        try {
            return Console.run(terminal, feed, commands, options);
        } finally {
            feed.detach(); // the engine outlives this screen under baton serve
            leave(commands, own);
            try {
                terminal.close();
            } catch (IOException ignored) {
                // the terminal is gone already
            }
        }
    }

    /** A local screen's own seat ends with it (a serve session's ends with the session). */
    private static void leave(Commands commands, Team.Seat own) {
        if (own == null) return;
        own.close();
        commands.io().seat(null);
    }

    /** Several repositories: the screen opens on the fleet view; its feed and commands follow the repository shown. */
    private static int fleet(Terminal terminal, Commands commands, ConsoleOptions options, Runnable afterFirstFrame) {
        dev.baton.command.FleetSession session = new dev.baton.command.FleetSession(commands);
        options.fleet(session);
        options.logs((runId, jobId) -> {
            Baton shown = session.shownBaton();
            return JobLogs.lines(shown.github(), runId, jobId, shown.clock().instant());
        });
        Thread connect = new Thread(() -> {
            try {
                session.start(); // discovers the orgs, builds the clients and starts polling, off the screen's thread
            } catch (RuntimeException e) {
                LoggerFactory.getLogger(Frontends.class).error("cannot start watching the fleet", e);
            }
        }, "baton-connect");
        connect.setDaemon(true);
        options.afterFirstFrame(() -> {
            Logging.bridgeJavaUtilLogging();
            connect.start();
            if (afterFirstFrame != null) afterFirstFrame.run();
        });
        try {
            return Console.run(terminal, session, session, options);
        } finally {
            session.close();
            try {
                terminal.close();
            } catch (IOException ignored) {
                // the terminal is gone already
            }
        }
    }

    static int shell(Commands commands, PrintStream err) {
        Baton baton = commands.baton();
        if (System.console() == null) {
            err.println("baton shell: stdin is not a terminal; pipe commands to `baton` instead, or use -c");
            return Exit.USAGE;
        }
        try (org.jline.terminal.Terminal terminal = Shell.systemTerminal()) {
            Shell shell = new Shell(terminal, commands, ConsoleOptions.historyFile(baton.env()));
            commands.io().confirmer(Confirmer.typed(shell::confirm));
            commands.io().onStream(line -> {
                terminal.writer().println(Text.visibleLines(Text.withoutColours(line)));
                terminal.writer().flush();
            });
            return shell.run();
        } catch (IOException e) {
            err.println(Text.visibleLines("baton shell: cannot open the terminal: " + e.getMessage()));
            return Exit.USAGE;
        }
    }
}
