package dev.baton.tui;

import java.util.concurrent.CompletableFuture;

/** The typed confirmation: the operator must type the expected word; Esc refuses. */
final class Dialog {
    final String question;
    final String detail;
    final String expected;
    final CompletableFuture<Boolean> answer;
    final LineEdit input = new LineEdit();
    String error;

    Dialog(String question, String detail, String expected, CompletableFuture<Boolean> answer) {
        this.question = question;
        this.detail = detail == null ? "" : detail;
        this.expected = expected;
        this.answer = answer;
    }

    void draw(Canvas c, int cols, int rows) {
        String[] detailLines = detail.isEmpty() ? new String[0] : detail.split("\r?\n");
        String prompt = "Type " + expected + " to confirm, Esc to refuse:";
        int widest = Math.max(question.length(), prompt.length());
        for (String d : detailLines) widest = Math.max(widest, d.length());
        int w = Math.min(cols - 2, Math.max(44, widest + 4));
        int h = Math.min(rows - 2, detailLines.length + 7);
        Rect r = new Rect((cols - w) / 2, (rows - h) / 2, w, h);
        c.fill(r, "popup");
        c.box(r, "Confirm", "popup.border", "popup.error");
        Rect in = r.inner();
        int y = in.y();
        c.text(in.x() + 1, y++, in.w() - 2, question, "popup.title");
        for (String d : detailLines) {
            if (y >= in.bottom() - 3) break;
            c.text(in.x() + 1, y++, in.w() - 2, d, "popup");
        }
        y = in.bottom() - 3;
        c.text(in.x() + 1, y++, in.w() - 2, prompt, "popup");
        c.line(in.x() + 1, y, in.w() - 2, Line.of(input.text(), "input"), null, "input");
        if (error != null) c.text(in.x() + 1, y + 1, in.w() - 2, error, "popup.error");
    }

    /** Where the cursor goes: inside the input field. */
    int cursorX(int cols) {
        String[] detailLines = detail.isEmpty() ? new String[0] : detail.split("\r?\n");
        String prompt = "Type " + expected + " to confirm, Esc to refuse:";
        int widest = Math.max(question.length(), prompt.length());
        for (String d : detailLines) widest = Math.max(widest, d.length());
        int w = Math.min(cols - 2, Math.max(44, widest + 4));
        return (cols - w) / 2 + 2 + input.cursor();
    }

    int cursorY(int rows) {
        String[] detailLines = detail.isEmpty() ? new String[0] : detail.split("\r?\n");
        int h = Math.min(rows - 2, detailLines.length + 7);
        return (rows - h) / 2 + 1 + (h - 2) - 2;
    }
}
