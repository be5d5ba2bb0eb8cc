package dev.baton;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 12 section 3.4: errors around the commands keep the contract of docs/commands.md. */
class CliContractTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    Map<String, String> env() {
        Map<String, String> env = Cli.env(home);
        env.put("BATON_REPO", "acme/deploy");
        env.put("GH_TOKEN", "t");
        env.put("GITHUB_API_URL", "http://127.0.0.1:9"); // nothing answers: these errors come before any request
        return env;
    }

    @Test
    void anUnknownDemoScenarioIsAUsageErrorLikeTheSandboxOne() throws Exception {
        String demo = Cli.run(env(), "--demo", "--scenario", "nope", "-c", "status").oneLineError(2);
        String sandbox = Cli.run(env(), "sandbox", "--scenario", "nope").oneLineError(2);
        assertThat(demo).startsWith("baton: unknown scenario 'nope' (known: ").doesNotContain("Exception");
        assertThat(sandbox).contains("unknown scenario 'nope'");
    }

    @Test
    void theProgramsModesTakeHelpToo() throws Exception {
        for (String mode : new String[]{"serve", "attach"}) {
            for (String flag : new String[]{"--help", "-h"}) {
                Cli.Outcome help = Cli.run(env(), mode, flag);
                assertThat(help.code()).as(mode + " " + flag + ": " + help.err()).isZero();
                assertThat(help.out()).startsWith("usage: baton").contains(mode).contains("--socket");
            }
            assertThat(Cli.run(env(), mode, "--bogus").oneLineError(2)).startsWith("baton: unknown option '--bogus' of " + mode);
        }
    }

    @Test
    void aMissingScriptSaysCannotReadItAndWhy() throws Exception {
        Path missing = home.resolve("nope.baton");
        assertThat(Cli.run(env(), "--script", missing.toString()).oneLineError(2))
                .isEqualTo("baton: cannot read " + missing + ": no such file");
        Files.createDirectories(home.resolve("dir"));
        assertThat(Cli.run(env(), "--script", home.resolve("dir").toString()).oneLineError(2))
                .startsWith("baton: cannot read " + home.resolve("dir") + ": ");
    }

    @Test
    void inJsonModeEveryErrorIsAlsoAJsonObjectOnStdout() throws Exception {
        for (String[] args : new String[][]{
                {"--json", "nosuch"}, {"nosuch", "--json"}, {"status", "--bogus", "--json"}, {"status", "--bogus", "-o", "json"},
                {"-o", "json", "-c", "status --bogus"}, {"--json", "--script", home.resolve("nope").toString()},
                {"--json", "--bogus-global"}, {"--json", "--demo", "--scenario", "nope", "-c", "status"},
                {"groups", "--json", "--repo", "x"}, {"gorups", "-o", "json"}}) {
            Cli.Outcome r = Cli.run(env(), args);
            String line = r.oneLineError(2);
            JsonNode out = JSON.readTree(r.out());
            assertThat(out.get("error").asText()).as(String.join(" ", args)).isEqualTo(line.substring("baton: ".length()));
            assertThat(r.out().strip()).as("one JSON line").doesNotContain("\n");
        }
        Cli.Outcome text = Cli.run(env(), "status", "--bogus");
        text.oneLineError(2);
        assertThat(text.out()).as("no JSON in text mode").isEmpty();
    }

    @Test
    void aMistypedCommandOrAGlobalOptionAfterTheCommandIsOneLineSayingWhatToType() throws Exception {
        assertThat(Cli.run(env(), "gorups").oneLineError(2)).isEqualTo("baton: unknown command 'gorups'; did you mean 'groups'?");
        assertThat(Cli.run(env(), "atach").oneLineError(2)).as("a program mode is a near miss too").isEqualTo("baton: unknown command 'atach'; did you mean 'attach'?");
        assertThat(Cli.run(env(), "groups", "--repo", "a/b").oneLineError(2))
                .isEqualTo("baton: --repo is one of baton's own options: give it before the command (baton --repo OWNER/NAME groups ...)");
        assertThat(Cli.run(env(), "groups", "--bogus").oneLineError(2)).isEqualTo("baton: Unknown option: '--bogus' (see 'groups --help')");
        Cli.Outcome help = Cli.run(env(), "groups", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).startsWith("Usage: baton groups");
    }

    @Test
    void noErrorPathDoublesThePrefix() throws Exception {
        for (String[] args : new String[][]{{"nosuch"}, {"status", "--bogus"}, {"--bogus"}, {"--script", "/nonexistent/x"},
                {"--demo", "--scenario", "nope"}, {"help", "nosuch"}, {"-c", "status 'unterminated"}}) {
            Cli.Outcome r = Cli.run(env(), args);
            assertThat(r.err()).as(String.join(" ", args)).startsWith("baton: ").doesNotContain("baton: baton:");
        }
    }
}
