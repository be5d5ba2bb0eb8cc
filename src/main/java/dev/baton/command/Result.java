package dev.baton.command;

/**
 * What a command answers: an exit code (see {@link Exit}), the text rendering and the JSON value
 * (a record, list or map serialised with Jackson). Frontends choose which to show. error: set when the
 * answer is partial - the data is shown, and this one line says what is missing from it.
 */
public record Result(int exitCode, String text, Object json, String error) {
    public Result(int exitCode, String text, Object json) {
        this(exitCode, text, json, null);
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
}
