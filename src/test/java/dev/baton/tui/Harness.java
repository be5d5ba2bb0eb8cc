package dev.baton.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.Terminal;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import com.googlecode.lanterna.terminal.virtual.VirtualTerminalListener;
import dev.baton.testkit.VirtualScreen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/** The console's view on Lanterna's virtual terminal: keys go in through addInput, frames come out as text. */
final class Harness implements AutoCloseable {
    final DefaultVirtualTerminal vt;
    final TerminalScreen screen;
    final View view;
    final Fixtures.FakeFeed feed;
    final Fixtures.FakeRunner runner;
    final ConsoleOptions options;

    Harness(int cols, int rows, boolean readOnly, Path tmp) {
        this(cols, rows, new Fixtures.FakeRunner(readOnly), base(tmp), Runnable::run);
    }

    static ConsoleOptions base(Path tmp) {
        return new ConsoleOptions().clock(Fixtures.CLOCK).zone(ZoneOffset.UTC).colorMode(ColorMode.TRUECOLOR).ascii(false)
                .historyFile(tmp.resolve("state/baton/history")).userThemes(tmp.resolve("themes"));
    }

    Harness(int cols, int rows, Fixtures.FakeRunner runner, ConsoleOptions options, Executor executor) {
        this.vt = new DefaultVirtualTerminal(new TerminalSize(cols, rows));
        this.feed = new Fixtures.FakeFeed(Fixtures.snapshot(), Fixtures.events());
        this.runner = runner;
        this.options = options;
        try {
            this.screen = new TerminalScreen(vt);
            screen.startScreen();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.view = new View(feed, runner, options, executor, executor);
        view.bindUiThread();
        frame();
    }

    /** Processes queued keys and tasks, then draws a frame. */
    Harness frame() {
        try {
            KeyStroke k;
            while ((k = screen.pollInput()) != null) view.handle(k);
            view.drain();
            screen.doResizeIfNecessary();
            Console.draw(screen, view, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    Harness type(String chars) {
        for (char c : chars.toCharArray()) vt.addInput(new KeyStroke(c, false, false));
        return frame();
    }

    Harness press(KeyType t) {
        vt.addInput(new KeyStroke(t));
        return frame();
    }

    Harness ctrl(char c) {
        vt.addInput(new KeyStroke(c, true, false));
        return frame();
    }

    /** How many frames reach the terminal from now on (a flush: bytes sent to an SSH client). */
    AtomicInteger flushes() {
        AtomicInteger flushes = new AtomicInteger();
        vt.addVirtualTerminalListener(new VirtualTerminalListener() {
            @Override public void onFlush() { flushes.incrementAndGet(); }
            @Override public void onBell() { }
            @Override public void onClose() { }
            @Override public void onResized(Terminal terminal, TerminalSize newSize) { }
        });
        return flushes;
    }

    String text() {
        return VirtualScreen.text(vt);
    }

    String row(int y) {
        return text().split("\n", -1)[y];
    }

    /** The first cell showing the text, or null. */
    TextCharacter cellOf(String needle) {
        String[] rows = text().split("\n", -1);
        for (int y = 0; y < rows.length; y++) {
            int x = rows[y].indexOf(needle);
            if (x >= 0) return vt.getCharacter(x, y);
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        view.close();
        screen.stopScreen();
    }
}
