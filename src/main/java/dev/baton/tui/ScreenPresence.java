package dev.baton.tui;

import dev.baton.command.Team;
import dev.baton.model.Presence;

import java.util.Locale;

/**
 * What this screen's operator is doing, for the others' team strip (issue 13): the active modal as a presence -
 * the command bar, a filter, a destructive key's reason, a pop-up, the quit question. A confirmation dialog is the
 * guarded command's own (it names the action and target), so it leaves the screen's layer idle. On the screen's thread.
 */
final class ScreenPresence {
    private final View view;
    private final Team.Seat seat;

    ScreenPresence(View view, Team.Seat seat) {
        this.view = view;
        this.seat = seat;
    }

    /** The modal stack changed: the seat says what the active modal is (a no-op for the team when it is the same). */
    void update() {
        Modal m = view.running() ? view.modals().active() : null;
        if (m instanceof CommandBar) seat.screen(Presence.Activity.COMMAND, null);
        else if (m instanceof FilterBar) seat.screen(Presence.Activity.FILTER, pane());
        else if (m instanceof ReasonBar r) seat.screen(Presence.Activity.REASON, r.request().name());
        else if (m instanceof QuitQuestion) seat.screen(Presence.Activity.QUIT, null);
        else if (m instanceof Popup p) seat.screen(Presence.Activity.POPUP, p.title().replaceFirst("\\s+\\(exit \\d+\\)$", "")); // a result's title says its exit
        else seat.screen(Presence.Activity.IDLE, null);
    }

    private String pane() {
        return (view.fleetShown() && view.focus() != View.Pane.EVENTS ? "repositories" : view.focus().title).toLowerCase(Locale.ROOT);
    }
}
