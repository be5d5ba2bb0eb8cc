package dev.baton.command;

import dev.baton.files.PrivateFiles;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;

import java.io.IOException;
import java.nio.file.Path;

/** Command-line history kept in a file (owner-only), for the shell's and the screen's line readers alike. */
public final class LineHistory {
    private LineHistory() {
    }

    /**
     * The reader, its history in historyFile; null, or a folder that cannot be made: history in memory only. An
     * unreadable history file stops neither the shell nor the screen.
     */
    public static LineReader reader(LineReaderBuilder builder, Path historyFile) {
        if (historyFile != null) {
            try {
                PrivateFiles.file(historyFile); // JLine appends to it, keeping 0600
                builder.variable(LineReader.HISTORY_FILE, historyFile);
            } catch (IOException | RuntimeException e) {
                // no history directory: history stays in memory
            }
        }
        LineReader reader = builder.build();
        try {
            // the builder does not attach the history to the reader: without this, HISTORY_FILE is ignored
            reader.getHistory().attach(reader);
        } catch (RuntimeException ignored) {
            // an unreadable history file must not stop the frontend
        }
        return reader;
    }
}
