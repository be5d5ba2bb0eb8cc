package dev.baton;

import dev.baton.command.Exit;
import dev.baton.command.Text;
import dev.baton.serve.Frames;
import dev.baton.serve.ServeOptions;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * `baton attach [--socket PATH]`: this terminal onto the screen of a running `baton serve`, through its local
 * door. The terminal goes raw; keys and window sizes go to the server, the screen comes back; the exit code
 * is the session's. The server decides who this is (the Unix user) and what they may do.
 */
final class AttachMain {
    private AttachMain() {
    }

    static final String USAGE = "usage: baton attach [--socket PATH]";

    /**
     * Plain `baton` on a terminal, where a `baton serve` for the same repository answers on the default socket:
     * say so and ask whether to attach (yes by default) rather than start a second poller on the same token.
     * A stale socket file, another repository's server or no terminal: no question, false.
     */
    static boolean offer(String repo, Map<String, String> env) {
        java.io.Console console = System.console();
        if (console == null || repo == null) return false;
        return offer(ServeOptions.defaultSocket(env), repo, new java.io.BufferedReader(console.reader()), console.writer());
    }

    /** The question itself; answers: the operator's line (end of input: no). */
    static boolean offer(Path socket, String repo, java.io.BufferedReader answers, java.io.PrintWriter out) {
        dev.baton.serve.SocketDoor.Running running = dev.baton.serve.SocketDoor.query(socket, java.time.Duration.ofSeconds(2));
        if (running == null || !running.repo().equalsIgnoreCase(repo)) return false;
        out.print(Text.visibleLines("a baton server for " + running.repo() + " is running (" + running.sessions()
                + (running.sessions() == 1 ? " operator" : " operators") + " connected): attach? [Y/n] "));
        out.flush();
        String answer;
        try {
            answer = answers.readLine();
        } catch (IOException e) {
            answer = null;
        }
        if (answer == null) return false;
        String a = answer.strip().toLowerCase(java.util.Locale.ROOT);
        return a.isEmpty() || a.equals("y") || a.equals("yes");
    }

    static int attach(List<String> args, Map<String, String> env, PrintStream stdout, PrintStream err) {
        if (ServeOptions.helpRequested(args)) {
            stdout.println(USAGE + "\n\nThis terminal onto the screen of a running `baton serve`, through its Unix socket (default "
                    + ServeOptions.defaultSocket(env) + "). You are your Unix user; the server's config decides your role.");
            return Exit.OK;
        }
        Path socket = ServeOptions.defaultSocket(env);
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--socket") && i + 1 < args.size()) socket = Path.of(args.get(++i));
            else {
                err.println(Text.visibleLines("baton: unknown option '" + args.get(i) + "' of attach (" + USAGE + ")"));
                return Exit.USAGE;
            }
        }
        SocketChannel channel;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            err.println(Text.visibleLines("baton: no baton serve answers on " + socket + " (" + e.getMessage() + ")"));
            return Exit.BACKEND;
        }
        try (channel; Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            if (Terminal.TYPE_DUMB.equals(terminal.getType()) || System.console() == null) {
                err.println("baton: attach needs a terminal on stdin and stdout");
                return Exit.USAGE;
            }
            DataOutputStream out = Frames.output(channel);
            DataInputStream in = Frames.input(channel);
            Size size = terminal.getSize();
            String term = env.getOrDefault("TERM", "xterm-256color");
            StringBuilder hello = new StringBuilder(term.replace(' ', '_') + " " + size.getColumns() + " " + size.getRows());
            for (String name : dev.baton.serve.SocketDoor.ATTACH_PASSED) {
                String v = env.get(name);
                if (v != null && !v.contains(" ")) hello.append(' ').append(name).append('=').append(v);
            }
            Frames.write(out, Frames.HELLO, hello.toString());
            Attributes saved = terminal.enterRawMode();
            terminal.handle(Terminal.Signal.WINCH, s -> {
                Size now = terminal.getSize();
                try {
                    Frames.write(out, Frames.SIZE, now.getColumns() + " " + now.getRows());
                } catch (IOException e) {
                    // the server is gone; the reader below notices
                }
            });
            Thread keys = new Thread(() -> {
                byte[] buffer = new byte[1024];
                try {
                    InputStream keyboard = terminal.input();
                    for (int n; (n = keyboard.read(buffer)) >= 0; ) {
                        if (n > 0) Frames.write(out, Frames.DATA, buffer, 0, n);
                    }
                } catch (IOException e) {
                    // the server closed the connection
                }
            }, "baton-attach-keys");
            keys.setDaemon(true);
            keys.start();
            int code = Exit.BACKEND;
            OutputStream screen = terminal.output();
            try {
                for (Frames.Frame f; (f = Frames.read(in)) != null; ) {
                    if (f.type() == Frames.DATA) {
                        screen.write(f.payload());
                        screen.flush();
                    } else if (f.type() == Frames.EXIT) {
                        code = Integer.parseInt(f.text().strip());
                        break;
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // the server went away: leave with exit 3
            } finally {
                terminal.setAttributes(saved);
            }
            return code;
        } catch (IOException e) {
            err.println(Text.visibleLines("baton: attach: " + e.getMessage()));
            return Exit.BACKEND;
        }
    }
}
