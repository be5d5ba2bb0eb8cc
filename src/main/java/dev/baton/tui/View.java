package dev.baton.tui;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.Screen;
import dev.baton.command.CommandRunner;
import dev.baton.command.Request;
import dev.baton.model.Event;
import dev.baton.model.RepoRef;
import dev.baton.model.Snapshot;
import dev.baton.watch.SnapshotFeed;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The screen's routing: a key goes to the active modal ({@link Modals}), else to the key table in the
 * focused pane's scope ({@link Keymap}); snapshots go to the pane controllers; {@link ScreenLayout} draws.
 * Everything runs on the screen's thread: keys, snapshots and command results arrive as tasks in
 * {@link #inbox}. Commands run on {@link CommandWorker}'s thread, log fetches on {@link LogController}'s.
 * About 440 lines, over ~400 on purpose: what is left is the screen's one place of state and routing (the
 * inbox, focus, the snapshot's hand-out to every pane, the frame's assembly); the panes, modals, key table,
 * layout and command thread are classes of their own (the fleet view's routing is {@link FleetPane}'s), and
 * splitting the routing would scatter it.
 */
final class View {
    enum Pane {
        GROUPS("Groups"), LOCKS("Locks"), LOG("Log"), EVENTS("Events");

        final String title;

        Pane(String title) {
            this.title = title;
        }
    }

    private final SnapshotFeed feed;
    private final CommandRunner runner;
    private final ConsoleOptions opts;
    private final Keymap keymap;
    private final ScreenCommands screenCommands;
    final BlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();
    private volatile Thread uiThread;
    private volatile Snapshot snapshot; // read by the screen's commands on the command thread
    private List<Event> events = List.of();

    private final GroupsPane groups = new GroupsPane(this);
    private final LocksPane locks = new LocksPane(this);
    private final FleetPane fleetPane = new FleetPane(this);
    private final EventsPane eventsPane = new EventsPane(this);
    private final LogController log;
    private final TimelineView timeline;
    private final CommandWorker worker;
    private final Modals modals = new Modals();
    private final ScreenLayout layout = new ScreenLayout(this);
    private Pane focus = Pane.GROUPS;

    /** Built after the first frame (see warmUp): JLine's reader costs as much start-up time as the whole first frame. */
    private CompletableFuture<CommandLine> commandLine;
    private final Executor background;
    private String message;
    private String messageRole = "status";
    private String lastKey = "";
    private volatile boolean running = true;

    View(SnapshotFeed feed, CommandRunner runner, ConsoleOptions opts, Executor commands, Executor logFetch) {
        this.feed = feed;
        this.runner = runner;
        this.opts = opts;
        this.background = logFetch;
        this.keymap = Keymap.standard(runner.readOnly());
        this.log = new LogController(this, logFetch);
        this.timeline = new TimelineView(this, opts.timelineWindow());
        this.worker = new CommandWorker(this, runner, commands);
        this.screenCommands = new ScreenCommands(this, opts);
        String themeError = screenCommands.loadInitial(opts.theme());
        if (themeError != null) say(themeError + "; using default", "error");
        Snapshot first = feed.latest();
        onSnapshot(first != null ? first : Snapshot.empty(new RepoRef("-", "-")));
        runner.onStream(line -> post(() -> worker.streamed(line)));
        runner.onMark(runId -> post(() -> {
            if (groups.mark(runId)) rebuild();
        }));
        runner.controls(screenCommands);
        if (opts.seat() != null) {
            opts.seat().team().subscribe(teamChanged);
            ScreenPresence presence = new ScreenPresence(this, opts.seat());
            modals.onChange(presence::update);
        }
    }

    /** Another operator arrived, left, opened a dialog or took a lease: a frame (the strip is read as it is drawn). */
    private final Runnable teamChanged = () -> post(() -> { });

    // ---------------------------------------------------------------- threads

    private CommandLine newCommandLine() {
        return new CommandLine(runner.completer(), opts.historyFile());
    }

    /** Builds the command bar's JLine parts in the background; the run loop calls it after the first frame. */
    void warmUp() {
        if (commandLine == null) commandLine = CompletableFuture.supplyAsync(this::newCommandLine, background);
    }

    private CommandLine commandLine() {
        if (commandLine == null) commandLine = CompletableFuture.completedFuture(newCommandLine());
        return commandLine.join();
    }

