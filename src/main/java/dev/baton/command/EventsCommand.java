package dev.baton.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.model.Event;
import dev.baton.render.EventRender;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

@Command(name = "events", description = "What happened: runs queued, started, evicted; locks taken and released; findings")
final class EventsCommand extends BaseCommand {
    @Option(names = "--since", defaultValue = "1h", converter = DurationOption.Positive.class, description = "how far back (default 1h)")
    DurationOption since;

    @Override
    protected Result execute() throws IOException {
        Instant from = baton.clock().instant().minus(since.value());
        List<Event> events = new ArrayList<>(journal(baton.eventsFile(), from));
        // a screen or watch in this process may hold events not yet read back from the journal
        for (Event e : baton.engine().recentEvents(2000)) if (!e.at().isBefore(from) && !events.contains(e)) events.add(e);
        events.sort((a, b) -> a.at().compareTo(b.at()));
        StringBuilder sb = new StringBuilder();
        for (Event e : events) sb.append(Text.visible(EventRender.line(e))).append('\n');
        return Result.ok(events.isEmpty() ? EventRender.none(from) : sb.toString().stripTrailing(), events.stream().map(EventRender::view).toList());
    }

    static List<Event> journal(Path file, Instant from) throws IOException {
        List<Event> out = new ArrayList<>();
        if (!Files.exists(file)) return out;
        for (String line : Files.readAllLines(file)) {
            try {
                JsonNode n = Json.MAPPER.readTree(line);
                Instant at = Instant.parse(n.path("at").asText());
                if (at.isBefore(from)) continue;
                out.add(new Event(at, Event.Kind.valueOf(n.path("kind").asText()), n.path("subject").asText(),
                        n.path("detail").asText(), n.path("runId").asLong(), n.path("byRunId").asLong()));
            } catch (IOException | RuntimeException ignored) {
                // a torn last line from a crash: skip it, keep the rest
            }
        }
        return out;
    }
}
