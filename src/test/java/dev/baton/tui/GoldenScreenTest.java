package dev.baton.tui;

import com.googlecode.lanterna.input.KeyType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** Whole screens of the fixed incident at 80x24 and 160x48, compared with golden text files. */
class GoldenScreenTest {
    @TempDir
    Path tmp;

    @Test
    void overview80x24() throws Exception {
        try (Harness h = new Harness(80, 24, false, tmp)) {
            Golden.check("overview-80x24", h.text());
        }
    }

    @Test
    void locks80x24() throws Exception {
        try (Harness h = new Harness(80, 24, false, tmp)) {
            h.press(KeyType.Tab);
            Golden.check("locks-80x24", h.text());
        }
    }

    @Test
    void events80x24Ascii() throws Exception {
        ConsoleOptions o = Harness.base(tmp).ascii(true);
        try (Harness h = new Harness(80, 24, new Fixtures.FakeRunner(false), o, Runnable::run)) {
            h.type("4");
            Golden.check("events-80x24-ascii", h.text());
        }
    }

    @Test
    void overview160x48ReadOnly() throws Exception {
        try (Harness h = new Harness(160, 48, true, tmp)) {
            Golden.check("overview-160x48-readonly", h.text());
        }
    }

    @Test
    void timeline160x48() throws Exception {
        try (Harness h = new Harness(160, 48, false, tmp)) {
            h.type("jjt");
            Golden.check("timeline-160x48", h.text());
        }
    }

    @Test
    void help80x24() throws Exception {
        try (Harness h = new Harness(80, 24, false, tmp)) {
            h.type("?");
            Golden.check("help-80x24", h.text());
        }
    }
}
