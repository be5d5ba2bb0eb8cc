package dev.baton.tui;

import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.input.KeyStroke;
import dev.baton.command.Request;

import java.util.List;
import java.util.function.Consumer;

/**
 * A destructive key's question "why?": the row above shows what will run (the command a script would
 * type for it), the status row takes the reason for the audit record. Enter hands the typed request and
 * the reason to the runner; Esc cancels and nothing runs.
 */
final class ReasonBar implements Modal {
    private static final String PROMPT = "why? ";
    private final Request request;
    private final LineEdit edit = new LineEdit();
    private final Consumer<Request> run;

    ReasonBar(Request request, Consumer<Request> run) {
        this.request = request;
        this.run = run;
    }

    /** What will run once the reason is given. */
    Request request() {
        return request;
    }

    @Override
    public boolean key(KeyStroke k, String name) {
        switch (name) {
            case "Esc":
            case "Ctrl-C":
                return false;
            case "Enter":
                run.accept(request.withReason(edit.text()));
                return false;
            default:
                edit.edit(k);
                return true;
        }
    }

    /** How far the reason scrolls left so that the cursor stays on screen. */
    private int scroll(int cols) {
        return Math.max(0, PROMPT.length() + edit.cursor() - (cols - 2));
    }

    @Override
    public void draw(Canvas c, int cols, int rows) {
        String what = " will run: " + String.join(" ", request.words()) + " --reason ...   (Enter runs, Esc cancels)";
        if (rows > 1) c.segs(0, rows - 2, cols, List.of(new Line.Seg(what, "popup")), "popup");
        String shown = (PROMPT + edit.text()).substring(Math.min(scroll(cols), PROMPT.length() + edit.text().length()));
        c.line(0, rows - 1, cols, new Line(List.of(new Line.Seg(shown, "input")), "", null), null, "input");
    }

    @Override
    public TerminalPosition cursor(int cols, int rows) {
        return new TerminalPosition(Math.min(cols - 1, PROMPT.length() + edit.cursor() - scroll(cols)), rows - 1);
    }
}
