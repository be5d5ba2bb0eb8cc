package dev.baton.tui;

import dev.baton.testkit.Tmux;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The console in a real tmux (a real pty, real escape sequences): keys, completion, resize, quit with the terminal restored. */
class TmuxScreenTest {
    private static final Duration SHORT = Duration.ofSeconds(5);

    @Test
    void worksInARealTerminal() throws Exception {
        assumeTrue(Tmux.available(), "tmux is not installed");
        try (Tmux tmux = new Tmux("tui")) {
            Tmux.Pane t = tmux.shell("tui", 100, 30, env("tmux-256color"));
            t.line(demo());
            t.waitFor("deploy-production", Duration.ofSeconds(30));
            t.type(":gr");
            t.keys("Tab");
            t.waitFor(":groups", SHORT);
            t.keys("Enter");
            t.waitFor("demo ran: groups", SHORT);
            t.escapeUntil(p -> !p.contains("demo ran: groups"), "closes the result", SHORT);
            t.type("/preprod");
            t.keys("Enter");
            t.waitUntil(p -> !p.contains("deploy-production  ") && p.contains("deploy-preprod"), "filters to preprod", SHORT);
            t.escapeUntil(p -> p.contains("deploy-production  "), "clears the filter", SHORT);
            t.resize(80, 24);
            t.waitFor("1 Groups", SHORT);
            t.resize(160, 48);
            t.waitFor("┌ Locks", SHORT);
            t.keys("C-c");
            t.waitFor("Quit baton?", SHORT);
            t.keys("y");
            String after = t.waitUntil(p -> !p.contains("deploy-production") && p.strip().endsWith(Tmux.PROMPT.strip()), "shows the shell prompt again", Duration.ofSeconds(10));
            // quit after the window grew: tmux handed the alternate screen's rows back to the shell's screen
            assertThat(after).as("no frame left behind after a resize and quit").doesNotContain("─").doesNotContain("│");
            t.line("echo \"exit=$?\"");
            assertThat(exitLine(t)).isEqualTo("exit=0");
        }
    }

    @Test
    void refusesADumbTerminalInOneLine() throws Exception {
        assumeTrue(Tmux.available(), "tmux is not installed");
        try (Tmux tmux = new Tmux("tui")) {
            Tmux.Pane t = tmux.shell("tui", 100, 30, env("dumb"));
            t.line(demo() + "; echo \"exit=$?\"");
            assertThat(exitLine(t)).isEqualTo("exit=2");
            assertThat(t.capture()).contains("baton: TERM=dumb cannot show the full-screen view");
        }
    }

    /** The console on canned data, in its own JVM (the class path comes from the environment). */
    private static String demo() {
        return Tmux.quote(Path.of(System.getProperty("java.home"), "bin", "java").toString()) + " -XX:TieredStopAtLevel=1 dev.baton.tui.DemoMain";
    }

    private static Map<String, String> env(String term) {
        return Map.of("TERM", term, "LANG", "C.UTF-8", "CLASSPATH", System.getProperty("java.class.path"));
    }

    /** The line the shell printed for echo "exit=$?" (the typed command shows $?, not a number). */
    private static String exitLine(Tmux.Pane t) throws Exception {
        String pane = t.waitUntil(p -> p.lines().anyMatch(l -> l.matches("exit=\\d+")), "shows the exit code", Duration.ofSeconds(30));
        return pane.lines().filter(l -> l.matches("exit=\\d+")).findFirst().orElseThrow();
    }
}
