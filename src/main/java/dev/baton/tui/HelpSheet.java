package dev.baton.tui;

import java.util.ArrayList;
import java.util.List;

/**
 * The help pop-up (`?`, `:help`): every key from the key table, the prompts' keys, then the commands as
 * `help` lists them. `:help CMD` shows one command's help instead (the command registry's usage text).
 */
final class HelpSheet {
    private HelpSheet() {
    }

    static Popup popup(Keymap keymap, boolean readOnly, String commands) {
        List<Line> lines = new ArrayList<>();
        if (readOnly) lines.add(Line.of("READ-ONLY: keys and commands that change things are switched off.", "warn"));
        for (KeyAction.Scope s : KeyAction.Scope.values()) {
            boolean any = false;
            for (KeyAction a : keymap.actions()) {
                if (a.scope() != s) continue;
                if (!any) {
                    if (!lines.isEmpty()) lines.add(Line.of("", "popup"));
                    lines.add(Line.of(s.title, "popup.title"));
                    any = true;
                }
                lines.add(new Line(List.of(new Line.Seg("  " + Text.fit(String.join(" ", a.keys()), 14), "status.key"),
                        new Line.Seg(" " + a.help() + (a.mutating() ? "  [changes things]" : ""), "popup")), a.help(), null));
            }
        }
        for (String[] p : Keymap.PROMPT_KEYS) {
            lines.add(Line.of("", "popup"));
            lines.add(Line.of(p[0], "popup.title"));
            lines.add(Line.of("  " + p[1], "popup"));
        }
        lines.add(Line.of("", "popup"));
        lines.add(Line.of("Commands (type : then the command; :help CMD shows one command's help)", "popup.title"));
        for (String l : commands.split("\n")) {
            if (l.equals("Commands:")) continue;
            lines.add(l.startsWith("  ") ? Line.of(l, "popup") : Line.of(l, "popup.title"));
        }
        return new Popup("Keys and commands", lines, false);
    }
}
