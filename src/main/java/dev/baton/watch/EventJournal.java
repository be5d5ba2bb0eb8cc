package dev.baton.watch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.baton.files.PrivateFiles;
import dev.baton.model.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Appends events as JSON lines to a file (under $XDG_STATE_HOME/baton/, owner-only: 0600). Best effort: a full disk never stops the watch. */
public final class EventJournal {
    private static final Logger LOG = LoggerFactory.getLogger(EventJournal.class);
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final Path file;

    public EventJournal(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    public void append(List<Event> events) {
        if (file == null || events.isEmpty()) return;
        StringBuilder sb = new StringBuilder();
        try {
            for (Event e : events) sb.append(JSON.writeValueAsString(e)).append('\n');
            PrivateFiles.append(file, sb);
        } catch (IOException e) {
            LOG.warn("cannot append to event journal {}: {}", file, e.toString());
        }
    }
}
