package dev.baton.command;

import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * One frontend's side of a command: where its streamed lines go, how it asks for a typed confirmation,
 * whether it can prompt at all, and its default output format. A script runner, the line shell, the screen
 * and each operator of `baton serve` have their own; they share one {@link Baton}.
 */
public final class FrontendIo {
    private final boolean jsonByDefault;
    private final boolean interactive;
    private volatile Consumer<String> stream = line -> { };
    private volatile LongConsumer marks = id -> { };
    private volatile Confirmer confirmer = Confirmer.NONE;
    private volatile FrontendControls controls;
    private volatile boolean colours;
    private volatile Operator operator;
    private volatile Team.Seat seat;

    public FrontendIo(boolean jsonByDefault, boolean interactive) {
        this.jsonByDefault = jsonByDefault;
        this.interactive = interactive;
    }

    /** A script's IO: text, no prompt, streamed lines dropped until a sink is set. */
    public static FrontendIo script() {
        return new FrontendIo(false, false);
    }

    public boolean jsonByDefault() {
        return jsonByDefault;
    }

    /** A person is at a terminal (the screen, the shell) and can be asked. */
    public boolean interactive() {
        return interactive;
    }

    /** Lines a long-running command prints as it goes (watch, logs --follow). */
    public void stream(String line) {
        stream.accept(line);
    }

    public void onStream(Consumer<String> sink) {
        this.stream = sink == null ? line -> { } : sink;
    }

    /** A run a command created (rapid-fire's test runs): the screen marks it in the groups pane. */
    public void mark(long runId) {
        marks.accept(runId);
    }

    public void onMark(LongConsumer sink) {
        this.marks = sink == null ? id -> { } : sink;
    }

    /**
     * Whether output may keep the colour codes of text that has them (job logs): only when stdout is a
     * terminal and NO_COLOR is not set. Off by default; a pipe or file gets plain text and plain JSON.
     */
    public boolean colours() {
        return colours;
    }

    public void colours(boolean allowed) {
        this.colours = allowed;
    }

    public Confirmer confirmer() {
        return confirmer;
    }

    public void confirmer(Confirmer c) {
        this.confirmer = c == null ? Confirmer.NONE : c;
    }

    /** What commands may do to this frontend (quit, the screen's theme...); null for a script. */
    public FrontendControls controls() {
        return controls;
    }

    public void controls(FrontendControls c) {
        this.controls = c;
    }

    /** The operator of a shared baton's session; null for a local frontend (the OS user, every right). */
    public Operator operator() {
        return operator;
    }

    public FrontendIo operator(Operator o) {
        this.operator = o;
        return this;
    }

    /** This frontend's place in its baton's {@link Team} (presence, leases); null: a script, which takes one per guarded action. */
    public Team.Seat seat() {
        return seat;
    }

    public FrontendIo seat(Team.Seat s) {
        this.seat = s;
        return this;
    }
}
