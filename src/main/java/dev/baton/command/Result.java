package dev.baton.command;

/**
 * What a command answers: an exit code (see {@link Exit}), the text rendering and the JSON value
 * (a record, list or map serialised with Jackson). Frontends choose which to show.
 */
public record Result(int exitCode, String text, Object json) {
    public static Result ok(String text, Object json) {
        return new Result(Exit.OK, text, json);
    }

    public static Result error(int exitCode, String message) {
        return new Result(exitCode, message, java.util.Map.of("error", message));
    }

    public boolean ok() {
        return exitCode == Exit.OK;
    }
}
