package dev.baton.tui;

import dev.baton.command.LineHistory;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.History;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The command bar's brain, built from JLine parts without letting JLine touch the screen: a LineReader
 * on an in-memory dumb terminal supplies the parser, the CommandRunner's completer and a persistent
 * history file; Lanterna draws.
 */
final class CommandLine {
    private final LineReader reader;
    private final Completer completer;
    private final LineEdit edit = new LineEdit();
    private int historyIndex = -1;
    private String draft = "";
    private List<String> candidates = List.of();
    private int candidateIndex = -1;
    private int completeFrom;
    private int completeTo;

    CommandLine(Completer completer, Path historyFile) {
        this.completer = completer;
        Terminal dumb;
        try {
            dumb = new DumbTerminal("baton-bar", "dumb", new ByteArrayInputStream(new byte[0]), OutputStream.nullOutputStream(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot make the in-memory terminal: " + e.getMessage(), e);
        }
        reader = LineHistory.reader(LineReaderBuilder.builder().terminal(dumb).parser(new DefaultParser()).completer(completer), historyFile);
    }

    LineEdit edit() {
        return edit;
    }

    void reset() {
        edit.set("");
        historyIndex = -1;
        draft = "";
        clearCompletion();
    }

    List<String> candidates() {
        return candidates;
    }

    int candidateIndex() {
        return candidateIndex;
    }

    void clearCompletion() {
        candidates = List.of();
        candidateIndex = -1;
    }

    /** Records a submitted line in the history file. */
    void remember(String line) {
        if (line.isBlank()) return;
        try {
            reader.getHistory().add(line);
            reader.getHistory().save();
        } catch (IOException | RuntimeException ignored) {
            // history is a convenience
        }
    }

    void historyUp() {
        History h = reader.getHistory();
        if (h.size() == 0) return;
        if (historyIndex < 0) {
            draft = edit.text();
            historyIndex = h.last() + 1;
        }
        if (historyIndex > h.first()) {
            historyIndex--;
            edit.set(h.get(historyIndex));
        }
    }

    void historyDown() {
        History h = reader.getHistory();
        if (historyIndex < 0) return;
        historyIndex++;
        if (historyIndex > h.last()) {
            historyIndex = -1;
            edit.set(draft);
        } else {
            edit.set(h.get(historyIndex));
        }
    }

    /**
     * Tab: one candidate is inserted; several insert their common prefix and are listed; Tab again
     * cycles through them.
     */
    void complete() {
        if (!candidates.isEmpty() && candidateIndex >= -1 && candidates.size() > 1) {
            candidateIndex = (candidateIndex + 1) % candidates.size();
            String c = candidates.get(candidateIndex);
            edit.replace(completeFrom, completeTo, c);
            completeTo = completeFrom + c.length();
            return;
        }
        String text = edit.text();
        int cur = edit.cursor();
        List<Candidate> found = new ArrayList<>();
        ParsedLine pl;
        try {
            pl = reader.getParser().parse(text, cur, Parser.ParseContext.COMPLETE);
            completer.complete(reader, pl, found);
        } catch (RuntimeException e) {
            return;
        }
        String word = pl.word().substring(0, Math.min(pl.wordCursor(), pl.word().length()));
        List<String> values = found.stream().map(Candidate::value).filter(v -> v.startsWith(word)).distinct()
                .sorted(Comparator.naturalOrder()).toList();
        if (values.isEmpty()) return;
        int from = cur - pl.wordCursor();
        int to = from + pl.word().length();
        if (values.size() == 1) {
            Candidate only = found.stream().filter(c -> c.value().equals(values.get(0))).findFirst().orElse(null);
            String ins = values.get(0) + (only == null || only.complete() ? " " : "");
            edit.replace(from, to, ins);
            clearCompletion();
            return;
        }
        String prefix = values.get(0);
        for (String v : values) {
            int i = 0;
            while (i < prefix.length() && i < v.length() && prefix.charAt(i) == v.charAt(i)) i++;
            prefix = prefix.substring(0, i);
        }
        edit.replace(from, to, prefix);
        candidates = values;
        candidateIndex = -1;
        completeFrom = from;
        completeTo = from + prefix.length();
    }
}
