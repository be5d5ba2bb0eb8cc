package dev.baton.e2e;

import dev.baton.testkit.Launcher;
import dev.baton.testkit.Tmux;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * `baton --demo --scenario incident` in a real tmux, driven like a person at a terminal: one shell,
 * one baton, one story in order - the layout and the data, a run's log, the command bar with
 * completion, a filter, a theme, the orphaned production lock turning STALE, a resize to 80x24 and
 * back, a rapid-fire test followed live, and q with the shell prompt and a sane terminal restored.
 * The scenario runs at speed 60 (the crashed production deploy's lock turns STALE some 18 sim minutes
 * in, ~18 s; when its runs are over before the log test, that test dispatches one) and the watch polls
 * every second.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScreenEndToEndTest {
    private static final Duration START = Duration.ofSeconds(40);
    private static final Duration SHORT = Duration.ofSeconds(10);
    private Path home;
    private Tmux tmux;
    private Tmux.Pane t;

    @BeforeAll
    void start() throws Exception {
        boolean installed = Tmux.available();
        String ciVar = System.getenv("CI");
        boolean ci = ciVar != null && !ciVar.isBlank() && !ciVar.equalsIgnoreCase("false");
        assumeTrue(installed || ci, "tmux is not installed: skipping the end-to-end screen tests (.ci/run installs it; with CI set they fail instead)");
        assertTrue(installed, "CI is set but tmux is missing: .ci/run should have installed it");
        home = Files.createTempDirectory("baton-e2e");
        Path bin = Files.createDirectories(home.resolve("bin"));
        Launcher.write(bin, Path.of(System.getProperty("user.dir")));
        Path config = Files.createDirectories(home.resolve("config/baton"));
        Files.writeString(config.resolve("config.yaml"), "refresh: 1s\n");
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", bin + ":/usr/local/bin:/usr/bin:/bin");
        env.put("HOME", home.toString());
        env.put("TERM", "tmux-256color");
        env.put("LANG", "C.UTF-8");
        env.put("XDG_CONFIG_HOME", home.resolve("config").toString());
        env.put("XDG_STATE_HOME", home.resolve("state").toString());
        env.put("XDG_CACHE_HOME", home.resolve("cache").toString());
        env.put("XDG_DATA_HOME", home.resolve("data").toString());
        tmux = new Tmux("e2e");
        t = tmux.shell("e2e", 160, 48, env);
        t.line("baton --demo --scenario incident --speed 60");
    }

    @AfterAll
    void stop() throws Exception {
        if (tmux != null) tmux.close();
        // a JVM killed with the tmux server may still write its state for a moment: delete until gone
        for (int attempt = 0; home != null && Files.exists(home) && attempt < 10; attempt++) {
            try (Stream<Path> s = Files.walk(home)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (java.io.IOException | java.io.UncheckedIOException e) {
                // a file vanished under the walk: try again
            }
            if (Files.exists(home)) Thread.sleep(200);
        }
    }

    @Test
    @Order(1)
    void drawsTheLayoutThenFillsItWithTheSandboxsGroupsLocksAndEvictions() throws Exception {
        List<String> layout = List.of("┌ Groups (", "┌ Locks (", "┌ Log ", "┌ Events (", "Tab pane", "q quit");
        t.waitUntil(p -> layout.stream().allMatch(p::contains), "shows the whole layout " + layout, START);
        // the screen writes changed cells only, so a capture can land mid-row: wait for the whole eviction line
        java.util.regex.Pattern eviction = java.util.regex.Pattern.compile("EVICTED\\s+terraform-deploy-dev\\s+deploy-dev.yml #\\d+ \\(\\w+\\) evicted by deploy-dev.yml #\\d+");
        List<String> names = List.of("terraform-deploy-dev", "deploy-preprod", "deploy-production");
        String pane = t.waitUntil(p -> p.contains("groups: API") && eviction.matcher(String.join("\n", box(p, "Events"))).find()
                        && names.stream().allMatch(String.join("\n", box(p, "Groups"))::contains),
                "shows groups from the API and an eviction", START);
        List<String> groups = box(pane, "Groups");
        assertThat(String.join("\n", groups)).contains(names.toArray(String[]::new));
        assertThat(pane).contains("acme/sentiment-analyzer");
    }

    @Test
    @Order(2)
    void enterOnARunOpensItsLog() throws Exception {
        // runs come and go at speed 60: select the first member row of the busiest group, retry if it moved
        // a run's log: its jobs with a header each ("== Deploy (in_progress)"), or one job's own log for a
        // job-level group's member (GitHub's runner lines: "Current runner version", "Runner name"); a long log followed
        // to its end shows the deploy's own Terraform lines instead, its header scrolled away, or, once the run is over,
        // the runner's last line of every job
        java.util.regex.Pattern logText = java.util.regex.Pattern.compile("== .+ \\((in_progress|queued|success|failure|cancelled)\\)|Runner name|Terraform"
                + "|Cleaning up orphan processes");
        String pane = null;
        for (int attempt = 0; attempt < 3 && pane == null; attempt++) {
            try {
                t.waitUntil(p -> p.contains("▶ 0"), "shows a running member", SHORT);
            } catch (AssertionError none) {
                // the scenario plays on the wall clock: on a loaded machine its runs may all be over by now, so start one
                t.line(":dispatch deploy-dev.yml --yes --reason e2e");
                String answered = t.waitUntil(p -> p.contains("┌ :dispatch") || p.contains("▶ 0"), "answers the dispatch", SHORT);
                if (answered.contains("┌ :dispatch")) t.escapeUntil(p -> !p.contains("┌ :dispatch"), "closes the dispatch's pop-up", SHORT);
                t.waitUntil(p -> p.contains("▶ 0"), "shows the dispatched run running", START);
            }
            t.keys("1", "g", "j", "Enter");
            try {
                pane = t.waitUntil(p -> p.contains("f follow") && logText.matcher(String.join("\n", box(p, "Log #"))).find(),
                        "shows the run's log", Duration.ofSeconds(5));
            } catch (AssertionError missed) {
                t.escape(); // whatever Enter opened, if anything: nothing sure to wait for, so a person's pause
            }
        }
        assertThat(pane).as("the log pane opened on a run").isNotNull().contains("Esc back");
    }

    @Test
    @Order(3)
    void commandBarCompletesAndShowsTheOutputInAPopUp() throws Exception {
        if (t.capture().contains("f follow")) t.escapeUntil(p -> !p.contains("f follow"), "closes the run's log", SHORT);
        t.type(":gro");
        t.keys("Tab");
        String pane = t.waitUntil(p -> lastLine(p).startsWith(":groups"), "completes ':gro' to ':groups'", SHORT);
        assertThat(lastLine(pane)).isEqualTo(":groups");
        t.keys("Enter");
        java.util.regex.Pattern row = java.util.regex.Pattern.compile("│\\s+deploy-production\\s");
        pane = t.waitUntil(p -> p.contains("┌ :groups") && row.matcher(p).find(), "shows the :groups pop-up with its rows", SHORT);
        assertThat(pane).containsPattern(row);
        t.escapeUntil(p -> !p.contains("┌ :groups"), "closes the pop-up", SHORT);
    }

    @Test
    @Order(4)
    void slashFiltersTheFocusedPane() throws Exception {
        t.keys("1");
        t.type("/production");
        t.keys("Enter");
        // the title can be drawn a moment before the rows, and rows one by one: wait for the whole filtered box
        String pane = t.waitUntil(p -> p.contains("/production ─") && String.join("\n", box(p, "Groups")).contains("deploy-production")
                && !String.join("\n", box(p, "Groups")).contains("deploy-preprod")
                && !String.join("\n", box(p, "Groups")).contains("terraform-deploy-dev"), "filters the groups to production", SHORT);
        assertThat(pane).contains("Groups (");
        t.escapeUntil(p -> !p.contains("/production ─") && String.join("\n", box(p, "Groups")).contains("terraform-deploy-dev"),
                "shows every group again", SHORT);
    }

    @Test
    @Order(5)
    void themeLightRepaintsOnABrightBackground() throws Exception {
        String white = "48;5;231"; // the light theme's #ffffff text background on a 256-colour terminal
        assertThat(t.captureColours()).doesNotContain(white);
        t.line(":theme light");
        String light = t.waitUntilColours(p -> p.contains(white) && lastLine(p).contains("theme light"), "turns light", SHORT);
        t.line(":theme default");
        t.waitUntilColours(p -> !p.contains(white), "turns dark again", SHORT);
    }

    @Test
    @Order(6)
    void theCrashedDeploysLockTurnsStale() throws Exception {
        String pane = t.waitUntil(p -> box(p, "Locks").stream().anyMatch(l -> l.contains(" STALE") && l.contains("prod/") && l.contains("Apply")),
                "shows the production lock STALE", Duration.ofSeconds(60));
        String row = box(pane, "Locks").stream().filter(l -> l.contains(" STALE")).findFirst().orElseThrow();
        assertThat(row).contains("prod/", "Apply");
        // the demo reads the sandbox's clock, so the lock has an age (the wall clock would say 0s)
        assertThat(row).doesNotContainPattern("Apply\\s+0s\\s");
    }

    @Test
    @Order(7)
    void resizesTo80x24AndBack() throws Exception {
        t.resize(80, 24);
        String small = t.waitUntil(p -> p.contains("1 Groups") && p.contains("4 Events") && !p.contains("┌ Locks"),
                "switches to the tabbed layout", SHORT);
        assertThat(small.lines()).hasSize(24).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(80));
        t.resize(160, 48);
        t.waitUntil(p -> p.contains("┌ Locks (") && p.contains("┌ Groups (") && p.contains("┌ Events (") && p.contains("└")
                && !p.contains("1 Groups"), "switches back to the split layout", SHORT);
    }

    @Test
    @Order(8)
    void rapidFireStreamsIntoTheLogPaneTagsItsRunsAndPopsUpTheVerdict() throws Exception {
        // deploy-dev.yml's runs set off build-and-promote.yml, then deploy-prod.yml (workflow_run): production to allow.
        // --poll 200ms: rapid-fire looks for those followers for 10 polls after its runs end (10 s at its default 1 s)
        t.line(":rapid-fire deploy-dev.yml --count 2 --gap 1s --poll 200ms --allow-production --yes --reason e2e");
        t.waitUntil(p -> p.contains("Log :rapid-fire deploy-dev.yml") && String.join("\n", box(p, "Log :rapid-fire")).contains("dispatched 1/2: deploy-dev.yml"),
                "follows the dispatches in the log pane", SHORT);
        t.waitUntil(p -> box(p, "Groups").stream().anyMatch(l -> l.contains("deploy-dev.yml") && l.contains("rapid-fire")),
                "tags the test's runs in the Groups pane", Duration.ofSeconds(30));
        String pane = t.waitUntil(p -> p.contains("┌ :rapid-fire deploy-dev.yml") && p.contains("rapid-fire: "), "pops up the verdict", Duration.ofSeconds(90));
        assertThat(pane).containsPattern("rapid-fire: (PASS|FAIL)");
        t.escapeUntil(p -> !p.contains("┌ :rapid-fire"), "closes the pop-up", SHORT);
        t.escapeUntil(p -> !p.contains("f follow"), "closes the log pane", SHORT);
    }

    @Test
    @Order(9)
    void qQuitsAndRestoresTheShellPromptAndTheTerminal() throws Exception {
        t.keys("q");
        String pane = t.waitUntil(p -> lastNonBlank(p).equals(Tmux.PROMPT.strip()), "shows the shell prompt again", SHORT);
        assertThat(pane).doesNotContain("┌ Groups");
        // the exit code, then the line discipline's modes: a screen that forgot to restore them leaves -icanon -echo
        t.line("echo \"exit=$?\"; echo \"modes: $(stty -a | tr ' ;' '\\n\\n' | grep -xE -- '-?(icanon|echo)' | tr '\\n' ' ')\"");
        pane = t.waitUntil(p -> p.lines().anyMatch(l -> l.startsWith("modes: ")), "prints the terminal modes", SHORT);
        assertThat(pane.lines()).contains("exit=0", "modes: icanon echo");
    }

    /** The text inside the box whose title starts with title (side-by-side boxes are cut at their own borders). */
    static List<String> box(String pane, String title) {
        List<String> lines = pane.lines().toList();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            int left = lines.get(i).indexOf("┌ " + title);
            if (left < 0) continue;
            int right = lines.get(i).indexOf('┐', left);
            if (right < 0) right = lines.get(i).length() - 1;
            for (int j = i + 1; j < lines.size(); j++) {
                String l = lines.get(j);
                if (l.length() <= left || l.charAt(left) == '└') break;
                out.add(l.substring(left + 1, Math.min(right, l.length())));
            }
            return out;
        }
        return out;
    }

    static String lastLine(String pane) {
        List<String> lines = pane.lines().toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1).strip();
    }

    static String lastNonBlank(String pane) {
        List<String> lines = pane.lines().filter(l -> !l.isBlank()).toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1).strip();
    }
}
