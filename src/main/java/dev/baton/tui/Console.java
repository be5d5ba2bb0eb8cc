package dev.baton.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.Terminal;
import com.googlecode.lanterna.terminal.TerminalResizeListener;
import com.googlecode.lanterna.terminal.virtual.VirtualTerminal;
import dev.baton.command.CommandRunner;
import dev.baton.command.Exit;
import dev.baton.model.Snapshot;
import dev.baton.watch.SnapshotFeed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The full-screen console. {@link #run} owns the terminal until the operator quits: one screen thread
 * draws, one thread reads keys, commands and log fetches run on their own threads. Nothing redraws on
 * a timer: a frame is sent only when a key, a snapshot, a result, a resize or the age clock changed a
 * cell, and then only the changed cells.
 */
public final class Console {
    /** Looked up only when something goes wrong: starting SLF4J costs more than a whole frame. */
    private static Logger log() {
        return LoggerFactory.getLogger(Console.class);
    }

    private Console() {
    }

    /**
     * Runs the screen on the terminal until quit; returns the exit code (0, or 3 when the terminal
     * failed). The terminal is restored on return, on an exception, and on SIGHUP/SIGTERM (a shutdown
     * hook). The caller closes the feed and the terminal afterwards.
     */
    public static int run(Terminal terminal, SnapshotFeed feed, CommandRunner runner, ConsoleOptions options) {
        TerminalScreen screen;
        try {
            screen = new TerminalScreen(terminal);
            screen.startScreen();
        } catch (IOException e) {
            log().error("cannot start the screen", e);
            return Exit.BACKEND;
        }
        Thread restore = new Thread(() -> stop(screen), "baton-restore-terminal");
        boolean hooked = addHook(restore);
        ExecutorService commands = Executors.newSingleThreadExecutor(daemon("baton-command"));
        ExecutorService logs = Executors.newSingleThreadExecutor(daemon("baton-log"));
        View view = null;
        try {
            view = new View(feed, runner, options, commands, logs);
            View v = view;
            v.bindUiThread();
            if (options.confirm() != null) options.confirm().attach(v);
            // coalesce: however fast snapshots come, at most one waits in the inbox
            AtomicReference<Snapshot> pending = new AtomicReference<>();
            feed.subscribe(s -> {
                if (pending.getAndSet(s) == null) v.post(() -> v.onSnapshot(pending.getAndSet(null)));
            });
            TerminalResizeListener resized = (t, size) -> v.post(() -> { });
            terminal.addResizeListener(resized);
            java.util.Queue<KeyStroke> keys = new java.util.concurrent.ConcurrentLinkedQueue<>();
            startInputThread(screen, v, keys, terminal instanceof VirtualTerminal);
            loop(screen, v, keys, options);
            terminal.removeResizeListener(resized);
            return Exit.OK;
        } catch (IOException | RuntimeException e) {
            log().error("screen failed", e);
            return Exit.BACKEND;
        } finally {
            if (view != null) {
                view.close();
                if (options.confirm() != null) options.confirm().detach(view);
            }
            commands.shutdownNow();
            logs.shutdownNow();
            stop(screen);
            if (hooked) removeHook(restore);
        }
    }

    /**
     * The screen's thread. Keys go first: before each waiting task (a snapshot's rebuild, a command's result) the keys
     * read meanwhile are handled and their frame sent, so an echo never waits behind a snapshot's rows - under `baton
     * serve` every screen rebuilds every snapshot at once, and a key's frame queued behind that was the echo's tail.
     */
    private static void loop(TerminalScreen screen, View v, java.util.Queue<KeyStroke> keys, ConsoleOptions options) throws IOException {
        draw(screen, v, true);
        if (options.afterFirstFrame() != null) v.safely(options.afterFirstFrame());
        v.warmUp();
        while (v.running()) {
            long ms = 1000 - options.clock().millis() % 1000;
            Runnable task;
            try {
                task = v.inbox.poll(Math.max(20, ms), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            boolean woken = task != null;
            boolean dirty = !woken; // a tick redraws (the clock's ages)
            while (task != null) {
                if (keysFirst(screen, v, keys)) dirty = false;
                if (!v.running()) return;
                if (task != WAKE) {
                    v.safely(task);
                    dirty = true;
                }
                task = v.inbox.poll();
            }
            if (keysFirst(screen, v, keys)) dirty = false;
            if (!v.running()) return;
            if (!woken) v.tick();
            TerminalSize resized = screen.doResizeIfNecessary();
            if (dirty || resized != null) draw(screen, v, resized != null);
        }
    }

    /** Handles every key read so far and sends their frame: true when it drew (none waited, or one quit: false). */
    private static boolean keysFirst(TerminalScreen screen, View v, java.util.Queue<KeyStroke> keys) throws IOException {
        KeyStroke k = keys.poll();
        if (k == null) return false;
        for (; k != null; k = keys.poll()) {
            KeyStroke key = k;
            v.safely(() -> v.handle(key));
        }
        if (!v.running()) return false;
        draw(screen, v, screen.doResizeIfNecessary() != null);
        return true;
    }

    /** Renders into the back buffer and sends a frame only when a cell differs (no bytes on an idle tick). */
    static void draw(Screen screen, View v, boolean full) throws IOException {
        v.render(screen);
        if (full) {
            screen.refresh(Screen.RefreshType.COMPLETE);
        } else if (changed(screen)) {
            screen.refresh(Screen.RefreshType.DELTA);
        }
    }

    static boolean changed(Screen screen) {
        TerminalSize size = screen.getTerminalSize();
        for (int y = 0; y < size.getRows(); y++) {
            for (int x = 0; x < size.getColumns(); x++) {
                if (!screen.getBackCharacter(x, y).equals(screen.getFrontCharacter(x, y))) return true;
            }
        }
        // a cursor shown or hidden is a change too
        return screen.getCursorPosition() != null;
    }

    private static void startInputThread(Screen screen, View v, java.util.Queue<KeyStroke> keys, boolean poll) {
        Thread t = new Thread(() -> {
            try {
                while (v.running()) {
                    // Lanterna's virtual terminal holds its monitor while blocked in readInput, which would
                    // stall drawing; real terminals read under their own lock and may block
                    KeyStroke k = poll ? screen.pollInput() : screen.readInput();
                    if (k == null) {
                        if (poll) Thread.sleep(10);
                        continue;
                    }
                    keys.add(k);
                    v.post(WAKE); // the loop takes the keys before whatever else waits
                    if (k.getKeyType() == KeyType.EOF) return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException | RuntimeException e) {
                // the terminal went away (SIGHUP, closed pty): leave like q
                v.post(v::quit);
            }
        }, "baton-keys");
        t.setDaemon(true);
        t.start();
    }

    private static final Runnable WAKE = () -> { };

    private static void stop(Screen screen) {
        try {
            // blank the alternate screen before leaving it: tmux, when the window grew while baton ran, hands the
            // alternate screen's rows back into the shell's screen, which then showed the last frame's edges
            screen.clear();
            screen.refresh(Screen.RefreshType.COMPLETE);
        } catch (IOException | RuntimeException e) {
            log().debug("clearing the screen", e);
        }
        try {
            screen.stopScreen();
        } catch (IOException | RuntimeException e) {
            log().debug("stopping the screen", e);
        }
    }

    private static boolean addHook(Thread t) {
        try {
            Runtime.getRuntime().addShutdownHook(t);
            return true;
        } catch (IllegalStateException | SecurityException e) {
            return false;
        }
    }

    private static void removeHook(Thread t) {
        try {
            Runtime.getRuntime().removeShutdownHook(t);
        } catch (IllegalStateException | SecurityException e) {
            // already shutting down: the hook restores the terminal
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
