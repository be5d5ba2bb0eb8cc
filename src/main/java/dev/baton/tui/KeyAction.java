package dev.baton.tui;

import java.util.List;
import java.util.function.Consumer;

/**
 * One entry of the key table: the keys, where they work, what they do, and whether they change the
 * world (mutating actions go through the command runner's guards and vanish in read-only mode).
 */
record KeyAction(List<String> keys, Scope scope, boolean mutating, String help, Consumer<View> run) {
    enum Scope {
        GLOBAL("Everywhere"), GROUPS("Groups pane"), LOCKS("Locks pane"), LOG("Log pane"), EVENTS("Events pane"),
        TIMELINE("Timeline view"), FLEET("Fleet view (several repositories)");

        final String title;

        Scope(String title) {
            this.title = title;
        }
    }

    KeyAction {
        keys = List.copyOf(keys);
    }
}
