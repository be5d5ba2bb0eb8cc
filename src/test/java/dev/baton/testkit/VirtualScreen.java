package dev.baton.testkit;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;

/** What a Lanterna virtual terminal shows, read as a user would: one line of text a row. */
public final class VirtualScreen {
    private VirtualScreen() {
    }

    /** Each row's characters, its trailing blanks stripped, one line a row. */
    public static String text(DefaultVirtualTerminal vt) {
        TerminalSize size = vt.getTerminalSize();
        StringBuilder sb = new StringBuilder();
        for (int y = 0; y < size.getRows(); y++) {
            StringBuilder line = new StringBuilder();
            for (int x = 0; x < size.getColumns(); x++) line.append(vt.getCharacter(x, y).getCharacterString());
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }
}
