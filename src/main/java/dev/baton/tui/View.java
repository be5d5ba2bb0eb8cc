package dev.baton.tui;

import dev.baton.render.TimeRender;
import dev.baton.command.LockTargets;

import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.Screen;
import dev.baton.command.CommandRunner;
import dev.baton.command.Result;
import dev.baton.model.ConcurrencyGroup;
import dev.baton.model.Event;
import dev.baton.model.Finding;
import dev.baton.model.RepoRef;
import dev.baton.model.Snapshot;
import dev.baton.model.StateLock;
import dev.baton.watch.SnapshotFeed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The console's state and drawing, driven from one thread: keys, snapshots and command results all
 * arrive as tasks in {@link #inbox} (or as direct calls in tests), and {@link #render(Screen)} draws the
 * whole frame into the Screen's back buffer; the Screen then sends only the changed cells.
 */
final class View {
    /** Looked up only when something goes wrong: starting SLF4J costs more than a whole frame. */
    private static Logger logger() {
        return LoggerFactory.getLogger(View.class);
    }
    private static final List<Duration> ZOOMS = List.of(Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofMinutes(30),
            Duration.ofHours(1), Duration.ofHours(3), Duration.ofHours(6), Duration.ofHours(24));
    static final List<String> LOCAL_COMMANDS = List.of("theme", "timeline", "help", "quit");

    enum Pane {
        GROUPS("Groups"), LOCKS("Locks"), LOG("Log"), EVENTS("Events");

        final String title;

        Pane(String title) {
            this.title = title;
        }
    }

    private enum Input { NONE, COMMAND, FILTER }

    private final SnapshotFeed feed;
    private final CommandRunner runner;
    private final ConsoleOptions opts;
    private final Executor commands;
    private final Executor logFetch;
    private final Themes themes;
    private final Keymap keymap;
    final BlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();
    private volatile Thread uiThread;

    private Theme theme;
    private Snapshot snapshot;
    private List<Event> events = List.of();
    private final Map<Long, Eviction> evictions = new LinkedHashMap<>();

    private final ListPane groups = new ListPane("Groups", false, l -> l.payload() instanceof Rows.GroupRef);
    private final ListPane locks = new ListPane("Locks");
    private final ListPane eventsPane = new ListPane("Events", true, l -> l.payload() != null);
    private final LogPane log;
    private Pane focus = Pane.GROUPS;

    private String timelineGroup;
    private Duration timelineWindow;
    private int timelineTop;

    private Input input = Input.NONE;
    /** Built after the first frame (see warmUp): JLine's reader costs as much start-up time as the whole first frame. */
    private CompletableFuture<CommandLine> commandLine;
    private final LineEdit filterEdit = new LineEdit();
    private Filter filterBefore = Filter.NONE;
    private Popup popup;
    private Dialog dialog;
    private boolean quitAsk;
    private String message;
    private String messageRole = "status";
    private String busy;
    private java.util.concurrent.FutureTask<Void> runningCommand;
    private boolean logInFlight;
    private boolean logAgain;
    private boolean logRunAlive;
    private String lastKey = "";
    private boolean running = true;
    private String streaming; // the command line whose streamed output the log pane shows, while it runs
    private final java.util.Set<Long> testRuns = new java.util.HashSet<>(); // runs rapid-fire created: marked in Groups
    private boolean wide;
    private int paneHeight = 10;
    private int locksWidth = 80;
    private int groupsWidth = 80;
    private Sheet groupsSheet = new Sheet();
    private Sheet locksSheet = new Sheet();

    View(SnapshotFeed feed, CommandRunner runner, ConsoleOptions opts, Executor commands, Executor logFetch) {
        this.feed = feed;
        this.runner = runner;
        this.opts = opts;
        this.commands = commands;
        this.logFetch = logFetch;
        this.themes = new Themes(opts.userThemes());
        this.keymap = Keymap.standard(runner.readOnly());
        this.log = new LogPane(opts.zone());
        this.timelineWindow = opts.timelineWindow();
        Theme t;
        try {
            t = themes.load(opts.theme(), opts.colorMode());
        } catch (IllegalArgumentException e) {
            t = themes.load("default", opts.colorMode());
            message = e.getMessage() + "; using default";
            messageRole = "error";
        }
        this.theme = t;
        Snapshot first = feed.latest();
        onSnapshot(first != null ? first : Snapshot.empty(new RepoRef("-", "-")));
        runner.onStream(line -> post(() -> streamed(line)));
        runner.onMark(runId -> post(() -> {
            if (testRuns.add(runId)) rebuild();
        }));
    }

    // ---------------------------------------------------------------- threads

    private CommandLine newCommandLine() {
        return new CommandLine(runner.completer(), opts.historyFile(), LOCAL_COMMANDS);
    }

    /** Builds the command bar's JLine parts in the background; the run loop calls it after the first frame. */
    void warmUp() {
        if (commandLine == null) commandLine = CompletableFuture.supplyAsync(this::newCommandLine, logFetch);
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
            logger().error("screen task failed", e);
            say("internal error: " + e, "error");
        }
    }

    boolean running() {
        return running;
    }

    /** Refuses every open confirmation: the screen is going away. */
    void close() {
        running = false;
        runner.onStream(null);
        runner.onMark(null);
        if (dialog != null) dialog.answer.complete(false);
        dialog = null;
        Runnable r;
        while ((r = inbox.poll()) != null) {
            // dialogs requested after the last frame are refused too
            try {
                r.run();
            } catch (RuntimeException ignored) {
                // shutting down
            }
            if (dialog != null) {
                dialog.answer.complete(false);
                dialog = null;
            }
        }
    }

    // ---------------------------------------------------------------- data

    void onSnapshot(Snapshot s) {
        if (s == null) return;
        snapshot = s;
        List<Event> recent = feed.recentEvents(200);
        events = recent == null ? List.of() : List.copyOf(recent);
        for (Event e : events) {
            if (e.kind() == Event.Kind.RUN_EVICTED) evictions.putIfAbsent(e.runId(), Eviction.of(e));
        }
        rebuild();
        if (log.open() && log.follow()) {
            boolean alive = s.run(log.runId()).map(r -> r.alive()).orElse(false);
            // while the run goes on, and once more when it ends: the last jobs' logs exist only then
            if (alive || logRunAlive) fetchLog();
            logRunAlive = alive;
        }
    }

    private Instant now() {
        return opts.clock().instant();
    }

    private void rebuild() {
        Instant now = now();
        evictions.values().removeIf(e -> e.at() != null && e.at().plus(opts.evictedVisibleFor()).isBefore(now));
        groupsSheet = Rows.groupsSheet(snapshot, List.copyOf(evictions.values()), now, opts.glyphs(), testRuns);
        locksSheet = Rows.locksSheet(snapshot, now, opts.zone());
        groups.setLines(groupsSheet.lines(groupsWidth));
        locks.setLines(locksSheet.lines(locksWidth));
        locks.header(locksSheet.header(locksWidth));
        eventsPane.setLines(Rows.events(snapshot, events, opts.zone(), opts.glyphs()));
    }

    // ---------------------------------------------------------------- keys

    void handle(KeyStroke k) {
        if (k == null) return;
        if (k.getKeyType() == KeyType.EOF) {
            quit();
            return;
        }
        String name = Keys.name(k);
        if (dialog != null) {
            dialogKey(k, name);
            return;
        }
        if (quitAsk) {
            quitAsk = false;
            if (name.equals("y") || name.equals("Y") || name.equals("Enter") || name.equals("Ctrl-C")) quit();
            else say("", "status");
            return;
        }
        if (input == Input.COMMAND) {
            commandKey(k, name);
            return;
        }
        if (input == Input.FILTER) {
            filterKey(k, name);
            return;
        }
        message = null;
        if (name.equals("Ctrl-C") && cancelCommand()) return;
        if (popup != null) {
            popupKey(name);
            return;
        }
        lastKey = name;
        KeyAction a = keymap.find(scope(), name);
        if (a != null) {
            a.run().accept(this);
        } else if (keymap.strippedKey(name)) {
            say("read-only: '" + name + "' changes things and is switched off", "warn");
        }
        rebuildIfClockMoved();
    }

    private void rebuildIfClockMoved() {
        // member ages and "waited" times change with the clock: keep rows current after each key
        rebuild();
    }

    private KeyAction.Scope scope() {
        if (timelineGroup != null) return KeyAction.Scope.TIMELINE;
        switch (focus) {
            case GROUPS: return KeyAction.Scope.GROUPS;
            case LOCKS: return KeyAction.Scope.LOCKS;
            case LOG: return KeyAction.Scope.LOG;
            default: return KeyAction.Scope.EVENTS;
        }
    }

    private void dialogKey(KeyStroke k, String name) {
        if (name.equals("Esc") || name.equals("Ctrl-C")) {
            dialog.answer.complete(false);
            dialog = null;
            say("refused", "warn");
        } else if (name.equals("Enter")) {
            if (dialog.input.text().equals(dialog.expected)) {
                dialog.answer.complete(true);
                dialog = null;
                say("confirmed", "status");
            } else {
                dialog.error = "that is not '" + dialog.expected + "'; try again or Esc";
            }
        } else {
            dialog.input.edit(k);
            dialog.error = null;
        }
    }

    private void commandKey(KeyStroke k, String name) {
        switch (name) {
            case "Esc":
            case "Ctrl-C":
                input = Input.NONE;
                commandLine().reset();
                return;
            case "Enter": {
                String line = commandLine().edit().text().trim();
                input = Input.NONE;
                commandLine().reset();
                if (!line.isEmpty()) {
                    commandLine().remember(line);
                    submit(line);
                }
                return;
            }
            case "Tab":
                commandLine().complete();
                return;
            case "Up":
                commandLine().clearCompletion();
                commandLine().historyUp();
                return;
            case "Down":
                commandLine().clearCompletion();
                commandLine().historyDown();
                return;
            default:
                if (commandLine().edit().edit(k)) commandLine().clearCompletion();
                if (name.equals("Backspace") && commandLine().edit().text().isEmpty() && k.getKeyType() == KeyType.Backspace) {
                    // Backspace on an empty bar leaves it, as in k9s
                    input = Input.NONE;
                }
        }
    }

    private void filterKey(KeyStroke k, String name) {
        switch (name) {
            case "Esc":
            case "Ctrl-C":
                input = Input.NONE;
                applyFilter(Filter.NONE);
                return;
            case "Enter":
                input = Input.NONE;
                return;
            default:
                if (filterEdit.edit(k)) applyFilter(Filter.parse(filterEdit.text()));
        }
    }

    private void popupKey(String name) {
        switch (name) {
            case "Esc": case "q": case "Enter": popup = null; break;
            case "Up": case "k": popup.scroll(-1); break;
            case "Down": case "j": popup.scroll(1); break;
            case "PgUp": case "Ctrl-B": popup.scroll(-popup.page()); break;
            case "PgDn": case "Ctrl-F": case " ": popup.scroll(popup.page()); break;
            case "Home": case "g": popup.home(); break;
            case "End": case "G": popup.end(); break;
            case "y": copy(popup.text(), "pop-up text"); break;
            case "Ctrl-C": popup = null; askQuit(); break;
            default: break;
        }
    }

    private void say(String text, String role) {
        message = text == null || text.isEmpty() ? null : text;
        messageRole = role;
    }

    // ---------------------------------------------------------------- actions (the key table calls these)

    void quit() {
        running = false;
    }

    void askQuit() {
        quitAsk = true;
    }

    LogPane log() {
        return log;
    }

    void cyclePane(int delta) {
        if (timelineGroup != null) return;
        Pane[] all = Pane.values();
        focus = all[(focus.ordinal() + delta + all.length) % all.length];
    }

    void jumpToPane() {
        if (lastKey.length() == 1 && lastKey.charAt(0) >= '1' && lastKey.charAt(0) <= '4') {
            timelineGroup = null;
            focus = Pane.values()[lastKey.charAt(0) - '1'];
        }
    }

    void openCommandBar() {
        input = Input.COMMAND;
        commandLine().reset();
    }

    void openFilter() {
        if (timelineGroup != null) return;
        input = Input.FILTER;
        filterBefore = currentFilter();
        filterEdit.set(filterBefore.text());
    }

    private Filter currentFilter() {
        return focus == Pane.LOG ? log.filter() : pane(focus).filter();
    }

    private void applyFilter(Filter f) {
        if (focus == Pane.LOG) log.setFilter(f);
        else pane(focus).setFilter(f);
    }

    private ListPane pane(Pane p) {
        switch (p) {
            case GROUPS: return groups;
            case LOCKS: return locks;
            default: return eventsPane;
        }
    }

    void showHelp() {
        List<Line> lines = new ArrayList<>();
        if (runner.readOnly()) lines.add(Line.of("READ-ONLY: keys that change things are switched off.", "warn"));
        for (KeyAction.Scope s : KeyAction.Scope.values()) {
            boolean any = false;
            for (KeyAction a : keymap.actions()) {
                if (a.scope() != s) continue;
                if (!any) {
                    if (!lines.isEmpty()) lines.add(Line.of("", "popup"));
                    lines.add(Line.of(s.title, "popup.title"));
                    any = true;
                }
                lines.add(new Line(List.of(new Line.Seg("  " + Text.fit(String.join(" ", a.keys()), 14), "status.key"),
                        new Line.Seg(" " + a.help() + (a.mutating() ? "  [changes things]" : ""), "popup")), a.help(), null));
            }
        }
        for (String[] p : Keymap.PROMPT_KEYS) {
            lines.add(Line.of("", "popup"));
            lines.add(Line.of(p[0], "popup.title"));
            lines.add(Line.of("  " + p[1], "popup"));
        }
        lines.add(Line.of("", "popup"));
        lines.add(Line.of("Screen commands: :theme NAME  :timeline GROUP  :help  :quit; others go to baton's command registry.", "popup"));
        popup = new Popup("Keys", lines, false);
    }

    void back() {
        if (timelineGroup != null) {
            timelineGroup = null;
        } else if (currentFilter().active()) {
            applyFilter(Filter.NONE);
        } else if (focus == Pane.LOG && log.selectedCount() > 1) {
            log.clearMark();
        } else if (focus == Pane.LOG) {
            focus = Pane.GROUPS;
        }
    }

    int page() {
        return Math.max(1, paneHeight - 1);
    }

    void move(int delta) {
        if (timelineGroup != null) {
            timelineTop = Math.max(0, timelineTop + delta);
            return;
        }
        if (focus == Pane.LOG) log.move(delta);
        else pane(focus).move(delta);
    }

    void home() {
        if (timelineGroup != null) timelineTop = 0;
        else if (focus == Pane.LOG) log.home();
        else pane(focus).home();
    }

    void end() {
        if (timelineGroup != null) return;
        if (focus == Pane.LOG) log.end();
        else pane(focus).end();
    }

    void enter() {
        if (timelineGroup != null) return;
        Line sel = focus == Pane.LOG ? null : pane(focus).selectedLine();
        Object p = sel == null ? null : sel.payload();
        if (p instanceof Rows.MemberRef) {
            openLog();
        } else if (p instanceof Rows.GroupRef) {
            openTimeline();
        } else if (p instanceof Rows.EvictedRef) {
            Eviction e = ((Rows.EvictedRef) p).eviction();
            popup = Popup.ofText("Evicted " + Rows.runLabel(snapshot, e.runId()),
                    "group:    " + e.group() + "\nrun:      " + Rows.runLabel(snapshot, e.runId()) + " (id " + e.runId() + ")"
                            + "\nreplaced: " + Objects.toString(Rows.replacedBy(snapshot, e), "unknown")
                            + "\nat:       " + TimeRender.clock(e.at(), opts.zone()) + "\ndetail:   " + Objects.toString(e.detail(), ""), false);
        } else if (p instanceof StateLock) {
            popup = Popup.ofText("Lock " + ((StateLock) p).location().uri(), lockDetails((StateLock) p), false);
        } else if (p instanceof Finding) {
            Finding f = (Finding) p;
            popup = Popup.ofText("Finding", dev.baton.render.FindingRender.details(f, opts.zone()), f.severity() == dev.baton.model.Severity.ERROR);
        } else if (p instanceof Event) {
            Event e = (Event) p;
            popup = Popup.ofText("Event", dev.baton.render.EventRender.details(snapshot, e, opts.zone()), false);
        }
    }

    private String lockDetails(StateLock l) {
        String details = dev.baton.render.LockRender.details(snapshot, l, now());
        return runner.readOnly() ? details : details + "\n\nu: unlock (asks for typed confirmation)";
    }

    void openLog() {
        Line sel = groups.selectedLine();
        if (sel == null || !(sel.payload() instanceof Rows.MemberRef)) {
            say("select a run (a member row) first", "warn");
            return;
        }
        Rows.MemberRef m = (Rows.MemberRef) sel.payload();
        log.target(m.runId(), m.jobId(), m.label() + " " + m.group());
        logRunAlive = true; // if it ended meanwhile, the next snapshot fetches its final log
        focus = Pane.LOG;
        fetchLog();
    }

    void fetchLog() {
        if (!log.open() || log.runId() == 0) return; // 0: command output shown in the pane, not a run's log
        LogSource src = opts.logs();
        if (src == null) {
            log.status("logs are not available in this session");
            return;
        }
        if (logInFlight) {
            logAgain = true;
            return;
        }
        logInFlight = true;
        logAgain = false;
        long runId = log.runId();
        Long jobId = log.jobId();
        logFetch.execute(() -> {
            List<String> lines = null;
            String error = null;
            try {
                lines = src.lines(runId, jobId);
            } catch (Exception e) {
                error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            }
            List<String> got = lines;
            String err = error;
            post(() -> {
                logInFlight = false;
                if (log.runId() == runId && Objects.equals(log.jobId(), jobId)) {
                    if (got != null) log.setLines(got);
                    else log.status("log: " + err);
                }
                if (logAgain) fetchLog(); // asked for while this one ran: another log opened, or the run ended
            });
        });
    }

    void openTimeline() {
        String g = selectedGroup();
        if (g == null) {
            if (snapshot.groups().isEmpty()) {
                say("no groups to show", "warn");
                return;
            }
            g = snapshot.groups().get(0).name();
        }
        timelineGroup = g;
        timelineTop = 0;
    }

    private String selectedGroup() {
        Line sel = groups.selectedLine();
        if (sel == null) return null;
        Object p = sel.payload();
        if (p instanceof Rows.GroupRef) return ((Rows.GroupRef) p).name();
        if (p instanceof Rows.MemberRef) return ((Rows.MemberRef) p).group();
        if (p instanceof Rows.EvictedRef) return ((Rows.EvictedRef) p).eviction().group();
        return null;
    }

    void zoomTimeline(int delta) {
        int i = 0;
        while (i < ZOOMS.size() - 1 && ZOOMS.get(i).compareTo(timelineWindow) < 0) i++;
        timelineWindow = ZOOMS.get(Math.max(0, Math.min(ZOOMS.size() - 1, i + delta)));
    }

    void cycleTimelineGroup(int delta) {
        List<ConcurrencyGroup> gs = snapshot.groups();
        if (gs.isEmpty() || timelineGroup == null) return;
        int i = 0;
        for (int k = 0; k < gs.size(); k++) if (gs.get(k).key().equals(ConcurrencyGroup.key(timelineGroup))) i = k;
        timelineGroup = gs.get((i + delta + gs.size()) % gs.size()).name();
        timelineTop = 0;
    }

    void cancelRun() {
        Line sel = groups.selectedLine();
        if (sel == null || !(sel.payload() instanceof Rows.MemberRef)) {
            say("select a run to cancel", "warn");
            return;
        }
        askReason("cancel " + ((Rows.MemberRef) sel.payload()).runId());
    }

    /**
     * A destructive key opens the command bar with its command and an empty --reason, the cursor inside the
     * quotes: the operator says why for the audit record, sees exactly what will run, and Enter runs it.
     */
    void askReason(String command) {
        input = Input.COMMAND;
        commandLine().reset();
        String line = command + " --reason \"\"";
        commandLine().edit().set(line, line.length() - 1);
        say("why? (for the audit record), then Enter; Esc cancels", "status");
    }

    void unlock() {
        Line sel = locks.selectedLine();
        if (sel == null || !(sel.payload() instanceof StateLock)) {
            say("select a lock to unlock", "warn");
            return;
        }
        askReason(LockTargets.unlockCommand((StateLock) sel.payload()));
    }

    static String quote(String s) {
        return LockTargets.quote(s);
    }

    void copyLog() {
        if (log.selectedCount() == 0) {
            say("nothing to copy", "warn");
            return;
        }
        int n = log.selectedCount();
        if (copy(log.selectedText(), n + (n == 1 ? " line" : " lines"))) log.clearMark();
    }

    private boolean copy(String text, String what) {
        Clipboard cb = opts.clipboard();
        if (cb == null || !cb.copy(text)) {
            say("cannot copy: no terminal clipboard", "warn");
            return false;
        }
        say("copied " + what + " (OSC 52)", "status");
        return true;
    }

    // ---------------------------------------------------------------- commands

    /** Screen commands are handled here; everything else goes to the command runner on its own thread. */
    void submit(String line) {
        List<String> words = commandLine().words(line);
        String first = words.isEmpty() ? "" : words.get(0);
        switch (first) {
            case "q": case "quit": case "exit":
                quit();
                return;
            case "help":
                showHelp();
                return;
            case "theme":
                if (words.size() < 2) {
                    popup = Popup.ofText(":theme", "current: " + theme.name() + "\navailable: " + String.join(", ", themes.names())
                            + "\n\nuse :theme NAME", false);
                } else {
                    try {
                        theme = themes.load(words.get(1), opts.colorMode());
                        say("theme " + theme.name(), "status");
                    } catch (IllegalArgumentException e) {
                        say(e.getMessage(), "error");
                    }
                }
                return;
            case "timeline":
                if (words.size() >= 2) {
                    String want = ConcurrencyGroup.key(words.get(1));
                    ConcurrencyGroup g = snapshot.groups().stream().filter(c -> c.key().equals(want)).findFirst().orElse(null);
                    if (g == null) {
                        say("no group '" + words.get(1) + "'", "error");
                        return;
                    }
                    timelineGroup = g.name();
                    timelineTop = 0;
                } else {
                    openTimeline();
                }
                return;
            default:
                break;
        }
        busy = line;
        java.util.concurrent.FutureTask<Void> task = new java.util.concurrent.FutureTask<>(() -> {
            Result r;
            try {
                r = runner.run(line);
            } catch (RuntimeException e) {
                logger().error("command failed: {}", line, e);
                r = new Result(3, "internal error: " + e, null);
            }
            Result result = r;
            if (!Thread.currentThread().isInterrupted()) post(() -> showResult(line, result));
            return null;
        });
        runningCommand = task;
        commands.execute(task);
    }

    /** Ctrl-C while a command runs interrupts it (a `watch` typed in the bar, a slow backend). */
    private boolean cancelCommand() {
        if (busy == null || runningCommand == null) return false;
        runningCommand.cancel(true);
        say("cancelled: " + busy, "warn");
        busy = null;
        streaming = null;
        runningCommand = null;
        return true;
    }

    /**
     * A line the running command printed as it went (rapid-fire's dispatches, watch's events): the log pane
     * shows them live under the command's name, so a minutes-long command is watched, not waited for.
     */
    private void streamed(String line) {
        if (busy == null) return; // the command was cancelled; its last words are dropped
        if (!busy.equals(streaming)) {
            streaming = busy;
            log.target(0, null, ":" + busy);
            logRunAlive = false;
            log.setLines(List.of());
            focus = Pane.LOG;
        }
        log.append(line);
    }

    private void showResult(String line, Result r) {
        if (busy == null) return; // cancelled meanwhile
        busy = null;
        runningCommand = null;
        String text = (r.error() != null ? "! " + r.error() + "\n" : "") + (r.text() == null ? "" : r.text());
        if (line.equals(streaming)) streaming = null; // its progress stays in the log pane; the result shows below as any other
        if (line.strip().split("\\s+")[0].equals("lint") && !text.isEmpty()) {
            showInLogPane(":" + line, text);
            return;
        }
        if (r.ok() && !text.contains("\n") && text.length() < 60) {
            say(text.isEmpty() ? ":" + line + ": ok" : text, "ok");
        } else {
            popup = Popup.ofText(":" + line + (r.ok() ? "" : "  (exit " + r.exitCode() + ")"), text, !r.ok());
        }
    }

    /**
     * Findings belong in a pane, not a pop-up: they are read, filtered with / and copied while the
     * operator fixes the files. The log pane holds them under a title naming the command (run id 0:
     * nothing to fetch or follow).
     */
    private void showInLogPane(String title, String text) {
        log.target(0, null, title);
        logRunAlive = false;
        log.setLines(List.of(text.split("\n")));
        focus = Pane.LOG;
    }

    void openDialog(String question, String detail, String expected, CompletableFuture<Boolean> answer) {
        if (!running) {
            answer.complete(false);
            return;
        }
        if (dialog != null) dialog.answer.complete(false);
        input = Input.NONE;
        dialog = new Dialog(question, detail, expected, answer);
    }

    // ---------------------------------------------------------------- drawing

    /** The header's text now: the run loop repaints on the clock only when this (or anything else) changed. */
    String headerText(int width) {
        StringBuilder sb = new StringBuilder();
        for (Line.Seg s : Rows.header(snapshot, now(), opts.staleAfter(), runner.readOnly(), opts.zone(), width)) sb.append(s.text());
        return sb.toString();
    }

    void tick() {
        rebuild();
    }

    void render(Screen screen) {
        Canvas c = new Canvas(screen, theme, opts.glyphs());
        int cols = screen.getTerminalSize().getColumns();
        int rows = screen.getTerminalSize().getRows();
        Instant now = now();
        screen.setCursorPosition(null);
        c.fill(new Rect(0, 0, cols, rows), "text");
        if (cols < 20 || rows < 6) {
            c.text(0, 0, cols, "baton: terminal too small", "error");
            return;
        }
        c.segs(0, 0, cols, Rows.header(snapshot, now, opts.staleAfter(), runner.readOnly(), opts.zone(), cols), "header");
        c.segs(0, 1, cols, Rows.pipeline(snapshot, opts.glyphs()), "text");
        wide = cols >= 120 && rows >= 30;
        Rect main;
        if (wide) {
            int eventsH = Math.max(4, Math.min(10, rows / 6));
            Rect eventsBox = new Rect(0, rows - 1 - eventsH, cols, eventsH);
            main = new Rect(0, 2, cols, rows - 3 - eventsH);
            if (timelineGroup == null) {
                int topH = Math.max(5, main.h() * 55 / 100);
                int leftW = split(cols);
                Rect g = new Rect(0, main.y(), leftW, topH);
                Rect l = new Rect(leftW, main.y(), cols - leftW, topH);
                Rect lg = new Rect(0, main.y() + topH, cols, main.h() - topH);
                fit(g.w() - 3, l.w() - 3);
                boxed(c, g, groups.decoratedTitle(), focus == Pane.GROUPS, in -> groups.draw(c, in, focus == Pane.GROUPS));
                boxed(c, l, locks.decoratedTitle(), focus == Pane.LOCKS, in -> locks.draw(c, in, focus == Pane.LOCKS));
                boxed(c, lg, log.title(), focus == Pane.LOG, in -> log.draw(c, in, focus == Pane.LOG));
                paneHeight = Math.max(1, (focus == Pane.LOG ? lg : focus == Pane.LOCKS ? l : g).h() - 2);
            } else {
                drawTimeline(c, main, now);
            }
            boxed(c, eventsBox, eventsPane.decoratedTitle(), focus == Pane.EVENTS, in -> eventsPane.draw(c, in, focus == Pane.EVENTS));
            if (focus == Pane.EVENTS) paneHeight = eventsH - 2;
        } else {
            fit(cols - 1, cols - 1);
            drawTabs(c, 2, cols);
            main = new Rect(0, 3, cols, rows - 5);
            if (timelineGroup != null) {
                drawTimeline(c, main, now);
            } else if (focus == Pane.LOG) {
                log.draw(c, main, true);
            } else {
                pane(focus).draw(c, main, true);
            }
            paneHeight = main.h();
            Line latest = eventsPane.visible().isEmpty() || focus == Pane.EVENTS ? Line.of("", "text") : eventsPane.visible().get(0);
            List<Line.Seg> strip = new ArrayList<>();
            strip.add(new Line.Seg(" ", "text"));
            strip.addAll(latest.segs());
            c.segs(0, rows - 2, cols, strip, "text");
        }
        drawStatus(c, rows - 1, cols);
        if (popup != null) popup.draw(c, cols, rows);
        if (dialog != null) {
            dialog.draw(c, cols, rows);
            screen.setCursorPosition(new TerminalPosition(Math.min(cols - 1, dialog.cursorX(cols, rows)), dialog.cursorY(cols, rows)));
        }
        if (quitAsk) {
            Popup q = Popup.ofText("Quit?", "Quit baton? y / Enter: quit, any other key: stay", false);
            q.draw(c, cols, rows);
        }
        if (input == Input.COMMAND && dialog == null) {
            screen.setCursorPosition(new TerminalPosition(Math.min(cols - 1, 1 + commandLine().edit().cursor() - commandScroll(cols)), rows - 1));
        } else if (input == Input.FILTER && dialog == null) {
            screen.setCursorPosition(new TerminalPosition(Math.min(cols - 1, 1 + filterEdit.cursor()), rows - 1));
        }
    }

    /**
     * Where Groups ends and Locks begins: the split that cuts the least (a verdict or a status before a
     * name, a name before an ID), between a third and two thirds of the width; of equal splits, the one
     * nearest to sharing the width in proportion to what each pane would fill.
     */
    private int split(int cols) {
        int gp = groupsSheet.preferred() + 3, lp = locksSheet.preferred() + 3;
        int target = cols * gp / Math.max(1, gp + lp);
        int best = -1;
        long[] bestLoss = null;
        for (int left = cols / 3; left <= cols * 2 / 3; left++) {
            long[] loss = Sheet.plus(groupsSheet.cut(left - 3), locksSheet.cut(cols - left - 3));
            int c = bestLoss == null ? -1 : Sheet.compare(loss, bestLoss);
            if (c < 0 || c == 0 && Math.abs(left - target) < Math.abs(best - target)) {
                best = left;
                bestLoss = loss;
            }
        }
        return best;
    }

    /** Columns depend on the panes' widths (a lock's verdict must always show): lay the rows out again when they change. */
    private void fit(int groupsW, int locksW) {
        if (groupsW != groupsWidth) {
            groupsWidth = groupsW;
            groups.setLines(groupsSheet.lines(groupsWidth));
        }
        if (locksW != locksWidth) {
            locksWidth = locksW;
            locks.setLines(locksSheet.lines(locksWidth));
            locks.header(locksSheet.header(locksWidth));
        }
    }

    private void boxed(Canvas c, Rect r, String title, boolean focused, java.util.function.Consumer<Rect> body) {
        c.box(r, title, focused ? "border.focus" : "border", focused ? "title.focus" : "title");
        body.accept(r.inner());
    }

    private void drawTabs(Canvas c, int y, int cols) {
        List<Line.Seg> segs = new ArrayList<>();
        for (Pane p : Pane.values()) {
            String count = p == Pane.LOG ? "" : " " + pane(p).count();
            String label = " " + (p.ordinal() + 1) + " " + p.title + count + " ";
            boolean active = p == focus && timelineGroup == null;
            segs.add(new Line.Seg(label, active ? "tab.active" : "tab"));
            segs.add(new Line.Seg(" ", "tab"));
        }
        if (timelineGroup != null) segs.add(new Line.Seg(" Timeline ", "tab.active"));
        Filter f = timelineGroup != null ? Filter.NONE : currentFilter();
        if (f.active()) segs.add(new Line.Seg(" /" + f.text(), "tab"));
        if (focus == Pane.LOG && timelineGroup == null) segs.add(new Line.Seg(" " + log.title(), "tab"));
        c.segs(0, y, cols, segs, "tab");
    }

    private void drawTimeline(Canvas c, Rect area, Instant now) {
        ConcurrencyGroup g = snapshot.groups().stream().filter(x -> x.key().equals(ConcurrencyGroup.key(timelineGroup))).findFirst().orElse(null);
        c.box(area, "Timeline " + timelineGroup + " (last " + TimeRender.duration(timelineWindow) + ")", "border.focus", "title.focus");
        Rect in = area.inner();
        if (g == null) {
            c.text(in.x() + 1, in.y(), in.w() - 1, "group " + timelineGroup + " is gone", "muted");
            return;
        }
        List<String> lines = Timeline.render(g, snapshot.runs(), events, now.minus(timelineWindow), now, Math.max(20, in.w() - 2), opts.zone(), opts.glyphs());
        timelineTop = Math.min(timelineTop, Math.max(0, lines.size() - in.h()));
        Glyphs gl = opts.glyphs();
        for (int i = 0; i < in.h() && timelineTop + i < lines.size(); i++) {
            String l = lines.get(timelineTop + i);
            int row = timelineTop + i;
            for (int k = 0; k < l.length() && k < in.w() - 2; k++) {
                char ch = l.charAt(k);
                String role = row == 0 ? "title.focus" : row <= 2 ? "gantt.axis" : "text";
                if (row > 2) {
                    if (ch == gl.ganttRunning()) role = "gantt.running";
                    else if (ch == gl.ganttWaiting()) role = "gantt.waiting";
                    else if (ch == gl.ganttEvicted()) role = "gantt.evicted";
                    else if (ch == gl.ganttOverlap()) role = "gantt.overlap";
                }
                c.put(in.x() + 1 + k, in.y() + i, ch, role, false);
            }
        }
        paneHeight = in.h();
    }

    /** How far the command bar scrolls left so that the cursor stays on screen (a long unlock line at 80 columns). */
    private int commandScroll(int cols) {
        return Math.max(0, commandLine().edit().cursor() - (cols - 3));
    }

    private void drawStatus(Canvas c, int y, int cols) {
        if (input == Input.COMMAND) {
            int from = commandScroll(cols);
            String text = commandLine().edit().text();
            String shown = from == 0 ? text : "<" + text.substring(from + 1); // "<": more to the left
            c.line(0, y, cols, new Line(List.of(new Line.Seg(":", "status.key"), new Line.Seg(shown, "input")), "", null), null, "input");
            List<String> cands = commandLine().candidates();
            if (!cands.isEmpty() && y > 0) {
                List<Line.Seg> segs = new ArrayList<>();
                for (int i = 0; i < cands.size(); i++) {
                    segs.add(new Line.Seg(" " + cands.get(i) + " ", i == commandLine().candidateIndex() ? "selected" : "popup"));
                }
                c.segs(0, y - 1, cols, segs, "popup");
            }
            return;
        }
        if (input == Input.FILTER) {
            Filter f = Filter.parse(filterEdit.text());
            List<Line.Seg> segs = new ArrayList<>();
            segs.add(new Line.Seg("/", "status.key"));
            segs.add(new Line.Seg(filterEdit.text(), "input"));
            if (f.error() != null) segs.add(new Line.Seg("  (" + f.error() + ")", "warn"));
            c.line(0, y, cols, new Line(segs, "", null), null, "input");
            return;
        }
        List<Line.Seg> segs = new ArrayList<>();
        if (busy != null) {
            segs.add(new Line.Seg(" running: " + busy + "   (Ctrl-C cancels)", "warn"));
        } else if (message != null) {
            segs.add(new Line.Seg(" " + message, messageRole.equals("status") ? "status" : messageRole));
        } else {
            String[][] hints = timelineGroup != null
                    ? new String[][]{{"Esc", "back"}, {"+/-", "zoom"}, {"[ ]", "group"}, {"?", "help"}, {"q", "quit"}}
                    : focus == Pane.LOG
                    ? new String[][]{{"f", "follow"}, {"w", "wrap"}, {"T", "time"}, {"v/y", "copy"}, {"/", "search"}, {"Esc", "back"}, {"?", "help"}}
                    : focus == Pane.LOCKS && !runner.readOnly()
                    ? new String[][]{{"Enter", "details"}, {"u", "unlock"}, {"/", "filter"}, {":", "cmd"}, {"Tab", "pane"}, {"?", "help"}, {"q", "quit"}}
                    : new String[][]{{"Enter", "open"}, {"t", "timeline"}, {"/", "filter"}, {":", "cmd"}, {"Tab", "pane"}, {"?", "help"}, {"q", "quit"}};
            for (String[] h : hints) {
                segs.add(new Line.Seg(" " + h[0], "status.key"));
                segs.add(new Line.Seg(" " + h[1] + " ", "status"));
            }
        }
        c.segs(0, y, cols, segs, "status");
    }

    // ---------------------------------------------------------------- for tests

    Pane focus() {
        return focus;
    }

    String timelineGroup() {
        return timelineGroup;
    }

    String message() {
        return message;
    }

    Theme theme() {
        return theme;
    }

    boolean popupOpen() {
        return popup != null;
    }

    String popupTitle() {
        return popup == null ? null : popup.title();
    }

    boolean dialogOpen() {
        return dialog != null;
    }
}
