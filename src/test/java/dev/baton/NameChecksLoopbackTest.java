package dev.baton;

import dev.baton.sandbox.FaultSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12 section 3.2: a name that matches nothing the repository declares is a usage error (exit 2, one
 * line, a did-you-mean), so a script waiting on a mistyped group does not proceed; a declared name with
 * nothing active is valid; with GitHub unread a name cannot be checked (exit 3).
 */
class NameChecksLoopbackTest {
    @TempDir
    Path home;
    LoopbackFixture box;

    @BeforeEach
    void start() throws Exception {
        box = new LoopbackFixture(30, home);
        box.sleeper = LoopbackFixture.NO_WAIT; // GitHub's 5xx retries need not wait here
    }

    @AfterEach
    void stop() {
        box.close();
    }

    static String oneLine(LoopbackFixture.Outcome r, int code) {
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(code);
        assertThat(r.err().strip()).startsWith("baton: ").doesNotContain("\n").doesNotContain("baton: baton:");
        return r.err().strip();
    }

    @Test
    void watchOnAMistypedGroupIsAUsageErrorNotAnInstantIdle() {
        assertThat(oneLine(box.baton("watch", "nosuch-group", "--until", "idle", "--timeout", "30s"), 2))
                .isEqualTo("baton: watch: no group named 'nosuch-group'; 'groups' lists them");
        assertThat(oneLine(box.baton("watch", "deploy-prodution", "--until", "idle", "--timeout", "30s"), 2))
                .endsWith("did you mean 'deploy-production'?");
        var idle = box.baton("watch", "deploy-preprod", "--until", "idle", "--timeout", "30s");
        assertThat(idle.code()).as(idle.err()).isZero();
        assertThat(idle.out()).contains("deploy-preprod  idle", "watch: idle");
    }

    @Test
    void groupsNamesItsMistakesOnceWithADidYouMean() {
        assertThat(oneLine(box.baton("groups", "deploy-prodution"), 2))
                .isEqualTo("baton: groups: no group named 'deploy-prodution'; did you mean 'deploy-production'?");
        var idle = box.baton("groups", "DEPLOY-PREPROD");
        assertThat(idle.code()).as(idle.err()).isZero();
        assertThat(idle.out()).contains("deploy-preprod", "idle");
    }

    @Test
    void locksAndProbeLockKnowEveryDeclaredEnvironmentAndKeyEvenWithNoLockHeld() {
        var prod = box.baton("locks", "prod");
        assertThat(prod.code()).as(prod.err()).isZero();
        assertThat(prod.out().strip()).isEqualTo("no locks held for prod");
        assertThat(box.baton("locks", "prod/").code()).isZero();
        assertThat(box.baton("locks", "prod/terraform.tfstate.tflock").code()).isZero();
        assertThat(oneLine(box.baton("locks", "nosuch"), 2))
                .startsWith("baton: locks: no environment, lock key or lock URI named 'nosuch'");
        assertThat(oneLine(box.baton("locks", "prdo"), 2)).endsWith("did you mean 'prod'?");

        var probe = box.baton("probe-lock", "prod");
        assertThat(probe.code()).as(probe.out() + probe.err()).isIn(0, 1);
        assertThat(probe.err()).doesNotContain("no lock known");
        assertThat(oneLine(box.baton("probe-lock", "prdo"), 2)).endsWith("did you mean 'prod'?");

        // unlock: a declared environment with no lock held is exit 4 (nothing to do), a mistyped one exit 2
        assertThat(oneLine(box.baton("unlock", "prod", "--yes"), 4)).isEqualTo("baton: unlock: refused: no lock held for 'prod' (already released?)");
        assertThat(oneLine(box.baton("unlock", "prdo", "--yes"), 2))
                .startsWith("baton: unlock: no environment, lock key or lock URI named 'prdo'").endsWith("did you mean 'prod'?");
    }

    @Test
    void withGitHubUnreadAnUnknownNameCannotBeCheckedExit3() {
        box.engine.state().setFaults(new FaultSettings(Duration.ZERO, 1.0, 503, 0, 0, false, 0));
        assertThat(oneLine(box.baton("watch", "nosuch-group", "--until", "idle", "--timeout", "30s"), 3))
                .startsWith("baton: watch: cannot check group 'nosuch-group': GitHub");
        assertThat(oneLine(box.baton("locks", "nosuch"), 3)).startsWith("baton: locks: cannot check 'nosuch': GitHub");
    }
}
