package dev.baton;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** baton's own options, parsed by picocli: the first word that is no option starts the command, which keeps its own. */
class GlobalOptionsTest {
    @Test
    void optionsEndAtTheCommandWhichKeepsItsOwn() {
        GlobalOptions o = GlobalOptions.parse(new String[]{"--repo", "acme/a", "--read-only", "--config", "c.yaml", "status", "--json", "--repo", "x"});
        assertThat(o.repo()).isEqualTo("acme/a");
        assertThat(o.readOnly).isTrue();
        assertThat(o.config).isEqualTo(Path.of("c.yaml"));
        assertThat(o.json).as("the command's --json is the command's").isFalse();
        assertThat(o.rest).containsExactly("status", "--json", "--repo", "x");
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
