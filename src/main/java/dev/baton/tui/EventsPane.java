package dev.baton.tui;

import dev.baton.model.Event;
import dev.baton.model.Finding;
import dev.baton.model.Severity;
import dev.baton.model.Snapshot;
import dev.baton.render.EventRender;
import dev.baton.render.FindingRender;

import java.util.List;

/** The Events pane: findings first, then the event journal's newest entries; shows one's details. */
final class EventsPane extends ListController {
    EventsPane(View view) {
        super(view, new ListPane("Events", true, l -> l.payload() != null));
    }

    @Override
    public KeyAction.Scope scope() {
        return KeyAction.Scope.EVENTS;
    }

    void rebuild(Snapshot s, List<Event> events) {
        list.setLines(Rows.events(s, events, view.options().zone(), view.options().glyphs()));
    }

    /** The newest row, for the strip under the tabs at 80 columns; null when there is none. */
    Line newest() {
        return list.visible().isEmpty() ? null : list.visible().get(0);
    }

    @Override
    public void enter() {
        Object p = selected();
        var zone = view.options().zone();
        if (p instanceof Finding f) {
            view.show(Popup.ofText("Finding", FindingRender.details(f, zone), f.severity() == Severity.ERROR));
        } else if (p instanceof Event e) {
            view.show(Popup.ofText("Event", EventRender.details(view.snapshot(), e, zone), false));
        }
    }
}
