package dev.baton.tui;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The screen's {@link TypedConfirm}: made before the console starts (so it can be handed to the
 * command registry), attached while the console runs. Called from a command's thread, it opens a
 * dialog on the screen and waits for the answer. With no screen attached, or when called on the
 * screen's own thread, it refuses (returns false): never a silent yes.
 */
public final class ScreenConfirm implements TypedConfirm {
    private volatile View view;

    void attach(View v) {
        view = v;
    }

    void detach(View v) {
        if (view == v) view = null;
    }

    @Override
    public boolean confirm(String question, String detail, String expected) {
        View v = view;
        if (v == null || v.onUiThread() || expected == null || expected.isEmpty()) return false;
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        v.post(() -> v.openDialog(question, detail, expected, answer));
        try {
            return answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return false;
        }
    }
}
