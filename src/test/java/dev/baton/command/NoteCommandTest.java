package dev.baton.command;

import dev.baton.model.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** `note TEXT`: an operator's line on the shared timeline, written to the repository's event journal by name. */
class NoteCommandTest {
    @TempDir
    Path tmp;

    Baton baton(boolean readOnly) {
        return new Baton(Map.of("XDG_STATE_HOME", tmp.toString(), "XDG_CONFIG_HOME", tmp.toString()),
                new BatonOptions("acme/deploy", null, readOnly));
    }

    @Test
    void aNoteIsAnEventOfItsOperatorInTheJournal() throws Exception {
        Baton b = baton(false);
        FrontendIo carol = FrontendIo.script().operator(new Operator("carol", Operator.Role.VIEWER, "ssh", "SHA256:c"));
        Result r = new Commands(b, carol).run("note 'prod lock is runner@gone'   rolling back");
        assertThat(r.exitCode()).as(r.text()).isZero();
        assertThat(r.text()).contains("note  carol  prod lock is runner@gone rolling back");
        // words as a script's arguments: a line break inside one becomes a space, a note is one line of the timeline
        Commands.Execution local = new Commands(b, FrontendIo.script()).execute(List.of("note", "--json", "two\n  lines"));
        assertThat(local.result().exitCode()).as(local.result().text()).isZero();
        assertThat(local.json()).isTrue();

        List<Event> journal = EventsCommand.journal(b.eventsFile(), Instant.EPOCH);
        assertThat(journal).extracting(Event::kind).containsOnly(Event.Kind.NOTE);
        assertThat(journal).extracting(Event::subject, Event::detail).containsExactly(
                org.assertj.core.groups.Tuple.tuple("carol", "prod lock is runner@gone rolling back"),
                org.assertj.core.groups.Tuple.tuple(System.getProperty("user.name"), "two lines"));
    }

    @Test
    void aViewerAndAReadOnlyBatonMayNoteButNotNothing() throws Exception {
        Baton b = baton(true);
        Commands c = new Commands(b, FrontendIo.script());
        assertThat(c.names()).contains("note");
        assertThat(c.run("note still read-only, still noting").exitCode()).isZero();
        Result empty = c.run("note '   '");
        assertThat(empty.exitCode()).isEqualTo(Exit.USAGE);
        assertThat(empty.text()).contains("nothing to note");
        Result huge = c.run("note " + "x".repeat(NoteCommand.MAX + 1));
        assertThat(huge.exitCode()).isEqualTo(Exit.USAGE);
        assertThat(huge.text()).contains("at most 500");
        assertThat(EventsCommand.journal(b.eventsFile(), Instant.EPOCH)).hasSize(1);
    }
}
