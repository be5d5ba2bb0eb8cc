package dev.baton.tui;

/** Where copied log lines go. Over SSH the only clipboard is the local terminal's: see {@link Osc52}. */
@FunctionalInterface
public interface Clipboard {
    /** Returns false when the text could not be sent. */
    boolean copy(String text);
}
