package dev.baton.tui;

import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** The command bar (`:`): edits a line on the status row with completion and history, Enter hands it to the runner. */
final class CommandBar implements Modal {
    private final CommandLine line;
    private final Consumer<String> submit;

    CommandBar(CommandLine line, Consumer<String> submit) {
        this.line = line;
        this.submit = submit;
        line.reset();
    }

    @Override
    public boolean key(KeyStroke k, String name) {
        switch (name) {
            case "Esc":
            case "Ctrl-C":
                line.reset();
                return false;
            case "Enter": {
                String text = line.edit().text().trim();
                line.reset();
                if (!text.isEmpty()) {
                    line.remember(text);
                    submit.accept(text);
                }
                return false;
            }
            case "Tab":
                line.complete();
                return true;
            case "Up":
                line.clearCompletion();
                line.historyUp();
                return true;
            case "Down":
                line.clearCompletion();
                line.historyDown();
                return true;
            default:
                if (line.edit().edit(k)) line.clearCompletion();
                // Backspace on an empty bar leaves it, as in k9s
                return !(name.equals("Backspace") && line.edit().text().isEmpty() && k.getKeyType() == KeyType.Backspace);
        }
    }

    /** How far the bar scrolls left so that the cursor stays on screen (a long line at 80 columns). */
    private int scroll(int cols) {
        return Math.max(0, line.edit().cursor() - (cols - 3));
    }

    @Override
    public void draw(Canvas c, int cols, int rows) {
        int y = rows - 1;
        int from = scroll(cols);
        String text = line.edit().text();
        String shown = from == 0 ? text : "<" + text.substring(from + 1); // "<": more to the left
        c.line(0, y, cols, new Line(List.of(new Line.Seg(":", "status.key"), new Line.Seg(shown, "input")), "", null), null, "input");
        List<String> cands = line.candidates();
        if (!cands.isEmpty() && y > 0) {
            List<Line.Seg> segs = new ArrayList<>();
            for (int i = 0; i < cands.size(); i++) {
                segs.add(new Line.Seg(" " + cands.get(i) + " ", i == line.candidateIndex() ? "selected" : "popup"));
            }
            c.segs(0, y - 1, cols, segs, "popup");
        }
    }

    @Override
    public TerminalPosition cursor(int cols, int rows) {
        return new TerminalPosition(Math.min(cols - 1, 1 + line.edit().cursor() - scroll(cols)), rows - 1);
    }
}
