package dev.baton.tui;

/**
 * Asks the operator to confirm a dangerous command by typing a word (a lock's short ID, a run number,
 * "yes"). The command registry's guard calls it; the screen shows it as a dialog
 * ({@link ScreenConfirm}). Same shape as a plain functional interface so the command package can
 * adapt it without depending on tui: {@code guard.confirmWith(screenConfirm::confirm)}.
 */
@FunctionalInterface
public interface TypedConfirm {
    /**
     * Blocks until the operator answers; true only when exactly {@code expected} was typed.
     * question: one line ("Release the lock on production?"); detail: more lines, may be empty.
     */
    boolean confirm(String question, String detail, String expected);
}
