package dev.baton.tui;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;

/** A one-line text editor (the command bar, the filter prompt, the confirmation field) with readline's basic keys. */
final class LineEdit {
    private final StringBuilder buf = new StringBuilder();
    private int cursor;

    String text() {
        return buf.toString();
    }

    int cursor() {
        return cursor;
    }

    void set(String text) {
        buf.setLength(0);
        buf.append(text);
        cursor = buf.length();
    }

    /** Sets the text with the cursor at the given position (clamped). */
    void set(String text, int cursorAt) {
        set(text);
        cursor = Math.max(0, Math.min(cursorAt, buf.length()));
    }

    void replace(int from, int to, String with) {
        buf.replace(from, to, with);
        cursor = from + with.length();
    }

    /** Applies an editing key; false when the key is not an editing key (Enter, Esc, Tab, Up, Down...). */
    boolean edit(KeyStroke k) {
        KeyType t = k.getKeyType();
        if (t == KeyType.Character && k.isCtrlDown()) {
            switch (Character.toLowerCase(k.getCharacter())) {
                case 'a': cursor = 0; return true;
                case 'e': cursor = buf.length(); return true;
                case 'b': cursor = Math.max(0, cursor - 1); return true;
                case 'f': cursor = Math.min(buf.length(), cursor + 1); return true;
                case 'u': buf.delete(0, cursor); cursor = 0; return true;
                case 'k': buf.setLength(cursor); return true;
                case 'w': {
                    int i = cursor;
                    while (i > 0 && buf.charAt(i - 1) == ' ') i--;
                    while (i > 0 && buf.charAt(i - 1) != ' ') i--;
                    buf.delete(i, cursor);
                    cursor = i;
                    return true;
                }
                default: return false;
            }
        }
        switch (t) {
            case Character:
                if (k.isAltDown()) return false;
                buf.insert(cursor++, k.getCharacter().charValue());
                return true;
            case Backspace:
                if (cursor > 0) buf.deleteCharAt(--cursor);
                return true;
            case Delete:
                if (cursor < buf.length()) buf.deleteCharAt(cursor);
                return true;
            case ArrowLeft:
                cursor = Math.max(0, cursor - 1);
                return true;
            case ArrowRight:
                cursor = Math.min(buf.length(), cursor + 1);
                return true;
            case Home:
                cursor = 0;
                return true;
            case End:
                cursor = buf.length();
                return true;
            default:
                return false;
        }
    }
}
