package dev.baton.tui;

import com.googlecode.lanterna.input.KeyType;
import dev.baton.command.Exit;
import dev.baton.command.Result;
import dev.baton.model.Event;
import dev.baton.model.LockInfo;
import dev.baton.model.Run;
import dev.baton.model.Snapshot;
import dev.baton.model.StateLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The screen never hands a terminal control from outside to a cell: a lock's Who and Operation, a run's
 * title, branch and actor, an event's detail, a command's output, a confirmation's detail and log lines
 * that carry OSC 52 (set the clipboard), CSI 2J (clear), a C1 CSI, DEL or a bidi override are drawn with
 * those characters as escapes (ESC as \x1b), and a log's colours still show as colours.
 */
class ControlCharactersTest {
    static final String OSC52_CLEAR = "\u001b]52;c;cm0gLXJmIC8=\u0007\u001b[2J";
    static final String SHOWN = "\\x1b]52;c;cm0gLXJmIC8=\\x07\\x1b[2J";
    static final String WHO = "mallory" + OSC52_CLEAR + "\u009b31m\u007f\u202eevil";

    @TempDir
    Path tmp;

    static Snapshot hostile() {
        Snapshot s = Fixtures.snapshot();
        List<StateLock> locks = new ArrayList<>();
        for (StateLock l : s.locks()) {
            LockInfo i = l.info();
            locks.add(i == null || !i.id().equals(Fixtures.PROD_LOCK_ID) ? l
                    : new StateLock(l.location(), new LockInfo(i.id(), "Apply" + OSC52_CLEAR, i.info(), WHO, i.version(), i.created(),
                    i.createdAt(), i.path() + OSC52_CLEAR), l.rawBody(), l.version(), l.lastModified(), l.error()));
        }
        List<Run> runs = s.runs().stream().map(r -> r.id() != 1058 ? r
                : new Run(r.id(), r.workflowName() + OSC52_CLEAR, r.workflowPath(), r.runNumber(), r.attempt(), r.event(), "bob" + OSC52_CLEAR,
                r.headSha(), "main" + OSC52_CLEAR, "Fix typo" + OSC52_CLEAR, r.status(), r.conclusion(), r.createdAt(), r.startedAt(),
                r.updatedAt(), r.htmlUrl())).toList();
        return new Snapshot(s.takenAt(), s.repo(), s.mode(), s.rateLimit(), runs, s.groups(), locks, s.stages(), s.findings(), s.health());
    }

    static void assertClean(Harness h) {
        String screen = h.text();
        for (int i = 0; i < screen.length(); i++) {
            char c = screen.charAt(i);
            if (c == '\n') continue;
            assertThat(dev.baton.command.Text.unsafe(c)).as("raw U+%04X at %d in%n%s", (int) c, i, screen).isFalse();
        }
    }

    @Test
    void panesPopupsAndTheLogShowControlsAsEscapes() throws Exception {
        ConsoleOptions o = Harness.base(tmp).logs((run, job) -> List.of(
                "2026-03-10T14:01:02.0000000Z \u001b[31mError:\u001b[0m state locked by " + WHO,
                "2026-03-10T14:01:03.0000000Z " + OSC52_CLEAR + "done"));
        Fixtures.FakeRunner runner = new Fixtures.FakeRunner(false);
        runner.answer = line -> Result.ok("lock held by " + WHO, null);
        try (Harness h = new Harness(200, 50, runner, o, Runnable::run)) {
            h.feed.events.add(new Event(Fixtures.at("14:04:01"), Event.Kind.LOCK_HOLDER_CHANGED, Fixtures.PROD_LOCK, "-> " + WHO, 0));
            h.view.onSnapshot(hostile());
            h.frame();
            assertClean(h);
            // columns sized to the escapes as shown: at 200 columns the holder and the actor are whole
            assertThat(h.text()).contains("mallory" + SHOWN + "\\x9b31m\\x7f\\u202eevil ").contains("bob" + SHOWN + " ")
                    .contains("-> mallory" + SHOWN + "\\x9b31m\\x7f\\u202eevil");

            h.type("2G").press(KeyType.Enter); // the production lock's details
            assertClean(h);
            assertThat(h.text()).contains("mallory" + SHOWN + "\\x9b31m\\x7f\\u202eevil");
            h.press(KeyType.Escape);

            h.type(":locks").press(KeyType.Enter); // a command's output in a pop-up
            assertClean(h);
            assertThat(h.text()).contains("lock held by mallory" + SHOWN);
            h.press(KeyType.Escape);

            h.type("1").type("jjj").press(KeyType.Enter); // #58's log
            assertClean(h);
            assertThat(h.text()).contains("Error: state locked by mallory" + SHOWN).contains(SHOWN + "done");
            assertThat(h.cellOf("Error:").getForegroundColor()).isEqualTo(h.view.theme().style("ansi.red").fg());
        }
    }

    @Test
    void aTypedConfirmationShowsItsDetailEscaped() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        ScreenConfirm confirm = new ScreenConfirm();
        Fixtures.FakeRunner runner = new Fixtures.FakeRunner(false);
        runner.answer = line -> confirm.confirm("Release the lock on production?", "held by " + WHO, "9f1c2d3e")
                ? Result.ok("released", null) : Result.error(Exit.REFUSED, "not confirmed");
        try (Harness h = new Harness(120, 30, runner, Harness.base(tmp).confirm(confirm), pool)) {
            confirm.attach(h.view);
            h.type("2Gu").press(KeyType.Enter); // u asks why first: Enter with no reason
            for (int i = 0; i < 500 && !h.view.dialogOpen(); i++) {
                Thread.sleep(5);
                h.frame();
            }
            assertThat(h.view.dialogOpen()).isTrue();
            assertClean(h);
            assertThat(h.text()).contains("held by mallory" + SHOWN);
            h.press(KeyType.Escape);
        } finally {
            pool.shutdownNow();
        }
    }
}
