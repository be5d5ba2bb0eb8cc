package dev.baton;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** `--repos N` on the command line: with --demo a sandbox of N repositories, else a clear one-line refusal. */
class SandboxFleetCliTest {
    @TempDir
    Path home;

    @Test
    void reposWithoutDemoOrOutOfRangeSaysWhyInOneLine() throws Exception {
        assertThat(Cli.run(Cli.env(home), "--repos", "3", "status").oneLineError(2)).contains("--repos N goes with --demo");
        assertThat(Cli.run(Cli.env(home), "--demo", "--repos", "0", "status").oneLineError(2))
                .contains("--repos takes a number of repositories (1..999), not '0'");
        Cli.Outcome sandbox = Cli.run(Cli.env(home), "sandbox", "--repos", "lots");
        assertThat(sandbox.code()).isEqualTo(2);
        assertThat(sandbox.err().strip()).isEqualTo("baton sandbox: --repos takes a number from 1 to 999, not 'lots'");
        Cli.Outcome lifetime = Cli.run(Cli.env(home), "sandbox", "--app-token-lifetime", "30s");
        assertThat(lifetime.code()).isEqualTo(2);
        assertThat(lifetime.err()).contains("--app-token-lifetime needs --app-key FILE");
    }

    @Test
    void theDemoStartsAFleetAndWatchesItsReferenceRepository() throws Exception {
        Cli.Outcome r = Cli.run(Cli.env(home), "--demo", "--repos", "4", "-c", "status");
        assertThat(r.code()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).startsWith("acme/sentiment-analyzer");
    }
}
