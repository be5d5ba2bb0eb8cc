package dev.baton.command;

import dev.baton.model.Lease;
import dev.baton.model.LockLocation;
import dev.baton.model.Presence;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Who shares this baton and what they hold (issue 13): one per {@link Baton}, so every session of `baton serve`
 * (SSH and the local socket) and a plain local screen see the same. Presence: each screen's operator, idle, in a
 * confirmation dialog or running a command, since when. Leases: while an operator confirms and carries out a
 * mutation, its target is theirs; another operator's mutation of it is refused ({@link Guard}) until the lease
 * ends - done, declined, or the session gone ({@link Seat#close}). The same operator is never blocked by their own.
 * One per root Baton (a fleet's members share it). Leases also hold across the baton processes of one state folder
 * ({@link LeaseFiles}: an OS file lock per target), and another process's are shown beside this one's.
 */
public final class Team {
    /** A mutation's target: the key every way of naming it reaches, and the word people use for it. */
    public record Target(String key, String label) {
        /** A lock by its URI (its environment's name as the label, else its key). */
        public static Target lock(LockLocation l) {
            return new Target("lock " + l.uri(), l.environment() != null ? l.environment() : l.key());
        }

        /** A run by its id; label as render words it ("#57"). */
        public static Target run(long id, String label) {
            return new Target("run " + id, label);
        }

        /**
         * This target in one repository: a run's id or a workflow's file names it only there, so its key carries the
         * repository (a lock's URI is already global); with several repositories watched the label names it too.
         */
        public Target in(String repo, boolean fleet) {
            String r = repo.toLowerCase(java.util.Locale.ROOT);
            String k = key.startsWith("lock ") ? key : key.replaceFirst(" ", " " + r + " ");
            return new Target(k, fleet ? repo + " " + label : label);
        }

        /** A workflow file (dispatch, rapid-fire). */
        public static Target workflow(String file) {
            String f = file.startsWith(".github/workflows/") ? file.substring(".github/workflows/".length()) : file;
            return new Target("workflow " + f, f);
        }
    }

    private final Clock clock;
    /** Other processes' leases (same state folder); null: this process only (unit tests). */
    private final LeaseFiles files;
    private volatile List<Lease> foreign = List.of();
    private Thread watcher; // guarded by this: reads the other processes' leases while a screen listens
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Seat> seats = new LinkedHashMap<>(); // guarded by this
    private final Map<String, List<Lease>> leases = new LinkedHashMap<>(); // guarded by this; target -> holds, oldest first
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    /** clock: the data's (the demo's sandbox time, else GitHub's), as events are stamped. */
    public Team(Clock clock) {
        this(clock, null);
    }

    /** files: the leases every baton process of one state folder shares (its own are taken there too). */
    Team(Clock clock, LeaseFiles files) {
        this.clock = clock;
        this.files = files;
    }

    /** The name of a local frontend's user (no serve session): the OS user. */
    public static String localName() {
        return System.getProperty("user.name", "?");
    }

    /** A screen's operator arrives: listed in the presence line until the seat closes. */
    public Seat join(String operator, String door) {
        return seat(operator, door, true);
    }

    /** A session without a screen (a script, a command over SSH): it holds leases but is not listed as present. */
    public Seat visit(String operator, String door) {
        return seat(operator, door, false);
    }

    private Seat seat(String operator, String door, boolean listed) {
        Seat s = new Seat(ids.incrementAndGet(), operator, door, listed);
        synchronized (this) {
            seats.put(s.id, s);
        }
        if (listed) changed();
        return s;
    }

    /** Every listed seat, oldest first. */
    public synchronized List<Presence> presence() {
        List<Presence> out = new ArrayList<>();
        for (Seat s : seats.values()) if (s.listed) out.add(s.presence());
        return out;
    }

    /** Every target held, with its first holder, oldest first: this process's, then other processes' (session -1). */
    public synchronized List<Lease> leases() {
        List<Lease> out = new ArrayList<>();
        for (List<Lease> holds : leases.values()) out.add(holds.get(0));
        for (Lease l : foreign) if (!leases.containsKey(l.target())) out.add(l);
        out.sort(Comparator.comparing(Lease::since).thenComparing(Lease::target));
        return out;
    }

    /**
     * Called (on the changing thread) after every change of presence or leases; another process's lease is seen
     * within {@link #LOOK_EVERY} (at once where the OS reports the folder's changes).
     */
    public void subscribe(Runnable listener) {
        listeners.add(listener);
        watchOthers();
    }

    /** How often the other processes' leases are read again without a change reported (a crashed holder's file stays as it was). */
    static final java.time.Duration LOOK_EVERY = java.time.Duration.ofSeconds(2);

    private synchronized void watchOthers() {
        if (files == null || watcher != null) return;
        watcher = new Thread(this::lookAtOthers, "baton-leases");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** The watcher's loop: the folder's changes (inotify), else every LOOK_EVERY; tells the listeners only when something differs. */
    private void lookAtOthers() {
        java.nio.file.WatchService ws = null;
        try {
            dev.baton.files.PrivateFiles.directory(files.dir());
            ws = files.dir().getFileSystem().newWatchService();
            files.dir().register(ws, java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY, java.nio.file.StandardWatchEventKinds.ENTRY_CREATE);
        } catch (java.io.IOException | RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(Team.class).debug("no change reports for {}: {}", files.dir(), e.toString());
        }
        try {
            while (!Thread.currentThread().isInterrupted()) {
                List<Lease> now = files.others();
                if (!now.equals(foreign)) {
                    foreign = List.copyOf(now);
                    changed();
                }
                if (ws == null) {
                    Thread.sleep(LOOK_EVERY.toMillis());
                    continue;
                }
                java.nio.file.WatchKey k = ws.poll(LOOK_EVERY.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
                if (k != null) {
                    k.pollEvents();
                    k.reset();
                }
            }
        } catch (InterruptedException | java.nio.file.ClosedWatchServiceException e) {
            // the Baton closed
        } finally {
            if (ws != null) {
                try {
                    ws.close();
                } catch (java.io.IOException ignored) {
                    // going away
                }
            }
        }
    }

    /** The Baton closes: the watcher stops and this process's lease files are given back (its sessions are gone). */
    void close() {
        Thread w;
        synchronized (this) {
            w = watcher;
            watcher = null;
        }
        if (w != null) w.interrupt();
        if (files != null) files.dropAll();
    }

    public void unsubscribe(Runnable listener) {
        listeners.remove(listener);
    }

    private void changed() {
        for (Runnable l : listeners) {
            try {
                l.run();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(Team.class).warn("a team listener failed", e);
            }
        }
    }

    /** One session's place in the team: its operator, what it does, the leases it holds. */
    public final class Seat implements AutoCloseable {
        private final long id;
        private final String operator;
        private final String door;
        private final boolean listed;
        // two layers, guarded by Team.this: what the session's commands do (a guarded dialog, a command running) and
        // what its screen shows (the command bar, a pop-up...); presence() says the more telling one
        private Presence.Activity activity = Presence.Activity.IDLE;
        private String what;
        private java.time.Instant since = clock.instant();
        private Presence.Activity screen = Presence.Activity.IDLE;
        private String screenWhat;
        private java.time.Instant screenSince = since;
        private boolean closed;

        private Seat(long id, String operator, String door, boolean listed) {
            this.id = id;
            this.operator = operator;
            this.door = door;
            this.listed = listed;
        }

        public long id() {
            return id;
        }

        public String operator() {
            return operator;
        }

        public Team team() {
            return Team.this;
        }

        /** A confirmation first (what the others must know), then the screen's modal, then a command running. */
        private Presence presence() {
            if (activity != Presence.Activity.DIALOG && screen != Presence.Activity.IDLE) {
                return new Presence(id, operator, door, screen, screenWhat, screenSince);
            }
            return new Presence(id, operator, door, activity, what, since);
        }

        /**
         * Takes every target for this operator's action: null when taken, else the lease of another operator that
         * holds one of them (and nothing is taken). A target this operator holds already (another of their
         * sessions) is shared, not refused.
         */
        public Lease acquire(String action, List<Target> targets) {
            synchronized (Team.this) {
                if (closed) throw new IllegalStateException("the session has ended");
                for (Target t : targets) {
                    for (Lease l : leases.getOrDefault(t.key(), List.of())) if (!l.operator().equals(operator)) return l;
                }
                java.time.Instant now = clock.instant();
                Lease refused = takeFiles(action, targets, now);
                if (refused != null) return refused;
                for (Target t : targets) {
                    leases.computeIfAbsent(t.key(), k -> new ArrayList<>()).add(new Lease(t.key(), t.label(), action, operator, door, id, now));
                }
            }
            if (!targets.isEmpty()) changed();
            return null;
        }

        /**
         * The other processes' side (Team.this held): each target nobody here holds yet is taken in the shared folder;
         * another process's holder refuses (and what this call took is given back), unless it is this same operator.
         */
        private Lease takeFiles(String action, List<Target> targets, java.time.Instant now) {
            if (files == null) return null;
            List<String> taken = new ArrayList<>();
            for (Target t : targets) {
                if (leases.containsKey(t.key()) || taken.contains(t.key())) continue;
                Lease other = files.take(new Lease(t.key(), t.label(), action, operator, door, id, now));
                if (other == null) {
                    taken.add(t.key());
                } else if (!other.operator().equals(operator)) {
                    taken.forEach(files::drop);
                    return other;
                }
            }
            return null;
        }

        /** Gives back this seat's holds on the targets (one each). */
        public void release(List<Target> targets) {
            boolean any = false;
            synchronized (Team.this) {
                for (Target t : targets) any |= dropOne(t.key());
            }
            if (any) changed();
        }

        private boolean dropOne(String key) {
            List<Lease> holds = leases.get(key);
            if (holds == null) return false;
            for (int i = 0; i < holds.size(); i++) {
                if (holds.get(i).session() == id) {
                    holds.remove(i);
                    if (holds.isEmpty()) {
                        leases.remove(key);
                        if (files != null) files.drop(key); // the last hold here: other processes may take it
                    }
                    return true;
                }
            }
            return false;
        }

        /** What this operator is doing now (idle, a dialog, a command); shown to the others. */
        public void activity(Presence.Activity a, String doing) {
            synchronized (Team.this) {
                if (activity == a && java.util.Objects.equals(what, doing)) return;
                activity = a;
                what = a == Presence.Activity.IDLE ? null : doing;
                since = clock.instant();
            }
            if (listed) changed();
        }

        /** What this operator's screen shows now (the command bar, a pop-up; idle: none), set on the screen's thread. */
        public void screen(Presence.Activity a, String doing) {
            synchronized (Team.this) {
                String w = a == Presence.Activity.IDLE ? null : doing;
                if (screen == a && java.util.Objects.equals(screenWhat, w)) return;
                screen = a;
                screenWhat = w;
                screenSince = clock.instant();
            }
            if (listed) changed();
        }

        /** False once the session is gone: an action confirmed meanwhile must not go on without its lease. */
        public boolean open() {
            synchronized (Team.this) {
                return !closed;
            }
        }

        /** The session is gone: its leases end with it, and it leaves the presence line. Idempotent. */
        @Override
        public void close() {
            synchronized (Team.this) {
                if (closed) return;
                closed = true;
                seats.remove(id);
                leases.values().forEach(holds -> holds.removeIf(l -> l.session() == id));
                leases.entrySet().removeIf(e -> {
                    if (!e.getValue().isEmpty()) return false;
                    if (files != null) files.drop(e.getKey());
                    return true;
                });
            }
            changed();
        }
    }
}
