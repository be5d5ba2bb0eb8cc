package dev.baton.tui;

/**
 * One pane of the screen with what belongs to it: its rows, its selection and filter, its keys (a
 * {@link KeyAction.Scope} in {@link Keymap}), what Enter shows, and its hint line. {@link View} only routes
 * keys to the focused one and lays them out.
 */
interface PaneController {
    /** Where the key table looks first while this pane has the focus. */
    KeyAction.Scope scope();

    /** The title on its box. */
    String boxTitle();

    /** The count on its tab at 80 columns; empty for none. */
    String tabCount();

    void draw(Canvas c, Rect area, boolean focused);

    void move(int delta);

    void home();

    void end();

    Filter filter();

    void setFilter(Filter f);

    /** Enter (or d): drill into the selected row. */
    void enter();

    /** Esc after the filter: true when the pane used it (the log pane clears its mark, then gives the focus back). */
    default boolean back() {
        return false;
    }

    /** The status line's hints while this pane has the focus: {key, what} pairs. */
    String[][] hints(boolean readOnly);
}
