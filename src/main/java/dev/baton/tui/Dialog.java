package dev.baton.tui;

import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.input.KeyStroke;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * The typed confirmation: the operator must type the expected word; Esc refuses. A modal whose answer a
 * command's thread waits for ({@link ScreenConfirm}): closing it any other way refuses.
 */
final class Dialog implements Modal {
    final String question;
    final String detail;
    final String expected;
    final CompletableFuture<Boolean> answer;
    final LineEdit input = new LineEdit();
    String error;
    private final BiConsumer<String, String> say; // the status line: (text, role)

    Dialog(String question, String detail, String expected, CompletableFuture<Boolean> answer, BiConsumer<String, String> say) {
        this.question = question;
        this.detail = detail == null ? "" : detail;
        this.expected = expected;
        this.answer = answer;
        this.say = say;
    }

    @Override
    public boolean key(KeyStroke k, String name) {
        if (name.equals("Esc") || name.equals("Ctrl-C")) {
            answer.complete(false);
            say.accept("refused", "warn");
            return false;
        }
        if (name.equals("Enter")) {
            if (input.text().equals(expected)) {
                answer.complete(true);
                say.accept("confirmed", "status");
                return false;
            }
            error = "that is not '" + expected + "'; try again or Esc";
            return true;
        }
        input.edit(k);
        error = null;
        return true;
    }

    @Override
    public void dismiss() {
        answer.complete(false);
    }

    @Override
    public TerminalPosition cursor(int cols, int rows) {
        return new TerminalPosition(Math.min(cols - 1, cursorX(cols, rows)), cursorY(cols, rows));
    }

    /** Where the box goes and its detail rows, wrapped to its width (a lock's URI and ID must be read whole). */
    private record Layout(Rect box, List<Line> detail) {}

    private Layout layout(int cols, int rows) {
        String[] detailLines = detail.isEmpty() ? new String[0] : detail.split("\r?\n");
        int widest = Math.max(question.length(), prompt().length());
        for (String d : detailLines) widest = Math.max(widest, d.length());
        int w = Rect.boxWidth(cols, Math.max(44, widest + 4));
        List<Line> wrapped = new ArrayList<>();
        for (String d : detailLines) wrapped.addAll(Line.of(d, "popup").wrap(w - 4));
        int h = Math.min(rows - 2, wrapped.size() + 7);
        return new Layout(new Rect((cols - w) / 2, (rows - h) / 2, w, h), wrapped);
    }

    private String prompt() {
        return "Type " + expected + " to confirm, Esc to refuse:";
    }

    @Override
    public void draw(Canvas c, int cols, int rows) {
        Layout l = layout(cols, rows);
        c.fill(l.box(), "popup");
        c.box(l.box(), "Confirm", "popup.border", "popup.error");
        Rect in = l.box().inner();
        int y = in.y();
        c.text(in.x() + 1, y++, in.w() - 2, question, "popup.title");
        for (Line d : l.detail()) {
            if (y >= in.bottom() - 3) break;
            c.line(in.x() + 1, y++, in.w() - 2, d, null, "popup");
        }
        y = in.bottom() - 3;
        c.text(in.x() + 1, y++, in.w() - 2, prompt(), "popup");
        c.line(in.x() + 1, y, in.w() - 2, Line.of(input.text(), "input"), null, "input");
        if (error != null) c.text(in.x() + 1, y + 1, in.w() - 2, error, "popup.error");
    }

    /** Where the cursor goes: inside the input field. */
    int cursorX(int cols, int rows) {
        return layout(cols, rows).box().x() + 2 + input.cursor();
    }

    int cursorY(int cols, int rows) {
        Rect box = layout(cols, rows).box();
        return box.y() + box.h() - 3;
    }
}
