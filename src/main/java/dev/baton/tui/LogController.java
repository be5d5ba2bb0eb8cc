package dev.baton.tui;

import dev.baton.model.Snapshot;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * The Log pane's controller: the {@link LogPane} widget, and the fetches of a run's log on their own thread
 * ({@code baton-log}, one at a time; a fetch asked for meanwhile runs after it). It also shows a command's
 * streamed output or findings (run id 0: nothing to fetch or follow).
 */
final class LogController implements PaneController {
    private final View view;
    private final LogPane log;
    private final Executor thread;
    private boolean inFlight;
    private boolean again;
    private boolean runAlive;

    LogController(View view, Executor thread) {
        this.view = view;
        this.log = new LogPane(view.options().zone());
        this.thread = thread;
    }

    LogPane pane() {
        return log;
    }

    @Override
    public KeyAction.Scope scope() {
        return KeyAction.Scope.LOG;
    }

    @Override
    public String boxTitle() {
        return log.title();
    }

    @Override
    public String tabCount() {
        return "";
    }

    @Override
    public void draw(Canvas c, Rect area, boolean focused) {
        log.draw(c, area, focused);
    }

    @Override
    public void move(int delta) {
        log.move(delta);
    }

    @Override
    public void home() {
        log.home();
    }

    @Override
    public void end() {
        log.end();
    }

    @Override
    public Filter filter() {
        return log.filter();
    }

    @Override
    public void setFilter(Filter f) {
        log.setFilter(f);
    }

    @Override
    public void enter() {
    }

    @Override
    public boolean back() {
        if (log.selectedCount() > 1) log.clearMark();
        else view.focusPane(View.Pane.GROUPS);
        return true;
    }

    @Override
    public String[][] hints(boolean readOnly) {
        return new String[][]{{"f", "follow"}, {"w", "wrap"}, {"T", "time"}, {"v/y", "copy"}, {"/", "search"}, {"Esc", "back"}, {"?", "help"}};
    }

    /** Opens a run's (or one job's) log and fetches it. */
    void open(long runId, Long jobId, String label) {
        log.target(runId, jobId, label);
        runAlive = true; // if it ended meanwhile, the next snapshot fetches its final log
        view.focusPane(View.Pane.LOG);
        fetch();
    }

    /** Shows text that is no run's log (a command's streamed lines, lint's findings) under a title. */
    void showText(String title, List<String> lines) {
        log.target(0, null, title);
        runAlive = false;
        log.setLines(lines);
        view.focusPane(View.Pane.LOG);
    }

    /** Following a run: fetch while it goes on, and once more when it ends (the last jobs' logs exist only then). */
    void onSnapshot(Snapshot s) {
        if (!log.open() || !log.follow()) return;
        boolean alive = s.run(log.runId()).map(r -> r.alive()).orElse(false);
        if (alive || runAlive) fetch();
        runAlive = alive;
    }

    void fetch() {
        if (!log.open() || log.runId() == 0) return;
        LogSource src = view.options().logs();
        if (src == null) {
            log.status("logs are not available in this session");
            return;
        }
        if (inFlight) {
            again = true;
            return;
        }
        inFlight = true;
        again = false;
        long runId = log.runId();
        Long jobId = log.jobId();
        thread.execute(() -> {
            List<String> lines = null;
            String error = null;
            try {
                lines = src.lines(runId, jobId);
            } catch (Exception e) {
                error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            }
            List<String> got = lines;
            String err = error;
            view.post(() -> {
                inFlight = false;
                if (log.runId() == runId && Objects.equals(log.jobId(), jobId)) {
                    if (got != null) log.setLines(got);
                    else log.status("log: " + err);
                }
                if (again) fetch(); // asked for while this one ran: another log opened, or the run ended
            });
        });
    }

    void copy() {
        int n = log.selectedCount();
        if (n == 0) {
            view.say("nothing to copy", "warn");
            return;
        }
        if (view.copy(log.selectedText(), n + (n == 1 ? " line" : " lines"))) log.clearMark();
    }
}
