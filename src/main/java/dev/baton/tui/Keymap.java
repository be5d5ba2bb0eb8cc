package dev.baton.tui;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.baton.tui.KeyAction.Scope.EVENTS;
import static dev.baton.tui.KeyAction.Scope.FLEET;
import static dev.baton.tui.KeyAction.Scope.GLOBAL;
import static dev.baton.tui.KeyAction.Scope.GROUPS;
import static dev.baton.tui.KeyAction.Scope.LOCKS;
import static dev.baton.tui.KeyAction.Scope.LOG;
import static dev.baton.tui.KeyAction.Scope.TIMELINE;

/**
 * Every key of the screen in one table. Read-only mode strips the mutating entries here and nowhere
 * else; the help screen and docs/guide.md are generated from / checked against this table.
 */
final class Keymap {
    private final List<KeyAction> actions;
    private final Map<String, KeyAction> byScopeKey = new HashMap<>();
    private final Set<String> stripped = new HashSet<>();

    private Keymap(List<KeyAction> all, boolean readOnly) {
        List<KeyAction> kept = new ArrayList<>();
        for (KeyAction a : all) {
            if (readOnly && a.mutating()) {
                stripped.addAll(a.keys());
                continue;
            }
            kept.add(a);
            for (String k : a.keys()) byScopeKey.put(a.scope() + " " + k, a);
        }
        actions = List.copyOf(kept);
    }

    static Keymap standard(boolean readOnly) {
        return new Keymap(table(), readOnly);
    }

    List<KeyAction> actions() {
        return actions;
    }

    /** The action for a key in a scope, falling back to the global table. */
    KeyAction find(KeyAction.Scope scope, String key) {
        KeyAction a = byScopeKey.get(scope + " " + key);
        return a != null ? a : byScopeKey.get(GLOBAL + " " + key);
    }

    /** True when the key exists but read-only mode removed it (the screen says so instead of ignoring it). */
    boolean strippedKey(String key) {
        return stripped.contains(key);
    }

    /** Keys of the modals (see {@link Modals}), which are not actions but are listed in help too. */
    static final List<String[]> PROMPT_KEYS = List.of(
            new String[]{"Command bar (:)", "Tab complete (again: next candidate)  Up/Down history  Enter run  Esc cancel  Ctrl-A/E/U/W/K edit"},
            new String[]{"Filter (/)", "regex, case-insensitive; !RE keeps lines NOT matching; Enter keep  Esc clear"},
            new String[]{"Pop-up", "Up/Down/PgUp/PgDn scroll  y copy all  Esc/q/Enter close"},
            new String[]{"Confirmation", "type the word shown, Enter confirm, Esc refuse"},
            new String[]{"Reason (u, c)", "type why (for the audit record), Enter run the command shown above it, Esc drop it"});

    private static KeyAction a(KeyAction.Scope scope, String help, Runner run, String... keys) {
        return new KeyAction(List.of(keys), scope, false, help, run::run);
    }

    private static KeyAction danger(KeyAction.Scope scope, String help, Runner run, String... keys) {
        return new KeyAction(List.of(keys), scope, true, help, run::run);
    }

    @FunctionalInterface
    private interface Runner {
        void run(View v);
    }

    private static List<KeyAction> table() {
        return List.of(
                a(GLOBAL, "quit", View::quit, "q"),
                a(GLOBAL, "quit (asks first); while a command runs, cancel it", View::askQuit, "Ctrl-C"),
                a(GLOBAL, "next pane", v -> v.cyclePane(1), "Tab"),
                a(GLOBAL, "previous pane", v -> v.cyclePane(-1), "Shift-Tab"),
                a(GLOBAL, "go to pane 1 Groups, 2 Locks, 3 Log, 4 Events", View::jumpToPane, "1", "2", "3", "4"),
                a(GLOBAL, "command bar", View::openCommandBar, ":"),
                a(GLOBAL, "filter the focused pane", View::openFilter, "/"),
                a(GLOBAL, "help: every key and every command", View::showHelp, "?"),
                a(GLOBAL, "back: close the timeline, clear the filter", View::back, "Esc"),
                a(GLOBAL, "move up", v -> v.move(-1), "Up", "k"),
                a(GLOBAL, "move down", v -> v.move(1), "Down", "j"),
                a(GLOBAL, "page up", v -> v.move(-v.page()), "PgUp", "Ctrl-B"),
                a(GLOBAL, "page down", v -> v.move(v.page()), "PgDn", "Ctrl-F"),
                a(GLOBAL, "first", View::home, "Home", "g"),
                a(GLOBAL, "last", View::end, "End", "G"),
                a(GLOBAL, "drill in: open the log, the timeline or the details", View::enter, "Enter"),
                a(GLOBAL, "timeline of the selected group", View::openTimeline, "t"),
                a(GROUPS, "open the selected run's log", v -> v.groups().openLog(), "l"),
                danger(GROUPS, "cancel the selected run (asks why, then the command's guard)", v -> v.groups().cancelRun(), "c"),
                danger(GROUPS, "approve the selected run's waiting deployment (asks why, then typed confirmation)", v -> v.groups().approveRun(), "a"),
                a(GROUPS, "copy the selected run's URL (OSC 52)", v -> v.groups().copyUrl(), "y"),
                a(LOCKS, "copy the selected lock's URI (OSC 52)", v -> v.locks().copyUri(), "y"),
                danger(LOCKS, "unlock the selected lock (asks why, then typed confirmation)", v -> v.locks().unlock(), "u"),
                a(LOG, "follow the end on/off", v -> v.log().toggleFollow(), "f"),
                a(LOG, "wrap long lines on/off", v -> v.log().toggleWrap(), "w"),
                a(LOG, "timestamps on/off", v -> v.log().toggleTimestamps(), "T"),
                a(LOG, "mark: start/clear a selection of lines", v -> v.log().toggleMark(), "v"),
                a(LOG, "copy the selected lines (OSC 52)", v -> v.logController().copy(), "y"),
                a(LOG, "reload the log", v -> v.logController().fetch(), "r"),
                a(EVENTS, "details of the event or finding", View::enter, "d"),
                a(LOCKS, "details of the lock", View::enter, "d"),
                a(TIMELINE, "zoom in (shorter window)", v -> v.timeline().zoom(-1), "+"),
                a(TIMELINE, "zoom out (longer window)", v -> v.timeline().zoom(1), "-"),
                a(TIMELINE, "previous group", v -> v.timeline().cycle(-1), "["),
                a(TIMELINE, "next group", v -> v.timeline().cycle(1), "]"),
                a(TIMELINE, "close the timeline", View::back, "Esc"),
                a(FLEET, "open the selected repository's screen (Esc there comes back)", View::enter, "Enter"),
                a(GLOBAL, "the fleet view: every repository (when several are watched)", v -> v.fleetPane().showFleet(), "R"));
    }
}
