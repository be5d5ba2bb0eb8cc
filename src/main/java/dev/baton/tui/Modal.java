package dev.baton.tui;

import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.input.KeyStroke;

/**
 * Something that takes the keys while it is open: a pop-up, a confirmation dialog, the command bar, the
 * filter, the reason prompt, the quit question. They stack ({@link Modals}): the top one gets every key,
 * and all are drawn bottom to top over the panes.
 */
interface Modal {
    /** Handles a key; returns false when this modal is done (the stack then drops it). */
    boolean key(KeyStroke k, String name);

    /** Draws over the panes (a box) or over the status line (a bar). */
    void draw(Canvas c, int cols, int rows);

    /** Where the terminal's cursor goes while this modal is on top; null: hidden. */
    default TerminalPosition cursor(int cols, int rows) {
        return null;
    }

    /** Closed without an answer (the screen is going away, or a newer dialog replaced it): a question is refused. */
    default void dismiss() {
    }
}
