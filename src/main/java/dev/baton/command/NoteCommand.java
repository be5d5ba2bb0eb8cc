package dev.baton.command;

import dev.baton.model.Event;
import dev.baton.render.EventRender;
import dev.baton.render.TeamRender;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;

/**
 * An operator's note on the shared event timeline and its journal (issue 13): beside the runs, locks and every
 * operator's results, so the incident's story - who saw what, who decided what, when - is one journal. Not a
 * mutation: a viewer may note what they saw, and a read-only baton still keeps its timeline.
 */
@Command(name = "note", description = "Add a note to the shared event timeline (every screen, `events`, the journal)")
final class NoteCommand extends BaseCommand {
    /** A note is a line of the timeline, not a document. */
    static final int MAX = 500;

    @Parameters(arity = "1..*", paramLabel = "TEXT", description = "what to note; the words are joined, quotes optional")
    List<String> words;

    @Override
    protected Result execute() {
        String text = TeamRender.note(String.join(" ", words));
        if (text.isEmpty()) throw new IllegalArgumentException("nothing to note: give the text, e.g. note 'rolling back prod'");
        if (text.length() > MAX) {
            throw new IllegalArgumentException("a note is at most " + MAX + " characters (this one has " + text.length() + ")");
        }
        Event e = new Event(baton.clock().instant(), Event.Kind.NOTE, Guard.actor(io), text, 0);
        baton.record(e);
        return Result.ok(Text.visible(EventRender.line(e)), EventRender.view(e));
    }
}
