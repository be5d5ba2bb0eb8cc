package dev.baton.tui;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The console in a real tmux (a real pty, real escape sequences): keys, completion, resize, quit with the terminal restored. */
class TmuxScreenTest {
    @Test
    void worksInARealTerminal() throws Exception {
        assumeTrue(Tmux.available(), "tmux is not installed");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cmd = Tmux.shellQuote(java) + " -XX:TieredStopAtLevel=1 -cp " + Tmux.shellQuote(System.getProperty("java.class.path"))
                + " dev.baton.tui.DemoMain";
        try (Tmux t = Tmux.start(100, 30, Map.of("TERM", "tmux-256color", "LANG", "C.UTF-8"), cmd)) {
            t.waitFor("deploy-production", Tmux.seconds(30));
            t.type(":gr");
            t.keys("Tab");
            t.waitFor(":groups", Tmux.seconds(5));
            t.keys("Enter");
            t.waitFor("demo ran: groups", Tmux.seconds(5));
            t.keys("Escape");
            t.waitForGone("demo ran: groups", Tmux.seconds(5));
            t.type("/preprod");
            t.keys("Enter");
            String filtered = t.waitForGone("deploy-production  ", Tmux.seconds(5));
            assertThat(filtered).contains("deploy-preprod");
            t.keys("Escape");
            t.resize(80, 24);
            t.waitFor("1 Groups", Tmux.seconds(5));
            t.resize(160, 48);
            t.waitFor("┌ Locks", Tmux.seconds(5));
            t.keys("C-c");
            t.waitFor("Quit baton?", Tmux.seconds(5));
            t.keys("y");
            String after = t.waitFor("[exited 0]", Tmux.seconds(10));
            assertThat(after).doesNotContain("deploy-production");
        }
    }

    @Test
    void refusesADumbTerminalInOneLine() throws Exception {
        assumeTrue(Tmux.available(), "tmux is not installed");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cmd = Tmux.shellQuote(java) + " -XX:TieredStopAtLevel=1 -cp " + Tmux.shellQuote(System.getProperty("java.class.path"))
                + " dev.baton.tui.DemoMain";
        try (Tmux t = Tmux.start(100, 30, Map.of("TERM", "dumb"), cmd)) {
            String pane = t.waitFor("[exited 2]", Tmux.seconds(30));
            assertThat(pane).contains("baton: TERM=dumb cannot show the full-screen view");
        }
    }
}
