package dev.baton.tui;

import com.googlecode.lanterna.input.KeyStroke;

/** A key's name as the key table writes it: "q", "G", "Enter", "Ctrl-C", "Shift-Tab", "PgDn". */
final class Keys {
    private Keys() {
    }

    static String name(KeyStroke k) {
        switch (k.getKeyType()) {
            case Character: {
                char c = k.getCharacter();
                if (k.isCtrlDown()) return "Ctrl-" + Character.toUpperCase(c);
                if (k.isAltDown()) return "Alt-" + c;
                return String.valueOf(c);
            }
            case Enter: return "Enter";
            case Escape: return "Esc";
            case Tab: return "Tab";
            case ReverseTab: return "Shift-Tab";
            case ArrowUp: return "Up";
            case ArrowDown: return "Down";
            case ArrowLeft: return "Left";
            case ArrowRight: return "Right";
            case PageUp: return "PgUp";
            case PageDown: return "PgDn";
            case Home: return "Home";
            case End: return "End";
            case Backspace: return "Backspace";
            case Delete: return "Delete";
            default: return k.getKeyType().name();
        }
    }
}
