package dev.baton.serve;

import dev.baton.command.Exit;
import dev.baton.command.Operator;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.Signal;
import org.apache.sshd.server.channel.ChannelSession;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A shell session with a pty: the full screen, on a Lanterna terminal over the channel, for this session's
 * operator, on the server's one engine. TERM and the size come from the pty request, the size again from
 * every window-change; the client's NO_COLOR, COLORTERM and locale (if its ssh sends them) choose colours and glyphs.
 */
final class ScreenSession extends ChannelCommand {
    /** What of the client's environment the screen reads; nothing else of it reaches baton. */
    static final java.util.Set<String> PASSED = java.util.Set.of("TERM", "NO_COLOR", "COLORTERM", "LANG", "LC_ALL", "LC_CTYPE", "BATON_THEME");

    private volatile ChannelTerminal terminal;
    /** Why the server ended this screen (shutdown, idle), told to the client once the screen is gone. */
    private volatile String closedBecause;

    ScreenSession(Server server) {
        super(server);
    }

    @Override
    public void setErrorStream(OutputStream err) {
        // a pty has one output; the screen writes nothing else
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
        Operator operator = channel.getSession().getAttribute(SshDoor.OPERATOR);
        Map<String, String> sessionEnv = new HashMap<>(server.baton().env());
        sessionEnv.keySet().removeAll(PASSED);
        env.getEnv().forEach((k, v) -> {
            if (PASSED.contains(k)) sessionEnv.put(k, v);
        });
        String keyTheme = channel.getSession().getAttribute(SshDoor.THEME);
        if (keyTheme != null) sessionEnv.putIfAbsent("BATON_THEME", keyTheme); // the client's own SetEnv wins
        // the channel is UTF-8 whatever the server's locale: without a locale from the client, say so for the glyphs
        if (!sessionEnv.containsKey("LANG") && !sessionEnv.containsKey("LC_ALL") && !sessionEnv.containsKey("LC_CTYPE")) {
            sessionEnv.put("LANG", "C.UTF-8");
        }
        java.util.concurrent.atomic.AtomicLong lastKey = IdleTimeout.clock();
        ChannelTerminal t = new ChannelTerminal(IdleTimeout.keys(in, lastKey), out, number(env, Environment.ENV_COLUMNS), number(env, Environment.ENV_LINES));
        terminal = t;
        env.addSignalListener((ch, signal) -> t.resized(number(env, Environment.ENV_COLUMNS), number(env, Environment.ENV_LINES)), Signal.WINCH);
        spawn("screen-", operator, () -> run(operator, t, sessionEnv, lastKey));
    }

    private void run(Operator operator, ChannelTerminal t, Map<String, String> env, java.util.concurrent.atomic.AtomicLong lastKey) {
        int code;
        Server.Session session = operator == null ? null : server.enter(operator, "screen", why -> {
            closedBecause = why;
            try {
                in.close(); // the key reader sees the end and the screen leaves as on q
            } catch (IOException e) {
                // closing anyway
            }
        });
        try {
            if (session == null) {
                out.write(("baton: refused, " + server.maxSessions() + " sessions are connected already (--max-sessions)\r\n")
                        .getBytes(StandardCharsets.UTF_8));
                out.flush();
                code = Exit.REFUSED;
            } else {
                server.watchIdle(session, lastKey);
                code = server.screens().run(t, server.commands(session, true), env);
                if (closedBecause != null) out.write(("baton: " + closedBecause + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            out.flush();
        } catch (IOException | RuntimeException e) {
            code = Exit.of(e);
        } finally {
            server.leave(session);
        }
        exit.onExit(code);
    }

    private static int number(Environment env, String key) {
        try {
            return Integer.parseInt(env.getEnv().getOrDefault(key, "0").strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public void destroy(ChannelSession channel) {
        try {
            in.close();
        } catch (IOException | RuntimeException e) {
            // gone already
        }
        interrupt();
    }
}
