package dev.baton.command;

import dev.baton.workflow.InputLimits;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs commands without a terminal: `-c 'CMD; CMD'`, a script file, or stdin. Each command's result goes
 * to stdout (text, or one JSON document per line); errors go to stderr as one line. Like `set -e`, the
 * first failing command stops the script and its exit code is baton's. Text on either stream has its
 * control characters made visible ({@link Text#visibleLines}; a streamed log line loses its colour codes
 * first); JSON escapes them ({@link Json}).
 */
public final class ScriptRunner {
    private final Commands commands;
    private final PrintStream out;
    private final PrintStream err;

    public ScriptRunner(Commands commands, PrintStream out, PrintStream err) {
        this.commands = commands;
        this.out = out;
        this.err = err;
        commands.io().onStream(line -> {
            out.println(Text.visibleLines(Text.withoutColours(line)));
            out.flush();
        });
    }

    public int runText(String script) {
        List<List<String>> parsed;
        try {
            parsed = split(script);
        } catch (IllegalArgumentException e) {
            err.println(Text.visibleLines("baton: " + e.getMessage()));
            return Exit.USAGE;
        }
        for (List<String> words : parsed) {
            int code = runOne(words);
            if (code != Exit.OK) return code;
        }
        return Exit.OK;
    }

    /** A script piped in: read whole (at most {@link InputLimits#MAX_FILE}), then run. @throws InputLimits.TooLarge */
    public int runReader(BufferedReader in) throws IOException {
        return runText(InputLimits.read(in, "stdin", "a script"));
    }

    /** One command: its result read as every frontend reads it ({@link Result#shown}), the error line on stderr. */
    public int runOne(List<String> words) {
        return show(commands.execute(words));
    }

    /** One command the command line's single parse found (`baton groups --json`): run, shown as {@link #runOne}. */
    public int runParsed(picocli.CommandLine.ParseResult command, List<String> words) {
        return show(commands.execute(command, words));
    }

    private int show(Commands.Execution ex) {
        Result r = ex.json() ? ex.result().asJson(true) : ex.result();
        Result.Shown shown = r.shown();
        if (shown.err() != null) err.println(Text.visibleLines("baton: " + shown.err()));
        if (shown.out() != null && !shown.out().isEmpty()) out.println(Text.visibleLines(shown.out()));
        out.flush();
        return r.exitCode();
    }

    /**
     * Splits a script into commands (on ';' and newlines outside quotes) and words (on blanks outside
     * quotes; single and double quotes, backslash escapes). '#' starts a comment at the start of a word.
     */
    public static List<List<String>> split(String script) {
        List<List<String>> commands = new ArrayList<>();
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < script.length(); i++) {
            char c = script.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
                else if (c == '\\' && quote == '"' && i + 1 < script.length()) word.append(script.charAt(++i));
                else word.append(c);
                continue;
            }
            if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < script.length()) {
                word.append(script.charAt(++i));
                inWord = true;
            } else if (c == '#' && !inWord) {
                while (i + 1 < script.length() && script.charAt(i + 1) != '\n') i++;
            } else if (c == ';' || c == '\n') {
                if (inWord) words.add(word.toString());
                word.setLength(0);
                inWord = false;
                if (!words.isEmpty()) commands.add(words);
                words = new ArrayList<>();
            } else if (Character.isWhitespace(c)) {
                if (inWord) words.add(word.toString());
                word.setLength(0);
                inWord = false;
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) throw new IllegalArgumentException("unterminated " + quote + " quote in script");
        if (inWord) words.add(word.toString());
        if (!words.isEmpty()) commands.add(words);
        return commands;
    }
}
