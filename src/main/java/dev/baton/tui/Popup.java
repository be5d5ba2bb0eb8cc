package dev.baton.tui;

import com.googlecode.lanterna.input.KeyStroke;

import java.util.ArrayList;
import java.util.List;

/** A centred, scrollable box of text: command output, help, details. A modal: it keeps the keys until closed. */
final class Popup implements Modal {
    private final String title;
    private final List<Line> lines;
    private final boolean error;
    private int top;
    private int lastHeight = 10;
    private int wrapped; // rows as last drawn, after wrapping
    private View view; // set when shown: y copies through it, Ctrl-C asks it to quit

    Popup(String title, List<Line> lines, boolean error) {
        this.title = title;
        this.lines = lines.isEmpty() ? List.of(Line.of("(no output)", "muted")) : List.copyOf(lines);
        this.error = error;
        this.wrapped = this.lines.size();
    }

    static Popup ofText(String title, String text, boolean error) {
        List<Line> ls = new ArrayList<>();
        for (String l : (text == null ? "" : text).split("\r?\n", -1)) ls.add(Line.of(l, "popup"));
        while (ls.size() > 1 && ls.get(ls.size() - 1).text().isEmpty()) ls.remove(ls.size() - 1);
        return new Popup(title, ls, error);
    }

    /** Shown on this view. */
    Popup on(View v) {
        this.view = v;
        return this;
    }

    @Override
    public boolean key(KeyStroke k, String name) {
        switch (name) {
            case "Esc": case "q": case "Enter": return false;
            case "Up": case "k": scroll(-1); break;
            case "Down": case "j": scroll(1); break;
            case "PgUp": case "Ctrl-B": scroll(-page()); break;
            case "PgDn": case "Ctrl-F": case " ": scroll(page()); break;
            case "Home": case "g": home(); break;
            case "End": case "G": end(); break;
            case "y": if (view != null) view.copy(text(), "pop-up text"); break;
            case "Ctrl-C":
                if (view != null) view.askQuit();
                return false;
            default: break;
        }
        return true;
    }

    String title() {
        return title;
    }

    String text() {
        StringBuilder sb = new StringBuilder();
        for (Line l : lines) sb.append(l.text()).append('\n');
        return sb.toString();
    }

    void scroll(int delta) {
        top = Math.max(0, Math.min(Math.max(0, wrapped - lastHeight), top + delta));
    }

    int page() {
        return Math.max(1, lastHeight - 1);
    }

    void home() {
        top = 0;
    }

    void end() {
        top = Math.max(0, wrapped - lastHeight);
    }

    @Override
    public void draw(Canvas c, int cols, int rows) {
        int widest = title.length() + 4;
        for (Line l : this.lines) widest = Math.max(widest, l.text().length() + 4);
        int w = Rect.boxWidth(cols, Math.max(40, widest));
        List<Line> lines = new ArrayList<>(); // as drawn: rows wider than the screen wrap
        for (Line l : this.lines) lines.addAll(l.wrap(w - 4));
        wrapped = lines.size();
        int h = Math.max(3, Math.min(rows - 2, lines.size() + 3));
        Rect r = new Rect((cols - w) / 2, (rows - h) / 2, w, h);
        c.fill(r, "popup");
        c.box(r, title, "popup.border", error ? "popup.error" : "popup.title");
        Rect in = r.inner();
        lastHeight = Math.max(1, in.h() - 1);
        top = Math.min(top, Math.max(0, lines.size() - lastHeight));
        for (int i = 0; i < lastHeight; i++) {
            int idx = top + i;
            Line l = idx < lines.size() ? lines.get(idx) : Line.of("", "popup");
            c.line(in.x() + 1, in.y() + i, in.w() - 2, l, null, "popup");
        }
        String more = lines.size() > lastHeight ? (top + 1) + "-" + Math.min(lines.size(), top + lastHeight) + " of " + lines.size() + "  " : "";
        c.text(in.x() + 1, in.bottom() - 1, in.w() - 2, Text.fit(more + "Esc close  y copy", in.w() - 2), "muted");
    }
}
