package dev.baton.tui;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextColor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ThemeTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(ColorMode.class)
    void everyBuiltInThemeLoadsInEveryColourMode(ColorMode mode) {
        Themes themes = new Themes(null);
        for (String name : Themes.BUILT_IN) {
            Theme t = themes.load(name, mode);
            for (String role : new String[]{"text", "header", "selected", "gantt.running", "ansi.bright_red", "lock.stale", "no.such.role"}) {
                Theme.Style s = t.style(role);
                assertThat(s.fg()).isNotNull();
                if (mode == ColorMode.NONE) assertThat(s.fg()).isEqualTo(TextColor.ANSI.DEFAULT);
                if (mode == ColorMode.INDEXED_256) assertThat(s.fg()).isNotInstanceOf(TextColor.RGB.class);
                if (mode == ColorMode.ANSI_16) assertThat(s.fg()).isInstanceOf(TextColor.ANSI.class);
            }
        }
    }

    @Test
    void rgbBecomesIndexedOrNearestAnsi() {
        Theme t256 = new Themes(null).load("default", ColorMode.INDEXED_256);
        assertThat(t256.style("running").fg()).isEqualTo(TextColor.Indexed.fromRGB(0x5f, 0xd7, 0x5f));
        Theme t16 = new Themes(null).load("default", ColorMode.ANSI_16);
        assertThat(t16.style("evicted").fg()).isIn(TextColor.ANSI.RED, TextColor.ANSI.RED_BRIGHT);
    }

    @Test
    void withoutColoursAHighlightBecomesReverseVideo() {
        Theme t = new Themes(null).load("default", ColorMode.NONE);
        assertThat(t.style("selected").sgr()).contains(SGR.REVERSE);
        assertThat(t.style("text").sgr()).doesNotContain(SGR.REVERSE);
    }

    @Test
    void rolesFallBackToTheirParentThenText() {
        Theme t = new Themes(null).load("default", ColorMode.TRUECOLOR);
        assertThat(t.style("lock.held.extra").fg()).isEqualTo(t.style("lock.held").fg());
        assertThat(t.style("nothing").fg()).isEqualTo(t.style("text").fg());
    }

    @Test
    void userThemesWinAndBadColoursAreOneLine() throws Exception {
        Files.writeString(tmp.resolve("default.yaml"), "roles:\n  text: {fg: red, bg: black}\n");
        Files.writeString(tmp.resolve("broken.yaml"), "roles:\n  header: {fg: chartreuse-ish}\n");
        Themes themes = new Themes(tmp);
        assertThat(themes.load("default", ColorMode.TRUECOLOR).style("text").fg()).isEqualTo(TextColor.ANSI.RED);
        assertThat(themes.names()).contains("broken", "light", "mono");
        assertThatThrownBy(() -> themes.load("broken", ColorMode.TRUECOLOR))
                .hasMessage("theme broken: role header: unknown colour 'chartreuse-ish'");
        assertThatThrownBy(() -> themes.load("../etc/passwd", ColorMode.TRUECOLOR)).hasMessageContaining("theme name must be");
        assertThatThrownBy(() -> themes.load("nope", ColorMode.TRUECOLOR)).hasMessageStartingWith("unknown theme 'nope'");
    }

    @Test
    void colourModeFollowsNoColorColortermAndTerm() {
        assertThat(ColorMode.detect(Map.of("NO_COLOR", "1", "COLORTERM", "truecolor"))).isEqualTo(ColorMode.NONE);
        assertThat(ColorMode.detect(Map.of("NO_COLOR", "", "TERM", "xterm"))).isEqualTo(ColorMode.ANSI_16);
        assertThat(ColorMode.detect(Map.of("COLORTERM", "truecolor", "TERM", "tmux-256color"))).isEqualTo(ColorMode.TRUECOLOR);
        assertThat(ColorMode.detect(Map.of("TERM", "tmux-256color"))).isEqualTo(ColorMode.INDEXED_256);
        assertThat(ColorMode.detect(Map.of("TERM", "screen"))).isEqualTo(ColorMode.ANSI_16);
        assertThat(ColorMode.detect(Map.of("TERM", "dumb"))).isEqualTo(ColorMode.NONE);
        assertThat(ColorMode.parse("256")).isEqualTo(ColorMode.INDEXED_256);
        assertThatThrownBy(() -> ColorMode.parse("lots")).hasMessageContaining("truecolor, 256, 16 or none");
    }

    @Test
    void glyphsFollowTheLocale() {
        assertThat(Glyphs.detect(Map.of("LANG", "en_US.UTF-8"))).isEqualTo(Glyphs.UNICODE);
        assertThat(Glyphs.detect(Map.of("LC_ALL", "C", "LANG", "en_US.UTF-8"))).isEqualTo(Glyphs.ASCII);
        assertThat(Glyphs.detect(Map.of())).isEqualTo(Glyphs.ASCII);
    }

    @Test
    void themeFilesMayUseBlockOrFlowStyleWithCommentsAndQuotes() throws Exception {
        Files.writeString(tmp.resolve("mine.yaml"), String.join("\n",
                "# my theme",
                "name: mine",
                "roles:",
                "  text: {fg: \"#101010\", bg: 'default'}   # dark text",
                "  header:",
                "    fg: \"#ffffff\"",
                "    bold: true",
                "  warn: yellow_bright",
                ""));
        Theme t = new Themes(tmp).load("mine", ColorMode.TRUECOLOR);
        assertThat(t.style("text").fg()).isEqualTo(TextColor.Factory.fromString("#101010"));
        assertThat(t.style("header").fg()).isEqualTo(TextColor.Factory.fromString("#ffffff"));
        assertThat(t.style("header").sgr()).contains(SGR.BOLD);
        assertThat(t.style("warn").fg()).isEqualTo(TextColor.ANSI.YELLOW_BRIGHT);
        Files.writeString(tmp.resolve("typo.yaml"), "roles:\n  text: {fg: red, colour: blue}\n");
        assertThatThrownBy(() -> new Themes(tmp).load("typo", ColorMode.TRUECOLOR))
                .hasMessage("theme typo: role text: unknown key 'colour' (fg, bg, bold, reverse, underline)");
        Files.writeString(tmp.resolve("empty.yaml"), "name: empty\n");
        assertThatThrownBy(() -> new Themes(tmp).load("empty", ColorMode.TRUECOLOR)).hasMessage("theme empty: needs a 'roles:' mapping");
    }
}
