package dev.baton.tui;

import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.input.KeyStroke;

import java.util.ArrayList;
import java.util.List;

/**
 * The stack of open modals, replacing a hand-written chain of "if a dialog is open... if the command bar
 * is open...": the newest gets the keys, every one is drawn, the top one places the cursor. Only the
 * screen's thread touches it.
 */
final class Modals {
    private final List<Modal> stack = new ArrayList<>();
    /** Told after every change of the stack (the screen's presence in its team follows the active modal). */
    private Runnable changed = () -> { };

    void onChange(Runnable r) {
        changed = r;
    }

    void push(Modal m) {
        stack.add(m);
        changed.run();
    }

    boolean isEmpty() {
        return stack.isEmpty();
    }

    Modal top() {
        return stack.isEmpty() ? null : stack.get(stack.size() - 1);
    }

    /** The topmost open modal of a kind, or null. */
    <T extends Modal> T find(Class<T> kind) {
        for (int i = stack.size() - 1; i >= 0; i--) if (kind.isInstance(stack.get(i))) return kind.cast(stack.get(i));
        return null;
    }

    /**
     * The modal that takes the keys: the newest question or bar (a confirmation, the quit question, the
     * command bar, the filter, the reason), even under a pop-up that a finished command opened meanwhile;
     * else the newest pop-up.
     */
    Modal active() {
        for (int i = stack.size() - 1; i >= 0; i--) if (!(stack.get(i) instanceof Popup)) return stack.get(i);
        return top();
    }

    /** Gives the key to the active modal; false when none was open. */
    boolean key(KeyStroke k, String name) {
        Modal m = active();
        if (m == null) return false;
        if (!m.key(k, name) && stack.remove(m)) changed.run();
        return true;
    }

    /** Closes one modal (and refuses it if it asked something). */
    void close(Modal m) {
        if (stack.remove(m)) {
            m.dismiss();
            changed.run();
        }
    }

    /** Closes every modal of a kind. */
    void closeAll(Class<? extends Modal> kind) {
        for (Modal m : List.copyOf(stack)) if (kind.isInstance(m)) close(m);
    }

    /** Closes everything: open questions are refused. */
    void dismissAll() {
        for (Modal m : List.copyOf(stack)) close(m);
    }

    void draw(Canvas c, int cols, int rows) {
        for (Modal m : List.copyOf(stack)) m.draw(c, cols, rows);
    }

    TerminalPosition cursor(int cols, int rows) {
        Modal m = active();
        return m == null ? null : m.cursor(cols, rows);
    }

    int size() {
        return stack.size();
    }
}
