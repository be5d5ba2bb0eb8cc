package dev.baton.serve;

import dev.baton.command.Baton;
import dev.baton.command.Commands;
import dev.baton.command.FrontendIo;
import dev.baton.command.Operator;

import java.io.Closeable;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One baton for a whole team: one {@link Baton} (one engine, one GitHub client, one audit journal) and the
 * doors operators come in through. Each session gets its own {@link FrontendIo} carrying its operator, so
 * the guard decides per operator while polls, caches and journals are shared.
 */
public final class Server implements Closeable {
    /** A connected operator: presence and what to call to end the session (with a reason). */
    public record Session(long id, Operator operator, String kind, Instant since, Closer closer, dev.baton.command.Team.Seat seat) {
    }

    @FunctionalInterface
    public interface Closer {
        void close(String why);
    }

    private final Baton baton;
    private final ServeOptions options;
    private final ScreenLauncher screens;
    private final PrintStream log;
    private final Map<Long, Session> sessions = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final List<Closeable> doors = new ArrayList<>();
    private volatile boolean closing;
    private volatile SocketDoor socketDoor;
    private volatile IdleTimeout idle;

    public Server(Baton baton, ServeOptions options, ScreenLauncher screens, PrintStream log) {
        this.baton = baton;
        this.options = options;
        this.screens = screens;
        this.log = log;
    }

    public Baton baton() {
        return baton;
    }

    public ScreenLauncher screens() {
        return screens;
    }

    /** Starts polling (one engine for every session) and opens the SSH door; returns it (its port, its key). */
    public SshDoor start() throws IOException {
        baton.startWatching();
        var serveConfig = baton.config().serve();
        idle = new IdleTimeout(serveConfig == null ? dev.baton.command.Config.Serve.DEFAULT_IDLE_TIMEOUT : serveConfig.idleTimeoutOrDefault());
        HostKey key = HostKey.loadOrCreate(options.hostKey());
        AuthorizedKeys keys = new AuthorizedKeys(options.authorizedKeys());
        for (String skipped : keys.read().skipped()) say(skipped);
        SshDoor door = new SshDoor(this, key, keys);
        door.start(options.host(), options.port());
        synchronized (doors) {
            doors.add(door);
        }
        if (options.socket() != null) {
            var serve = baton.config().serve();
            SocketDoor local = new SocketDoor(this, options.socket(), serve == null ? List.of() : serve.operatorsOrEmpty());
            local.start();
            synchronized (doors) {
                doors.add(local);
            }
            socketDoor = local;
        }
        return door;
    }

    /** The local door (the Unix socket for `baton attach`); null without one. */
    public SocketDoor socketDoor() {
        return socketDoor;
    }

    /** A new frontend for one session of this operator: its own IO, the shared Baton. */
    public Commands commands(Operator operator, boolean interactive) {
        return new Commands(baton, new FrontendIo(false, interactive).operator(operator));
    }

    /** A new frontend for a registered session: its own IO with the session's operator and its seat in the team. */
    public Commands commands(Session session, boolean interactive) {
        return new Commands(baton, new FrontendIo(false, interactive).operator(session.operator()).seat(session.seat()));
    }

    /** Registers a session; null (and nothing registered) when --max-sessions are already connected or the server closes. */
    public Session enter(Operator operator, String kind, Closer closer) {
        synchronized (sessions) {
            if (closing || sessions.size() >= options.maxSessions()) return null;
            // a screen is listed in every screen's presence line; a command or script only holds leases while it acts
            var team = baton.team();
            var seat = kind.startsWith("screen") ? team.join(operator.name(), operator.door()) : team.visit(operator.name(), operator.door());
            Session s = new Session(ids.incrementAndGet(), operator, kind, Instant.now(), closer, seat);
            sessions.put(s.id(), s);
            say(operator.name() + " (" + operator.role().word() + ", " + operator.door() + ") connected: " + kind);
            return s;
        }
    }

    public void leave(Session s) {
        if (s == null) return;
        s.seat().close(); // a session gone mid-dialog releases its leases
        if (idle != null) idle.forget(s);
        if (sessions.remove(s.id()) != null) say(s.operator().name() + " (" + s.operator().door() + ") left");
        synchronized (sessions) {
            sessions.notifyAll(); // close() waits for the last one
        }
    }

    /** A screen's keys: it is closed, with a message, after the config's serve: idle_timeout without one. */
    void watchIdle(Session s, java.util.concurrent.atomic.AtomicLong lastKey) {
        if (idle != null) idle.watch(s, lastKey);
    }

    /** How long a screen may go without a key (serve: idle_timeout); the SSH door's own timeout is a little longer. */
    java.time.Duration idleLimit() {
        IdleTimeout i = idle;
        return i == null ? dev.baton.command.Config.Serve.DEFAULT_IDLE_TIMEOUT : i.limit();
    }

    /** Who is connected now, oldest first. */
    public List<Session> sessions() {
        return sessions.values().stream().sorted(java.util.Comparator.comparingLong(Session::id)).toList();
    }

    public int maxSessions() {
        return options.maxSessions();
    }

    void say(String line) {
        if (log != null) {
            synchronized (log) {
                log.println("baton serve: " + dev.baton.command.Text.visibleLines(line));
                log.flush();
            }
        }
    }

    private void awaitSessionsGone(java.time.Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        synchronized (sessions) {
            for (long left; !sessions.isEmpty() && (left = deadline - System.nanoTime()) > 0; ) {
                try {
                    sessions.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Tells every session why it ends, closes them and the doors; the Baton is the caller's to close. */
    @Override
    public void close() {
        synchronized (sessions) {
            closing = true;
        }
        for (Session s : sessions()) {
            try {
                s.closer().close("baton serve is shutting down");
            } catch (RuntimeException e) {
                // the session is going anyway
            }
        }
        awaitSessionsGone(java.time.Duration.ofSeconds(5)); // each tells its client why and exits before the doors close
        if (idle != null) idle.close();
        synchronized (doors) {
            for (Closeable d : doors) {
                try {
                    d.close();
                } catch (IOException | RuntimeException e) {
                    // closing anyway
                }
            }
            doors.clear();
        }
    }
}
