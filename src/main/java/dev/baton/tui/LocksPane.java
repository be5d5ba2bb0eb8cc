package dev.baton.tui;

import dev.baton.render.LockRender;
import dev.baton.command.Request;
import dev.baton.model.Snapshot;
import dev.baton.model.StateLock;

import java.time.Instant;

/** The Locks pane: Terraform state locks with their verdicts; shows a lock's details and unlocks it. */
final class LocksPane extends ListController {
    private Sheet sheet = new Sheet();
    private int width = 80;

    LocksPane(View view) {
        super(view, new ListPane("Locks"));
    }

    @Override
    public KeyAction.Scope scope() {
        return KeyAction.Scope.LOCKS;
    }

    Sheet sheet() {
        return sheet;
    }

    void rebuild(Snapshot s, Instant now) {
        sheet = Rows.locksSheet(s, now, view.options().zone());
        layOut();
    }

    /** Columns depend on the pane's width (a lock's verdict must always show): lay the rows out again when it changes. */
    void fit(int w) {
        if (w == width) return;
        width = w;
        layOut();
    }

    private void layOut() {
        list.setLines(sheet.lines(width));
        list.header(sheet.header(width));
    }

    @Override
    public void enter() {
        if (!(selected() instanceof StateLock l)) return;
        String details = LockRender.details(view.snapshot(), l, view.now());
        if (!view.readOnly()) details += "\n\nu: unlock (asks for typed confirmation)";
        view.show(Popup.ofText("Lock " + l.location().uri(), details, false));
    }

    void unlock() {
        if (!(selected() instanceof StateLock l)) {
            view.say("select a lock to unlock", "warn");
            return;
        }
        view.askReason(Request.Unlock.of(l, ""));
    }

    /** Copies the selected lock's URI, the name unlock and probe-lock take (OSC 52). */
    void copyUri() {
        if (!(selected() instanceof StateLock l)) {
            view.say("select a lock to copy its URI", "warn");
            return;
        }
        view.copy(l.location().uri(), "the lock's URI");
    }

    @Override
    public String[][] hints(boolean readOnly) {
        return readOnly ? BROWSE
                : new String[][]{{"Enter", "details"}, {"u", "unlock"}, {"/", "filter"}, {":", "cmd"}, {"Tab", "pane"}, {"?", "help"}, {"q", "quit"}};
    }
}
