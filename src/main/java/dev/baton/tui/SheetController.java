package dev.baton.tui;

/**
 * A pane whose rows are a {@link Sheet}: its columns depend on the pane's width (a lock's verdict, a group's
 * state must always show), so the rows are laid out again when a new sheet arrives or the width changes.
 */
abstract class SheetController extends ListController {
    private Sheet sheet = new Sheet();
    private int width = 80;

    SheetController(View view, ListPane list) {
        super(view, list);
    }

    Sheet sheet() {
        return sheet;
    }

    /** Shows a new sheet at the current width. */
    protected void show(Sheet s) {
        sheet = s;
        layOut();
    }

    /** Lays the rows out again for a new width. */
    void fit(int w) {
        if (w == width) return;
        width = w;
        layOut();
    }

    /** Whether the sheet's column titles head the list (the Groups pane has none: its rows are their own titles). */
    protected boolean headed() {
        return true;
    }

    private void layOut() {
        list.setLines(sheet.lines(width));
        if (headed()) list.header(sheet.header(width));
    }
}
