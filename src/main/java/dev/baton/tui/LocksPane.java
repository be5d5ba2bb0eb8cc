package dev.baton.tui;

import dev.baton.render.LockRender;
import dev.baton.command.Request;
import dev.baton.model.Snapshot;
import dev.baton.model.StateLock;

import java.time.Instant;

/** The Locks pane: Terraform state locks with their verdicts; shows a lock's details and unlocks it. */
final class LocksPane extends SheetController {

    LocksPane(View view) {
        super(view, new ListPane("Locks"));
    }

    @Override
    public KeyAction.Scope scope() {
        return KeyAction.Scope.LOCKS;
    }


    void rebuild(Snapshot s, Instant now) {
        show(Rows.locksSheet(s, now, view.options().zone()));
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
