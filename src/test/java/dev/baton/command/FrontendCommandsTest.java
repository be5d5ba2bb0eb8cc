package dev.baton.command;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11 item 5: the screen's own commands and the shell's exit/quit are commands of the one tree. They act
 * through their frontend's controls and refuse cleanly (exit 2, one line) where there is none: in a script.
 */
class FrontendCommandsTest {
    @TempDir
    Path tmp;

    Commands commands(FrontendIo io) {
        Map<String, String> env = Map.of("BATON_REPO", "acme/deploy", "XDG_STATE_HOME", tmp.toString(),
                "XDG_CONFIG_HOME", tmp.toString(), "XDG_CACHE_HOME", tmp.toString(), "GH_TOKEN", "t");
        return new Commands(new Baton(env, new BatonOptions(null, null, false)), io);
    }

    @Test
    void aScriptIsRefusedTheScreensCommandsInOneLine() {
        Commands script = commands(FrontendIo.script());
        for (String line : List.of("theme light", "timeline deploy-production", "quit", "exit")) {
            Result r = script.run(line);
            assertThat(r.exitCode()).as(line).isEqualTo(Exit.USAGE);
            assertThat(r.text()).as(line).doesNotContain("\n").containsPattern("only in the (line shell or the )?screen");
        }
        assertThat(script.run("help").text()).as("help works everywhere").contains("In the screen only:").contains("  theme ");
    }

    @Test
    void theShellAndTheScreenAreReachedThroughTheirControls() {
        List<String> did = new ArrayList<>();
        FrontendIo io = new FrontendIo(false, true);
        io.controls(new FrontendControls.Screen() {
            @Override
            public String theme(String name) {
                if (name != null && name.equals("nope")) throw new IllegalArgumentException("unknown theme 'nope'");
                did.add("theme " + name);
                return "theme " + name;
            }

            @Override
            public String timeline(String group) {
                did.add("timeline " + group);
                return null;
            }

            @Override
            public void showHelp() {
                did.add("help");
            }

            @Override
            public void quit() {
                did.add("quit");
            }
        });
        Commands screen = commands(io);
        assertThat(screen.run("theme light").text()).isEqualTo("theme light");
        Result bad = screen.run("theme nope");
        assertThat(bad.exitCode()).isEqualTo(Exit.USAGE);
        assertThat(bad.text()).isEqualTo("theme: unknown theme 'nope'");
        assertThat(screen.run("timeline deploy-dev").ok()).isTrue();
        Result help = screen.run("help");
        assertThat(help.ok()).isTrue();
        assertThat(help.text()).as("the screen shows its own pop-up").isNull();
        assertThat(screen.run("help unlock").text()).isEqualTo(screen.run("unlock --help").text()).startsWith("Usage: baton unlock");
        screen.run("q");
        assertThat(did).containsExactly("theme light", "timeline deploy-dev", "help", "quit");
    }

    @Test
    void aTypedRequestTakesTheSamePathAsItsLine() throws Exception {
        Map<String, String> env = Map.of("BATON_REPO", "acme/deploy", "XDG_STATE_HOME", tmp.toString(),
                "XDG_CONFIG_HOME", tmp.toString(), "XDG_CACHE_HOME", tmp.toString(), "GH_TOKEN", "t");
        Commands ro = new Commands(new Baton(env, new BatonOptions(null, null, true)), FrontendIo.script());
        Result typed = ro.invoke(new Request.Unlock("s3://b/prod/terraform.tfstate.tflock", "9f1c2d3e", "from a key"));
        Result line = ro.run("unlock s3://b/prod/terraform.tfstate.tflock --id 9f1c2d3e --reason 'from a line'");
        assertThat(typed).isEqualTo(line);
        assertThat(typed.exitCode()).isEqualTo(Exit.REFUSED);
        Result cancel = ro.invoke(new Request.Cancel(7, "stuck"));
        assertThat(cancel).isEqualTo(ro.run("cancel 7"));
        var audit = new AuditJournal(tmp.resolve("baton/repos/api.github.com/acme/deploy/audit.jsonl")).read(10);
        assertThat(audit).extracting(e -> e.get("target")).containsExactly(
                "s3://b/prod/terraform.tfstate.tflock", "s3://b/prod/terraform.tfstate.tflock",
                "7", "7");
        assertThat(audit).extracting(e -> e.get("reason")).containsExactly("from a key", "from a line", "stuck", null);
    }
}
