package dev.baton;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** baton's own options, parsed by picocli: the first word that is no option starts the command, which keeps its own. */
class GlobalOptionsTest {
    @Test
    void oneParseReadsTheOptionsThenTheCommandWithItsOwn() {
        GlobalOptions o = GlobalOptions.parse(new String[]{"--repo", "acme/a", "--read-only", "--config", "c.yaml", "groups", "prod", "--json"});
        assertThat(o.repo()).isEqualTo("acme/a");
        assertThat(o.readOnly).isTrue();
        assertThat(o.config).isEqualTo(Path.of("c.yaml"));
        assertThat(o.json).as("the command's --json is the command's").isFalse();
        assertThat(o.parsedCommand.commandSpec().name()).isEqualTo("groups");
        assertThat(o.parsedCommand.hasMatchedOption("--json")).as("an option after a positional is still the command's").isTrue();
        assertThat(o.parsedCommand.matchedPositionals()).extracting(p -> p.stringValues()).containsExactly(List.of("prod"));
        assertThat(o.commandWords).containsExactly("groups", "prod", "--json");
        assertThat(o.rest).isEmpty();

        GlobalOptions value = GlobalOptions.parse(new String[]{"-c", "status", "--scenario", "groups"});
        assertThat(value.command).as("an option's value may be a command's name").isEqualTo("status");
        assertThat(value.parsedCommand).isNull();
        GlobalOptions mode = GlobalOptions.parse(new String[]{"--demo", "sandbox", "--port", "1"});
        assertThat(mode.parsedCommand).isNull();
        assertThat(mode.rest).as("a program mode keeps its words").containsExactly("sandbox", "--port", "1");
    }

    @Test
    void batonsOwnOptionAfterTheCommandSaysWhereItGoes() {
        assertThatThrownBy(() -> GlobalOptions.parse(new String[]{"groups", "--json", "--repo", "x"}))
                .hasMessage("--repo is one of baton's own options: give it before the command (baton --repo OWNER/NAME groups ...)");
        assertThatThrownBy(() -> GlobalOptions.parse(new String[]{"groups", "--bogus"})).hasMessage("Unknown option: '--bogus' (see 'groups --help')");
    }

    @Test
    void theLastValueOfAnOptionGivenTwiceWinsButRepoAndOrgAddUp() {
        GlobalOptions o = GlobalOptions.parse(new String[]{"--repo", "a/b", "--repo", "c/d", "--org", "acme", "-o", "json", "-c", "groups; locks"});
        assertThat(o.repos).as("--repo is repeatable: a fleet").containsExactly("a/b", "c/d");
        assertThat(o.repo()).as("the first is the current one").isEqualTo("a/b");
        assertThat(o.orgs).containsExactly("acme");
        assertThat(GlobalOptions.parse(new String[]{"--demo", "--repos", "5"}).demoRepos).isEqualTo(5);
        assertThat(o.json).isTrue();
        assertThat(o.command).isEqualTo("groups; locks");
        assertThat(GlobalOptions.parse(new String[]{"--json", "-o", "text"}).json).isFalse();
        assertThat(GlobalOptions.parse(new String[]{"--demo", "--speed", "2.5"}).speed).isEqualTo(2.5);
    }

    @Test
    void badInputIsOneLineSayingWhat() {
        assertThatThrownBy(() -> GlobalOptions.parse(new String[]{"--bogus", "status"})).hasMessage("unknown option --bogus (see baton --help)");
        assertThatThrownBy(() -> GlobalOptions.parse(new String[]{"--repo"})).hasMessage("--repo needs a value");
        assertThatThrownBy(() -> GlobalOptions.parse(new String[]{"--speed", "0"})).hasMessage("--speed takes a positive number, not '0'");
        assertThatThrownBy(() -> GlobalOptions.parse(new String[]{"-o", "yaml"})).hasMessage("-o takes text or json, not 'yaml'");
    }

    @Test
    void helpListsEveryOptionFromItsAnnotationButTheHiddenOne() {
        String usage = Main.usage();
        for (String name : List.of("--demo", "--scenario NAME", "--speed N", "--repo OWNER/NAME", "--config FILE", "--read-only", "-c 'CMD; CMD'",
                "--script FILE", "--json", "-o, --output text|json", "--theme NAME", "--ascii", "-V, --version", "-h, --help")) {
            assertThat(usage).contains("  " + name);
        }
        assertThat(usage).doesNotContain("--cds-training").startsWith("usage: baton [OPTIONS]");
    }
}
