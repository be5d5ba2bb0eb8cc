package dev.baton.command;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Text.visible: what every sink does to text from outside before a terminal sees it. */
class TextTest {
    static final String OSC52_CLEAR = "\u001b]52;c;aGk=\u0007\u001b[2J";

    @Test
    void controlCharactersBecomeHexEscapes() {
        assertThat(Text.visible("ci" + OSC52_CLEAR + "bot")).isEqualTo("ci\\x1b]52;c;aGk=\\x07\\x1b[2Jbot");
        assertThat(Text.visible("a\u009b2Jb\u007fc\u0000d")).isEqualTo("a\\x9b2Jb\\x7fc\\x00d");
        assertThat(Text.visible("one\ntwo\tthree\r")).isEqualTo("one\\x0atwo\\x09three\\x0d");
    }

    @Test
    void bidiControlsBecomeUnicodeEscapes() {
        assertThat(Text.visible("txt.\u202eexe\u2066x\u2069\u200f")).isEqualTo("txt.\\u202eexe\\u2066x\\u2069\\u200f");
    }

    @Test
    void ordinaryTextIsTheSameString() {
        String s = "Jos\u00e9 \u00a0 d\u00e9ploie \\x1b C:\\temp \u65e5\u672c \u2713";
        assertThat(Text.visible(s)).isSameAs(s);
        assertThat(Text.visible(null)).isNull();
    }

    @Test
    void linesKeepTheirBreaksAndTabs() {
        assertThat(Text.visibleLines("a\tb\r\nc\rd\n" + OSC52_CLEAR)).isEqualTo("a\tb\r\nc\\x0dd\n\\x1b]52;c;aGk=\\x07\\x1b[2J");
    }

    @Test
    void aTableCellIsOneLineAndItsWidthIsWhatIsShown() {
        String table = Text.table(java.util.List.of(Text.row("prod", "eve\n  dev  fake-row\u001b[2J", "x"), Text.row("dev", "bob", "y")), "");
        String first = "prod  eve\\x0a  dev  fake-row\\x1b[2J  x";
        assertThat(table).isEqualTo(first + "\n" + "dev   bob" + " ".repeat(first.length() - 10) + "y\n");
    }

    @Test
    void aLogLineLosesItsColoursButNotItsOtherEscapes() {
        assertThat(Text.withoutColours("\u001b[1;31mError:\u001b[0m locked \u001b[38;5;10mx\u001b[m")).isEqualTo("Error: locked x");
        assertThat(Text.visible(Text.withoutColours("\u001b[32mok\u001b[0m" + OSC52_CLEAR))).isEqualTo("ok\\x1b]52;c;aGk=\\x07\\x1b[2J");
    }

    @Test
    void escapingTwiceChangesNothingMore() {
        String once = Text.visible("x" + OSC52_CLEAR + "\u009b\u202e");
        assertThat(Text.visible(once)).isEqualTo(once);
        assertThat(once.chars().noneMatch(c -> Text.unsafe((char) c))).isTrue();
    }
}
