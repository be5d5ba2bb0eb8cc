package dev.baton.workflow;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * How much baton reads of what it is handed: workflow YAML, backend HCL, scenarios, config files and
 * scripts. Checked before parsing, so that a file that is too big is one line at once, not minutes of
 * parsing (SnakeYAML's time grows with the square of a line's length: a 5 MB line took over 90 s) or
 * an OutOfMemoryError in a 192 MB heap. Real files are far below both limits: the largest workflow of the
 * reference pipeline is 9 KB, its longest line 160 characters. docs/configuration.md lists the limits.
 */
public final class InputLimits {
    /** Largest file (or stdin script) read: 1 MiB. */
    public static final int MAX_FILE = 1 << 20;
    /** Longest line: 64 KiB. */
    public static final int MAX_LINE = 64 << 10;
    /** {@link WorkflowException#code()} of a file refused for its size: a refusal (exit 2), not a lint finding. */
    public static final String CODE = "input-limit";

    private InputLimits() {
    }

    /** Refused input: the message names the file (and line) and the limit. */
    public static final class TooLarge extends WorkflowException {
        TooLarge(String file, int line, String message) {
            super(file, line, message, CODE);
        }
    }

    /** Input that is not UTF-8 text (a binary file, another encoding): refused by name, never half-read. */
    public static final class NotText extends WorkflowException {
        NotText(String file, String what) {
            super(file, 0, "not UTF-8 text: " + what + " must be UTF-8 (a binary file, or another encoding?)", CODE);
        }
    }

    /**
     * @param what what the file is, for the message: "a workflow file", "a script"
     * @throws TooLarge when text is over {@link #MAX_FILE} characters or has a line over {@link #MAX_LINE}
     */
    public static void check(String file, String text, String what) {
        if (text == null) return;
        if (text.length() > MAX_FILE) throw tooBig(file, what, text.length());
        int line = 1;
        int start = 0;
        while (start <= text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) end = text.length();
            if (end - start > MAX_LINE) {
                throw new TooLarge(file, line, "a line of " + (end - start) + " characters is over baton's limit of "
                        + MAX_LINE + " (64 KiB) for " + what);
            }
            start = end + 1;
            line++;
        }
    }

    /** @throws TooLarge when a file of size bytes is over {@link #MAX_FILE}: checked before reading it. */
    public static void checkSize(String file, long size, String what) {
        if (size > MAX_FILE) throw tooBig(file, what, size);
    }

    /** Reads a UTF-8 file after checking its size on disk, then its lines. @throws TooLarge */
    public static String read(Path file, String what) throws IOException {
        checkSize(file.toString(), Files.size(file), what);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new NotText(file.toString(), what);
        }
        check(file.toString(), text, what);
        return text;
    }

    /** Reads at most {@link #MAX_FILE} characters, then refuses: a piped stream may never end. @throws TooLarge */
    public static String read(Reader in, String name, String what) throws IOException {
        StringBuilder sb = new StringBuilder();
        char[] buf = new char[8192];
        for (int n; (n = in.read(buf)) >= 0; ) {
            sb.append(buf, 0, n);
            if (sb.length() > MAX_FILE) {
                throw new TooLarge(name, 0, what + " of more than 1 MiB is over baton's limit of 1 MiB");
            }
        }
        String text = sb.toString();
        check(name, text, what);
        return text;
    }

    private static TooLarge tooBig(String file, String what, long size) {
        return new TooLarge(file, 0, what + " of " + mib(size) + " is over baton's limit of 1 MiB");
    }

    private static String mib(long bytes) {
        return bytes >= 1 << 20 ? String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0) : bytes + " bytes";
    }
}
