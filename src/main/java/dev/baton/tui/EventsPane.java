package dev.baton.tui;

import dev.baton.model.Event;
import dev.baton.model.Finding;
import dev.baton.model.Severity;
import dev.baton.model.Snapshot;
import dev.baton.model.Times;

import java.util.List;
import java.util.Objects;

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
            StringBuilder sb = new StringBuilder();
            sb.append(f.severity()).append(' ').append(f.kind()).append("  ").append(f.subject()).append('\n')
                    .append(f.summary()).append('\n').append("first seen ").append(Times.clock(f.seenAt(), zone)).append('\n');
            if (!f.evidence().isEmpty()) sb.append("\nevidence:\n");
            for (String e : f.evidence()) sb.append("  ").append(e).append('\n');
            view.show(Popup.ofText("Finding", sb.toString(), f.severity() == Severity.ERROR));
        } else if (p instanceof Event e) {
            Snapshot s = view.snapshot();
            view.show(Popup.ofText("Event", Times.clock(e.at(), zone) + "  " + e.kind() + "\nsubject: " + e.subject()
                    + (e.runId() != 0 ? "\nrun:     " + Rows.runLabel(s, e.runId()) + " (id " + e.runId() + ")" : "")
                    + "\ndetail:  " + Objects.toString(e.detail(), ""), false));
        }
    }
}
