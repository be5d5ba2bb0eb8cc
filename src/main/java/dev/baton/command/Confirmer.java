package dev.baton.command;

/**
 * Asks the operator to type a word before a destructive action (a lock's short id, a run number): the
 * terminal in line mode, a dialog on the screen. The same shape as the screen's TypedConfirm, so a
 * frontend adapts it with a method reference. NONE answers UNAVAILABLE: without a terminal a guarded
 * command needs --yes.
 */
@FunctionalInterface
public interface Confirmer {
    enum Answer { CONFIRMED, DECLINED, UNAVAILABLE }

    /** question: one line; detail: the evidence, several lines; expected: what must be typed exactly. */
    Answer confirm(String question, String detail, String expected);

    Confirmer NONE = (question, detail, expected) -> Answer.UNAVAILABLE;

    /** Adapts a yes/no confirmation that checks the typed word itself (the screen's dialog, the shell's prompt). */
    static Confirmer typed(TypedCheck check) {
        return (q, d, e) -> check.confirm(q, d, e) ? Answer.CONFIRMED : Answer.DECLINED;
    }

    @FunctionalInterface
    interface TypedCheck {
        boolean confirm(String question, String detail, String expected);
    }
}
