package dev.baton.shell;

import dev.baton.command.CommandRunner;
import dev.baton.command.Exit;
import dev.baton.command.Result;
import dev.baton.command.Text;
import dev.baton.command.LineHistory;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * `baton shell`: the command registry behind a JLine prompt, for people who prefer scrollback. Tab
 * completion from the registry, history in a file shared with the console's command bar, Ctrl-R to
 * search it (JLine's emacs keys), Ctrl-C clears the line, Ctrl-D or the registry's `exit`/`quit` leaves.
 */
public final class Shell {
    private final LineReader reader;
    private final CommandRunner runner;
    private final PrintWriter out;
    /** Set by the registry's `quit` (or `exit`): the prompt ends after that command. */
    private volatile boolean leaving;

    public Shell(Terminal terminal, CommandRunner runner, Path historyFile) {
        this.runner = runner;
        this.out = terminal.writer();
        runner.controls(() -> leaving = true);
        LineReaderBuilder b = LineReaderBuilder.builder().terminal(terminal).appName("baton")
                .parser(new DefaultParser()).completer(runner.completer())
                .option(LineReader.Option.HISTORY_IGNORE_SPACE, true)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true);
        reader = LineHistory.reader(b, historyFile);
    }

    /** The system terminal for an interactive shell (the caller checks that stdin is a terminal first). */
    public static Terminal systemTerminal() throws IOException {
        return TerminalBuilder.builder().system(true).name("baton").build();
    }

    /** Reads and runs commands until exit or end of input; returns the last command's exit code. */
    public int run() {
        int last = Exit.OK;
        String prompt = runner.readOnly() ? "baton (read-only)> " : "baton> ";
        while (true) {
            String line;
            try {
                line = reader.readLine(prompt);
            } catch (UserInterruptException e) {
                continue; // Ctrl-C clears the line, as in bash
            } catch (EndOfFileException e) {
                return last;
            }
            line = line.trim();
            if (line.isEmpty() || line.startsWith("#")) continue;
            Result r = runner.run(line);
            if (leaving) return last; // quit/exit: the code of the command before it
            last = r.exitCode();
            Result.Shown shown = r.shown(); // as every frontend reads it; errors marked "!", as on the screen
            if (shown.err() != null) out.println(Text.visibleLines("! " + shown.err()));
            if (shown.out() != null && !shown.out().isEmpty()) {
                String text = Text.visibleLines(shown.out());
                out.print(text.endsWith("\n") ? text : text + "\n");
            }
            out.flush();
        }
    }

    /**
     * A typed confirmation on the same prompt, for the command registry's guard in line mode: true
     * only when exactly {@code expected} is typed; Ctrl-C or end of input refuses.
     */
    public boolean confirm(String question, String detail, String expected) {
        out.println(Text.visibleLines(question));
        if (detail != null && !detail.isEmpty()) out.println(Text.visibleLines(detail));
        out.flush();
        try {
            String answer = reader.readLine("Type " + expected + " to confirm: ", null, (Character) null, null);
            return answer != null && answer.trim().equals(expected);
        } catch (UserInterruptException | EndOfFileException e) {
            return false;
        }
    }
}
