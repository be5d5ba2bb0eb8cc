package dev.baton.tui;

import dev.baton.command.CommandRunner;
import dev.baton.command.Request;
import dev.baton.command.Result;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;

/**
 * Owns the thread commands run on ({@code baton-command}): one command at a time, its streamed lines shown
 * live in the log pane, its result posted back to the screen's thread, Ctrl-C interrupting it. Everything
 * here but the task body runs on the screen's thread.
 */
final class CommandWorker {
    private final View view;
    private final CommandRunner runner;
    private final Executor thread;
    private String busy; // what runs, as the status line names it
    private FutureTask<Void> running;
    private String streaming; // the command whose streamed output the log pane shows, while it runs

    CommandWorker(View view, CommandRunner runner, Executor thread) {
        this.view = view;
        this.runner = runner;
        this.thread = thread;
    }

    String busy() {
        return busy;
    }

    /** A command line from the bar. */
    void submit(String line) {
        start(line, () -> runner.run(line));
    }

    /** A key's typed request (unlock this lock, cancel this run): no command line is built or parsed. */
    void invoke(Request request) {
        start(String.join(" ", request.words()), () -> runner.invoke(request));
    }

    private void start(String label, Supplier<Result> body) {
        busy = label;
        FutureTask<Void> task = new FutureTask<>(() -> {
            Result r;
            try {
                r = body.get();
            } catch (RuntimeException e) {
                LoggerFactory.getLogger(CommandWorker.class).error("command failed: {}", label, e);
                r = new Result(3, "internal error: " + e, null);
            }
            Result result = r;
            if (!Thread.currentThread().isInterrupted()) view.post(() -> finished(label, result));
            return null;
        });
        running = task;
        thread.execute(task);
    }

    /** Ctrl-C while a command runs interrupts it (a `watch` typed in the bar, a slow backend); false when none runs. */
    boolean cancel() {
        if (busy == null || running == null) return false;
        running.cancel(true);
        view.say("cancelled: " + busy, "warn");
        busy = null;
        streaming = null;
        running = null;
        return true;
    }

    /**
     * A line the running command printed as it went (rapid-fire's dispatches, watch's events): the log pane
     * shows them live under the command's name, so a minutes-long command is watched, not waited for.
     */
    void streamed(String line) {
        if (busy == null) return; // the command was cancelled; its last words are dropped
        LogController log = view.logController();
        if (!busy.equals(streaming)) {
            streaming = busy;
            log.showText(":" + busy, List.of());
        }
        log.pane().append(line);
    }

    private void finished(String line, Result r) {
        if (busy == null) return; // cancelled meanwhile
        busy = null;
        running = null;
        if (line.equals(streaming)) streaming = null; // its progress stays in the log pane; the result shows below as any other
        Result.Shown shown = r.shown(); // as every frontend reads it; errors marked "!", as in the line shell
        if (shown.out() == null && shown.err() == null) return; // the command showed itself (help's pop-up, quit)
        String text = (shown.err() != null ? "! " + shown.err() + (shown.out() != null && !shown.out().isEmpty() ? "\n" : "") : "") + (shown.out() == null ? "" : shown.out());
        if (r.kind() == Result.Kind.REPORT && !text.isEmpty()) {
            // a report (lint's findings) belongs in a pane, not a pop-up: read, filtered with / and copied while the files are fixed
            view.logController().showText(":" + line, List.of(text.split("\n")));
            return;
        }
        if (r.ok() && !text.contains("\n") && text.length() < 60) {
            view.say(text.isEmpty() ? ":" + line + ": ok" : text, "ok");
        } else {
            view.show(Popup.ofText(":" + line + (r.ok() ? "" : "  (exit " + r.exitCode() + ")"), text, !r.ok()));
        }
    }
}
