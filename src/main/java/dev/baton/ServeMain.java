package dev.baton;

import dev.baton.command.Baton;
import dev.baton.command.BatonOptions;
import dev.baton.command.Exit;
import dev.baton.command.Text;
import dev.baton.serve.ServeOptions;
import dev.baton.serve.Server;
import dev.baton.serve.SshDoor;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** `baton serve`: one Baton for the whole team behind the SSH door, until SIGTERM or SIGINT. */
final class ServeMain {
    private ServeMain() {
    }

    /** global: the command line's repositories (several --repo, --org, --all: every screen opens on the fleet view). */
    static int serve(List<String> args, Map<String, String> env, BatonOptions global, PrintStream out, PrintStream err) {
        if (ServeOptions.helpRequested(args)) {
            out.println(ServeOptions.HELP);
            return Exit.OK;
        }
        ServeOptions options;
        try {
            options = ServeOptions.parse(args, env);
        } catch (IllegalArgumentException e) {
            err.println(Text.visibleLines("baton: " + e.getMessage()));
            return Exit.USAGE;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        try (Baton baton = new Baton(env, new BatonOptions(global.repos(), global.configFile(), global.readOnly() || options.readOnly(),
                global.orgs(), global.all()))) {
            baton.warnings().forEach(w -> err.println(Text.visibleLines("baton: " + w)));
            baton.repo(); // no repository (a fleet's first, or BATON_REPO): say so now, not at the first login
            baton.simulator(new dev.baton.sandbox.SandboxSimulator()::simulate);
            Server server = new Server(baton, options, ServeMain::screen, err);
            SshDoor door;
            try {
                door = server.start();
            } catch (IOException e) {
                server.close();
                err.println(Text.visibleLines("baton serve: " + e.getMessage()));
                return Exit.USAGE;
            }
            out.println("baton serve: " + (global.fleet() ? "a fleet" : baton.repo()) + " on ssh://" + options.host() + ":" + door.port()
                    + (baton.readOnly() ? " (read-only)" : ""));
            out.println("baton serve: host key " + door.hostKey().type() + " " + door.hostKey().fingerprint()
                    + (door.hostKey().created() ? " (new: " + options.hostKey() + ")" : ""));
            out.println("baton serve: operators from " + options.authorizedKeys());
            if (server.socketDoor() != null) out.println("baton serve: local door " + server.socketDoor().path() + " (baton attach)");
            out.flush();
            Thread hook = new Thread(() -> {
                server.close(); // every session is told why before the door closes
                stopped.countDown();
            }, "baton-serve-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            stopped.await();
            return Exit.OK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Exit.OK;
        }
    }

    /** A session's screen: as the local one, with the session's terminal and environment (its BATON_THEME, NO_COLOR). */
    static int screen(com.googlecode.lanterna.terminal.Terminal terminal, dev.baton.command.Commands commands, Map<String, String> env) {
        String theme = env.get("BATON_THEME");
        return Frontends.run(terminal, commands, env, theme == null || theme.isBlank() ? null : theme.strip(), false, 1, null);
    }
}