    void bindUiThread() {
        uiThread = Thread.currentThread();
    }

    boolean onUiThread() {
        return Thread.currentThread() == uiThread;
    }

    void post(Runnable r) {
        inbox.add(r);
    }

    /** Runs every queued task; a failing task is logged and shown, never fatal. */
    void drain() {
        Runnable r;
        while ((r = inbox.poll()) != null) safely(r);
    }

    void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(View.class).error("screen task failed", e);
            say("internal error: " + e, "error");
        }
    }

    boolean running() {
        return running;
    }

    /** Refuses every open confirmation, also those asked for after the last frame: the screen is going away. */
    void close() {
        running = false;
        if (opts.seat() != null) {
            opts.seat().team().unsubscribe(teamChanged);
            opts.seat().screen(dev.baton.model.Presence.Activity.IDLE, null); // the seat may outlive the screen (a serve session)
        }
        runner.onStream(null);
        runner.onMark(null);
        runner.controls(null);
        modals.dismissAll();
        Runnable r;
        while ((r = inbox.poll()) != null) {
            try {
                r.run();
            } catch (RuntimeException ignored) {
                // shutting down
            }
            modals.dismissAll();
        }
    }

    // ---------------------------------------------------------------- data

    void onSnapshot(Snapshot s) {
        if (s == null) return;
        snapshot = s;
        List<Event> recent = feed.recentEvents(200);
        events = recent == null ? List.of() : List.copyOf(recent);
        rebuild();
        log.onSnapshot(s);
    }

    /** Member ages and "waited" times change with the clock: the rows are rebuilt after each key and each tick. */
    void rebuild() {
        Instant now = now();
        groups.rebuild(snapshot, now);
        locks.rebuild(snapshot, now);
        eventsPane.rebuild(snapshot, events);
        if (opts.fleet() != null) fleetPane.rebuild(opts.fleet().repos());
    }

    void tick() {
        rebuild();
    }

    // ---------------------------------------------------------------- keys

    void handle(KeyStroke k) {
        if (k == null) return;
        if (k.getKeyType() == KeyType.EOF) {
            quit();
            return;
        }
        String name = Keys.name(k);
        Modal active = modals.active();
        if (active != null && !(active instanceof Popup)) {
            modals.key(k, name); // a question or a bar: every key is its own
            return;
        }
        message = null;
        if (name.equals("Ctrl-C") && worker.cancel()) return;
        if (modals.key(k, name)) return; // a pop-up
        lastKey = name;
        KeyAction a = keymap.find(scope(), name);
        if (a != null) {
            a.run().accept(this);
        } else if (keymap.strippedKey(name)) {
            say("read-only: '" + name + "' changes things and is switched off", "warn");
        }
        rebuild();
    }

    private KeyAction.Scope scope() {
        return timeline.open() ? KeyAction.Scope.TIMELINE : fleetShown() && focus != Pane.EVENTS ? KeyAction.Scope.FLEET : focused().scope();
    }

    void say(String text, String role) {
        message = text == null || text.isEmpty() ? null : text;
        messageRole = role;
    }

    // ---------------------------------------------------------------- actions (the key table calls these)

    void quit() {
        running = false;
    }

    void askQuit() {
        modals.push(new QuitQuestion(this::quit, () -> say("", "status")));
    }

    void cyclePane(int delta) {
        if (timeline.open()) return;
        if (fleetShown()) {
            focus = focus == Pane.EVENTS ? Pane.GROUPS : Pane.EVENTS; // the fleet view has its list and the events
            return;
        }
        Pane[] all = Pane.values();
        focus = all[(focus.ordinal() + delta + all.length) % all.length];
    }

    void jumpToPane() {
        if (lastKey.length() == 1 && lastKey.charAt(0) >= '1' && lastKey.charAt(0) <= '4') {
            timeline.close();
            focus = Pane.values()[lastKey.charAt(0) - '1'];
        }
    }

    void openCommandBar() {
        modals.push(new CommandBar(commandLine(), worker::submit));
    }

    void openFilter() {
        if (timeline.open()) return;
        PaneController p = focused();
        modals.push(new FilterBar(p.filter(), p::setFilter));
    }

    void showHelp() {
        show(HelpSheet.popup(keymap, runner.readOnly(), runner.help()));
    }

    void back() {
        if (timeline.open()) timeline.close();
        else if (focused().filter().active()) focused().setFilter(Filter.NONE);
        else if (!focused().back() && opts.fleet() != null && !fleetShown()) fleetPane.showFleet();
    }

    // ---------------------------------------------------------------- the fleet (several repositories)

    /** The fleet view is shown: several repositories are watched and none is open. */
    boolean fleetShown() {
        return opts.fleet() != null && opts.fleet().shown() == null;
    }

    FleetPane fleetPane() {
        return fleetPane;
    }

    /** The feed now serves another repository or the fleet: the panes start from its snapshot, the selection from the top. */
    void reshow() {
        timeline.close();
        focus = Pane.GROUPS;
        onSnapshot(feed.latest());
    }

    int page() {
        return Math.max(1, (timeline.open() ? timeline.height() : layout.paneHeight()) - 1);
    }

    void move(int delta) {
        if (timeline.open()) timeline.move(delta);
        else focused().move(delta);
    }

    void home() {
        if (timeline.open()) timeline.home();
        else focused().home();
    }

    void end() {
        if (!timeline.open()) focused().end();
    }

    void enter() {
        if (!timeline.open()) focused().enter();
    }

    void openTimeline() {
        timeline.open(groups.selectedGroup());
    }

    /**
     * A destructive key asks why (for the audit record), showing what will run; Enter then hands the typed
     * request to the command runner, whose guard asks for the typed confirmation.
     */
    void askReason(Request request) {
        modals.push(new ReasonBar(request, worker::invoke));
    }

    boolean copy(String text, String what) {
        Clipboard cb = opts.clipboard();
        if (cb == null || !cb.copy(text)) {
            say("cannot copy: no terminal clipboard", "warn");
            return false;
        }
        say("copied " + what + " (OSC 52)", "status");
        return true;
    }

    void show(Popup p) {
        modals.push(p.on(this));
    }

    /** A confirmation a command's thread waits for (see ScreenConfirm): it replaces an unanswered one, which is refused. */
    void openDialog(String question, String detail, String expected, CompletableFuture<Boolean> answer) {
        if (!running) {
            answer.complete(false);
            return;
        }
        for (Class<? extends Modal> typing : List.of(Dialog.class, CommandBar.class, FilterBar.class, ReasonBar.class)) modals.closeAll(typing);
        modals.push(new Dialog(question, detail, expected, answer, this::say));
    }

    // ---------------------------------------------------------------- what the panes, the layout and the screen commands read

    Snapshot snapshot() {
        return snapshot;
    }

    List<Event> events() {
        return events;
    }

    Instant now() {
        return opts.clock().instant();
    }

    ConsoleOptions options() {
        return opts;
    }

    boolean readOnly() {
        return runner.readOnly();
    }

    // the panes, the timeline and the modals: the key table and the layout reach them here
    GroupsPane groups() { return groups; }
    LocksPane locks() { return locks; }
    EventsPane eventsPane() { return eventsPane; }
    LogController logController() { return log; }
    LogPane log() { return log.pane(); }
    TimelineView timeline() { return timeline; }
    Modals modals() { return modals; }

    Pane focus() {
        return focus;
    }

    void focusPane(Pane p) {
        focus = p;
    }

    PaneController pane(Pane p) {
        switch (p) {
            case GROUPS: return groups;
            case LOCKS: return locks;
            case LOG: return log;
            default: return eventsPane;
        }
    }

    PaneController focused() {
        return fleetShown() && focus != Pane.EVENTS ? fleetPane : pane(focus);
    }

    /** What runs now, for the status line; null when nothing does. */
    String busy() {
        return worker.busy();
    }

    String messageRole() {
        return messageRole;
    }

    // ---------------------------------------------------------------- drawing

    /** The header's text now: the run loop repaints on the clock only when this (or anything else) changed. */
    String headerText(int width) {
        return layout.headerText(width);
    }

    void render(Screen screen) {
        layout.render(screen, screenCommands.theme());
    }

    // ---------------------------------------------------------------- for tests

    String timelineGroup() {
        return timeline.group();
    }

    String message() {
        return message;
    }

    Theme theme() {
        return screenCommands.theme();
    }

    boolean popupOpen() {
        return modals.find(Popup.class) != null;
    }

    String popupTitle() {
        Popup p = modals.find(Popup.class);
        return p == null ? null : p.title();
    }

    boolean dialogOpen() {
        return modals.find(Dialog.class) != null;
    }
}
