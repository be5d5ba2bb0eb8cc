package dev.baton.command;

import org.jline.reader.Completer;

/** One command line in, one {@link Result} out: what the screen's command bar and the line shell use. */
public interface CommandRunner {
    /** Parses (JLine's DefaultParser rules: quotes, escapes) and runs one command line. Never throws. */
    Result run(String line);

    /** Runs a guarded action given as typed values (a key on a selected lock or run) on the same path as a line. Never throws. */
    Result invoke(Request request);

    /** The command listing, as `help` prints it. */
    String help();

    /** Completes command names, flags and live values (group names, run ids, lock keys, environments). */
    Completer completer();

    boolean readOnly();

    /** Where the lines go that a long-running command prints as it goes (rapid-fire, watch); null: nowhere. */
    default void onStream(java.util.function.Consumer<String> sink) {
    }

    /** Where the ids go of runs a command creates (rapid-fire's test runs); null: nowhere. */
    default void onMark(java.util.function.LongConsumer sink) {
    }

    /** What commands may do to this frontend (quit, the screen's theme); null: nothing (a script). */
    default void controls(FrontendControls c) {
    }
}
