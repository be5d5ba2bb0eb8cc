package dev.baton.serve;

import dev.baton.command.Exit;
import dev.baton.command.Operator;
import dev.baton.files.PrivateFiles;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The local door: a Unix domain socket (mode 0660, so the socket's group may connect) for `baton attach`,
 * as used behind the system's own sshd (`ForceCommand baton attach`). The operator is the peer's Unix user
 * (SO_PEERCRED, which the peer cannot forge); the role comes from the config's `serve: operators:` (user
 * names, or @group for the peer's primary group), viewer otherwise.
 */
public final class SocketDoor implements Closeable {
    private final Server server;
    private final Path path;
    private final List<String> operators;
    private ServerSocketChannel channel;
    /** What of the attaching terminal's environment its screen reads (TERM comes first in HELLO). */
    public static final java.util.Set<String> ATTACH_PASSED = java.util.Set.of("NO_COLOR", "COLORTERM", "BATON_THEME");

    SocketDoor(Server server, Path path, List<String> operators) {
        this.server = server;
        this.path = path;
        this.operators = List.copyOf(operators);
    }

    void start() throws IOException {
        PrivateFiles.createDirectories(path.toAbsolutePath().getParent());
        if (Files.exists(path)) {
            if (answers(path)) throw new IOException(path + ": another baton serve listens there");
            Files.delete(path); // left by a server that died
        }
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        s.bind(UnixDomainSocketAddress.of(path));
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw----"));
        channel = s;
        Thread t = new Thread(this::accept, "baton-socket-door");
        t.setDaemon(true);
        t.start();
    }

    public Path path() {
        return path;
    }

    static boolean answers(Path path) {
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            return c.isConnected();
        } catch (IOException e) {
            return false;
        }
    }

    /** What a server answering on a socket serves: its repository and how many sessions it has. */
    public record Running(String repo, int sessions) {
    }

    /**
     * Asks the server on this socket what it serves; null when nothing answers (no file, a stale file left by a
     * server that died, not a baton) within the timeout. Never throws: a caller only wants to know whether to offer.
     */
    public static Running query(Path path, java.time.Duration timeout) {
        if (path == null || !Files.exists(path)) return null;
        java.util.concurrent.CompletableFuture<Running> answer = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
                Frames.write(Frames.output(c), Frames.QUERY, "");
                Frames.Frame f = Frames.read(Frames.input(c));
                if (f == null || f.type() != Frames.INFO) return null;
                String[] w = f.text().strip().split(" ");
                return w.length == 2 && !w[0].isEmpty() ? new Running(w[0], number(w, 1)) : null;
            } catch (IOException | RuntimeException e) {
                return null;
            }
        });
        try {
            return answer.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            answer.cancel(true);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void accept() {
        while (channel.isOpen()) {
            try {
                SocketChannel c = channel.accept();
                Thread t = new Thread(() -> serve(c), "baton-socket-session");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    Operator identify(SocketChannel c) throws IOException {
        var peer = c.getOption(jdk.net.ExtendedSocketOptions.SO_PEERCRED);
        String user = peer.user().getName();
        String group = peer.group().getName();
        boolean operator = operators.contains(user) || operators.contains("@" + group);
        return new Operator(user, operator ? Operator.Role.OPERATOR : Operator.Role.VIEWER, "socket", "uid of " + user);
    }

    private void serve(SocketChannel c) {
        try (c) {
            Operator operator = identify(c);
            DataInputStream in = Frames.input(c);
            DataOutputStream out = Frames.output(c);
            Frames.Frame hello = Frames.read(in);
            if (hello != null && hello.type() == Frames.QUERY) {
                Frames.write(out, Frames.INFO, server.baton().repo() + " " + server.sessions().size());
                return;
            }
            if (hello == null || hello.type() != Frames.HELLO) return;
            String[] words = hello.text().split(" ");
            Map<String, String> env = new HashMap<>(server.baton().env());
            env.keySet().removeAll(ScreenSession.PASSED);
            env.put("TERM", words.length > 0 ? words[0] : "xterm");
            env.put("LANG", "C.UTF-8");
            // attach passes the operator's own colours and theme as NAME=value words after the size
            for (int i = 3; i < words.length; i++) {
                int eq = words[i].indexOf('=');
                String name = eq > 0 ? words[i].substring(0, eq) : "";
                if (ATTACH_PASSED.contains(name)) env.put(name, words[i].substring(eq + 1));
            }
            PipedOutputStream keys = new PipedOutputStream();
            PipedInputStream keysIn = new PipedInputStream(keys, 4096);
            OutputStream screen = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    Frames.write(out, Frames.DATA, b, off, len);
                }
            };
            java.util.concurrent.atomic.AtomicLong lastKey = IdleTimeout.clock();
            ChannelTerminal t = new ChannelTerminal(IdleTimeout.keys(keysIn, lastKey), screen, number(words, 1), number(words, 2));
            String[] closedBecause = new String[1];
            Server.Session session = server.enter(operator, "screen (socket)", why -> {
                closedBecause[0] = why;
                close(keys);
            });
            if (session == null) {
                Frames.write(out, Frames.DATA, "baton: refused, " + server.maxSessions() + " sessions are connected already (--max-sessions)\r\n");
                Frames.write(out, Frames.EXIT, String.valueOf(Exit.REFUSED));
                return;
            }
            Thread reader = new Thread(() -> relay(in, keys, t), "baton-socket-keys");
            reader.setDaemon(true);
            reader.start();
            int code;
            try {
                server.watchIdle(session, lastKey);
                code = server.screens().run(t, server.commands(session, true), env);
                String why = closedBecause[0];
                if (why != null) Frames.write(out, Frames.DATA, "baton: " + why + "\r\n");
            } finally {
                server.leave(session);
            }
            Frames.write(out, Frames.EXIT, String.valueOf(code));
        } catch (IOException | RuntimeException e) {
            server.say("local door: " + e.getMessage());
        }
    }

    /** attach's keys and window sizes into the session's terminal; the end of the stream ends the screen. */
    private static void relay(DataInputStream in, PipedOutputStream keys, ChannelTerminal terminal) {
        try {
            for (Frames.Frame f; (f = Frames.read(in)) != null; ) {
                if (f.type() == Frames.DATA) {
                    keys.write(f.payload());
                    keys.flush();
                } else if (f.type() == Frames.SIZE) {
                    String[] w = f.text().split(" ");
                    terminal.resized(number(w, 0), number(w, 1));
                } else {
                    break;
                }
            }
        } catch (IOException e) {
            // the client went away
        }
        close(keys);
    }

    private static void close(Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    private static int number(String[] words, int i) {
        try {
            return i < words.length ? Integer.parseInt(words[i].strip()) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
            Files.deleteIfExists(path);
        }
    }
}
