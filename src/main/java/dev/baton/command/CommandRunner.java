package dev.baton.command;

import org.jline.reader.Completer;

/** One command line in, one {@link Result} out: what the screen's command bar and the line shell use. */
public interface CommandRunner {
    /** Parses (JLine's DefaultParser rules: quotes, escapes) and runs one command line. Never throws. */
    Result run(String line);

    /** Completes command names, flags and live values (group names, run ids, lock keys, environments). */
    Completer completer();

    boolean readOnly();

    /** Where the lines go that a long-running command prints as it goes (rapid-fire, watch); null: nowhere. */
    default void onStream(java.util.function.Consumer<String> sink) {
    }

    /** Where the ids go of runs a command creates (rapid-fire's test runs); null: nowhere. */
    default void onMark(java.util.function.LongConsumer sink) {
    }
}
