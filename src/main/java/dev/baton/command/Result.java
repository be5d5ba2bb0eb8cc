package dev.baton.command;

/**
 * What a command answers: an exit code (see {@link Exit}), the text rendering and the JSON value
 * (a record, list or map serialised with Jackson). error: set when the answer is partial - the data is
 * shown, and this one line says what is missing from it. Every frontend reads a result the one way
 * {@link #shown} says (scripts, the line shell, the screen): only where it puts the two parts differs.
 */
public record Result(int exitCode, String text, Object json, String error, Kind kind) {
    /**
     * What kind of answer this is, for a frontend that places answers (the screen): ANSWER, a line or a
     * pop-up; REPORT, a long listing read, filtered and copied while the operator works (lint's findings),
     * kept in a pane. The command says it, so a renamed command or an alias is placed the same way.
     */
    public enum Kind { ANSWER, REPORT }

    public Result {
        kind = kind == null ? Kind.ANSWER : kind;
    }

    public Result(int exitCode, String text, Object json, String error) {
        this(exitCode, text, json, error, Kind.ANSWER);
    }

    public Result(int exitCode, String text, Object json) {
        this(exitCode, text, json, null);
    }

    /** This result as a {@link Kind#REPORT}. */
    public Result asReport() {
        return new Result(exitCode, text, json, error, Kind.REPORT);
    }

    public static Result ok(String text, Object json) {
        return new Result(Exit.OK, text, json);
    }

    /** What could be read, with a backend's failure: exit 3, the data on stdout, the error on stderr. */
    public static Result partial(String text, Object json, String error) {
        return new Result(Exit.BACKEND, text, json, error);
    }

    public static Result error(int exitCode, String message) {
        return new Result(exitCode, message, java.util.Map.of("error", message));
    }

    public boolean ok() {
        return exitCode == Exit.OK;
    }

    /**
     * A result as a frontend shows it. out: the output (data, or the JSON document; empty when a command
     * succeeded with nothing to say), null for none; err: one line saying what failed or is missing, null for
     * none. Both null: the command showed itself (help's pop-up, quit).
     */
    public record Shown(String out, String err) {
    }

    /**
     * The one reading of a result: its data is shown when it succeeded, when a check failed (the verdict is
     * the output) or when it is partial (with its error line); any other failure's text is the error line.
     */
    public Shown shown() {
        boolean data = ok() || exitCode == Exit.CHECK_FAILED || error != null;
        String out = data ? text : null;
        return new Shown(out, data ? error : text == null || text.isEmpty() ? "exit " + exitCode : text);
    }

    /**
     * This result as `--json` (or a JSON default) asks to show it: the JSON document is the text (one line
     * per document for a script, indented for a person), `{}` when the command has no JSON; a failure keeps
     * its message as the error line (the document says it too: {@link #error(int, String)}'s shape).
     */
    public Result asJson(boolean oneLine) {
        Object doc = json != null ? json : java.util.Map.of();
        String line = ok() || error != null ? error : text != null && !text.isEmpty() ? text : "exit " + exitCode;
        return new Result(exitCode, oneLine ? Json.line(doc) : Json.pretty(doc), json, line, kind);
    }
}
