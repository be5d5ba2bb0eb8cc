package dev.baton.tui;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.baton.command.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The stack of modals that replaced the screen's if-chain, and the help pop-up that lists the commands too. */
class ModalsTest {
    @TempDir
    Path tmp;

    @Test
    void theNewestQuestionOrBarTakesTheKeysEvenUnderALaterPopup() {
        Modals m = new Modals();
        Popup first = Popup.ofText("first", "a", false);
        m.push(first);
        assertThat(m.active()).isSameAs(first);
        LineEdit typed = new LineEdit();
        FilterBar bar = new FilterBar(Filter.NONE, f -> typed.set(f.text()));
        m.push(bar);
        Popup late = Popup.ofText("late", "a result that arrived while typing", false);
        m.push(late);
        assertThat(m.active()).as("a pop-up that opened meanwhile does not steal the bar's keys").isSameAs(bar);
        m.key(new KeyStroke('x', false, false), "x");
        assertThat(typed.text()).isEqualTo("x");
        m.key(new KeyStroke(KeyType.Enter), "Enter");
        assertThat(m.size()).as("Enter closed the bar only").isEqualTo(2);
        assertThat(m.active()).isSameAs(late);
        m.key(new KeyStroke(KeyType.Escape), "Esc");
        assertThat(m.active()).isSameAs(first);
    }

    @Test
    void closingEverythingRefusesAnOpenConfirmation() throws Exception {
        Modals m = new Modals();
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        m.push(new Dialog("Release?", "", "9f1c2d3e", answer, (text, role) -> { }));
        m.push(Popup.ofText("above", "", false));
        m.dismissAll();
        assertThat(m.isEmpty()).isTrue();
        assertThat(answer.get(1, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void aConfirmationAnswersOnlyTheExpectedWord() throws Exception {
        Modals m = new Modals();
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        m.push(new Dialog("Release?", "", "ab", answer, (text, role) -> { }));
        for (char c : "ax".toCharArray()) m.key(new KeyStroke(c, false, false), String.valueOf(c));
        m.key(new KeyStroke(KeyType.Enter), "Enter");
        assertThat(answer).isNotDone();
        assertThat(m.isEmpty()).isFalse();
        m.key(new KeyStroke(KeyType.Backspace), "Backspace");
        m.key(new KeyStroke('b', false, false), "b");
        m.key(new KeyStroke(KeyType.Enter), "Enter");
        assertThat(answer.get(1, TimeUnit.SECONDS)).isTrue();
        assertThat(m.isEmpty()).isTrue();
    }

    @Test
    void questionMarkAndColonHelpListTheKeysAndTheCommands() throws Exception {
        try (Harness h = new Harness(120, 40, false, tmp)) {
            h.type("?");
            assertThat(h.view.popupTitle()).isEqualTo("Keys and commands");
            String keysAndCommands = popupText(h);
            assertThat(keysAndCommands).contains("help: every key and every command")
                    .contains("Commands (type : then the command; :help CMD shows one command's help)");
            // every command of the registry is listed, with its description, the screen's own apart
            for (String line : h.runner.help().split("\n")) {
                if (line.startsWith("  ")) assertThat(keysAndCommands).contains(line.strip().split("\\s+")[0]);
            }
            assertThat(keysAndCommands).contains("unlock", "groups", "theme", "timeline", "In the screen only:");
            h.press(KeyType.Escape);
            assertThat(h.view.popupOpen()).isFalse();
            h.type(":help").press(KeyType.Enter);
            assertThat(h.view.popupTitle()).as(":help opens the same pop-up").isEqualTo("Keys and commands");
            assertThat(h.view.message()).as("and says nothing else").isNull();
        }
    }

    @Test
    void colonHelpCmdShowsThatCommandsOwnHelp() throws Exception {
        // as on a terminal, where picocli would colour the usage (a pop-up would show the codes escaped)
        String before = System.setProperty("picocli.ansi", "true");
        try (Harness h = new Harness(120, 40, false, tmp)) {
            h.type(":help locks").press(KeyType.Enter);
            assertThat(h.view.popupTitle()).isEqualTo(":help locks");
            Result usage = h.runner.real.run("locks --help");
            assertThat(usage.text()).startsWith("Usage: baton locks").doesNotContain("\u001b");
            assertThat(popupText(h)).as("no escaped colour codes").doesNotContain("\\x1b");
            assertThat(popupText(h)).as("the same text as `baton locks --help`").contains(usage.text().lines().limit(3).toList());
            h.press(KeyType.Escape).type(":help lokcs").press(KeyType.Enter);
            assertThat(h.view.popupTitle()).isEqualTo(":help lokcs  (exit 2)");
            assertThat(h.text()).contains("did you mean 'locks'?");
        } finally {
            if (before == null) System.clearProperty("picocli.ansi");
            else System.setProperty("picocli.ansi", before);
        }
    }

    @Test
    void readOnlyHelpLeavesOutWhatChangesThings() throws Exception {
        try (Harness h = new Harness(120, 40, true, tmp)) {
            h.type("?");
            String text = popupText(h);
            assertThat(text).contains("READ-ONLY").doesNotContain("  unlock ").doesNotContain("  cancel ");
        }
    }

    @Test
    void colonQuitLeavesThroughTheCommandTree() throws Exception {
        try (Harness h = new Harness(80, 24, false, tmp)) {
            h.type(":exit").press(KeyType.Enter);
            assertThat(h.runner.lines).containsExactly("exit");
            assertThat(h.view.running()).isFalse();
        }
    }

    @Test
    void aConfirmationClosesTheBarsAndRefusesAnOlderOne() throws Exception {
        try (Harness h = new Harness(80, 24, false, tmp)) {
            h.type("2Gu").type("half a reason"); // the reason bar is open
            CompletableFuture<Boolean> older = new CompletableFuture<>();
            CompletableFuture<Boolean> newer = new CompletableFuture<>();
            h.view.openDialog("first?", "", "one", older);
            h.view.openDialog("second?", "", "two", newer);
            assertThat(older.get(1, TimeUnit.SECONDS)).as("replaced: refused").isFalse();
            h.frame().type("two").press(KeyType.Enter);
            assertThat(newer.get(1, TimeUnit.SECONDS)).isTrue();
            assertThat(h.view.modals().isEmpty()).as("the reason bar went with it; nothing ran").isTrue();
            assertThat(h.runner.requests).isEmpty();
        }
    }

    /** The pop-up's whole text, however far it scrolls. */
    private static String popupText(Harness h) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            sb.append(h.text());
            h.type(" ");
        }
        h.type("g");
        return sb.toString();
    }

    @Test
    void aPopupCopiesItsTextAndCtrlCAsksToQuit() throws Exception {
        List<String> copied = new java.util.ArrayList<>();
        try (Harness h = new Harness(80, 24, new Fixtures.FakeRunner(false), Harness.base(tmp).clipboard(t -> copied.add(t)), Runnable::run)) {
            h.type(":groups").press(KeyType.Enter);
            h.runner.answer = line -> Result.ok("a\nb", null);
            h.type(":groups").press(KeyType.Enter).type("y");
            assertThat(copied).containsExactly("a\nb\n");
            h.ctrl('c');
            assertThat(h.view.popupOpen()).isFalse();
            assertThat(h.text()).contains("Quit baton?");
            h.type("n");
            assertThat(h.view.running()).isTrue();
        }
    }
}
