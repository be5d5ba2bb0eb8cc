package dev.baton.command;

/**
 * Asks the operator to type something before a destructive action: the terminal in line mode, a dialog
 * on the screen. NONE answers null: without a terminal, a guarded command needs --yes.
 */
@FunctionalInterface
public interface Confirmer {
    /** Shows the prompt (several lines allowed) and returns what the operator typed, or null if they could not answer. */
    String ask(String prompt);

    Confirmer NONE = prompt -> null;
}
