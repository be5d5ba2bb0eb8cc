package dev.baton.command;

import dev.baton.github.GitHubException;
import dev.baton.lock.LockStoreException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** One mapping of a failure to its exit code, for the commands and for Main around them. */
class ExitTest {
    @Test
    void whatTheUserGaveIsUsageTheBackendsAndTheUnforeseenAreBackend() {
        assertThat(Exit.of(new IllegalArgumentException("--timeout must be more than 0"))).isEqualTo(Exit.USAGE);
        assertThat(Exit.of(new Config.ConfigException("unknown key x"))).isEqualTo(Exit.USAGE);
        assertThat(Exit.of(new dev.baton.workflow.WorkflowException("deploy.yml", 3, "bad YAML"))).isEqualTo(Exit.USAGE);
        assertThat(Exit.of(new GitHubException(401, "Bad credentials"))).isEqualTo(Exit.BACKEND);
        assertThat(Exit.of(new LockStoreException(LockStoreException.Reason.TIMEOUT, "s3://b/k", "timed out"))).isEqualTo(Exit.BACKEND);
        assertThat(Exit.of(new IllegalStateException("a bug"))).isEqualTo(Exit.BACKEND);
        assertThat(Exit.of(new InterruptedException())).as("a wait cut short: the check did not hold").isEqualTo(Exit.CHECK_FAILED);
    }

    @Test
    void aUsersMistakeIsItsMessageAnythingElseNamesItsKind() {
        assertThat(Exit.line(new Config.ConfigException("unknown key x"))).isEqualTo("unknown key x");
        assertThat(Exit.line(new IllegalStateException("a bug"))).isEqualTo("IllegalStateException: a bug");
    }
}
