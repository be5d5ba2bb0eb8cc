package dev.baton.bench;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.DefaultTerminalFactory;
import com.googlecode.lanterna.terminal.Terminal;

import java.nio.charset.StandardCharsets;

/**
 * The baseline of the screen benchmarks: the least a Lanterna split screen does - header, two boxes
 * side by side, one below, a status line - and then waits for q, redrawing only on a resize. What
 * baton's own start, frame and memory are compared with.
 */
public final class BareSplitScreen {
    public static void main(String[] args) throws Exception {
        Terminal terminal = new DefaultTerminalFactory(System.out, System.in, StandardCharsets.UTF_8).createTerminal();
        Screen screen = new TerminalScreen(terminal);
        screen.startScreen();
        screen.setCursorPosition(null);
        try {
            draw(screen);
            while (true) {
                KeyStroke k = screen.readInput();
                if (k == null || k.getKeyType() == KeyType.EOF || (k.getCharacter() != null && k.getCharacter() == 'q')) break;
                if (screen.doResizeIfNecessary() != null) draw(screen);
            }
        } finally {
            screen.stopScreen();
        }
    }

    static void draw(Screen screen) throws java.io.IOException {
        TerminalSize size = screen.getTerminalSize();
        int w = size.getColumns(), h = size.getRows();
        screen.clear();
        TextGraphics g = screen.newTextGraphics();
        g.setBackgroundColor(new TextColor.RGB(0x30, 0x3a, 0x4a));
        g.putString(0, 0, String.format("%-" + w + "s", " bare split screen"));
        g.setBackgroundColor(TextColor.ANSI.DEFAULT);
        int top = 1, mid = Math.max(top + 3, h * 2 / 3), half = w / 2;
        box(g, 0, top, half, mid - top, "Left");
        box(g, half, top, w - half, mid - top, "Right");
        box(g, 0, mid, w, h - 1 - mid, "Bottom");
        g.putString(0, h - 1, " bare-split-ready  q quit");
        screen.refresh();
    }

    static void box(TextGraphics g, int x, int y, int w, int h, String title) {
        if (w < 2 || h < 2) return;
        g.drawLine(x + 1, y, x + w - 2, y, '─');
        g.drawLine(x + 1, y + h - 1, x + w - 2, y + h - 1, '─');
        g.drawLine(x, y + 1, x, y + h - 2, '│');
        g.drawLine(x + w - 1, y + 1, x + w - 1, y + h - 2, '│');
        g.setCharacter(x, y, '┌');
        g.setCharacter(x + w - 1, y, '┐');
        g.setCharacter(x, y + h - 1, '└');
        g.setCharacter(x + w - 1, y + h - 1, '┘');
        g.putString(x + 1, y, " " + title + " ");
    }
}
