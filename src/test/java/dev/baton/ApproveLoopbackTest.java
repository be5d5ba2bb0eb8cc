package dev.baton;

import dev.baton.model.RunStatus;
import dev.baton.sandbox.SimRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * `approve RUN` through hub4j's connector and the sandbox's pending_deployments API: refused where GitHub would
 * refuse or nothing waits, refused in read-only mode, confirmed with --yes, and every attempt on the record.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApproveLoopbackTest {
    LoopbackFixture box;

    @BeforeAll
    void start() throws Exception {
        Path home = Files.createTempDirectory("baton-approve");
        box = new LoopbackFixture(30, home, LoopbackFixture.TOKEN, Map.of(), (Duration) null);
    }

    @AfterAll
    void stop() {
        box.close();
    }

    private long waitingProductionRun() throws InterruptedException {
        long id = box.engine.state().dispatch("deploy-prod.yml", "main", Map.of(), "dana").id();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (box.engine.state().run(id).map(SimRun::status).orElseThrow() != RunStatus.WAITING) {
            assertThat(System.nanoTime()).as("run %d never waited for approval", id).isLessThan(deadline);
            Thread.sleep(50);
        }
        return id;
    }

    @Test
    void aWaitingDeploymentIsApprovedOnceAndOnTheRecord() throws Exception {
        long run = waitingProductionRun();
        String id = String.valueOf(run);

        LoopbackFixture.Outcome noTerminal = box.baton("approve", id);
        assertThat(noTerminal.code()).as(noTerminal.err()).isEqualTo(4);
        assertThat(noTerminal.err()).contains("--yes");

        LoopbackFixture.Outcome readOnly = box.baton("--read-only", "approve", id, "--yes");
        assertThat(readOnly.code()).isEqualTo(4);
        assertThat(readOnly.err()).contains("read-only");

        LoopbackFixture.Outcome wrongEnv = box.baton("approve", id, "--env", "prod", "--yes");
        assertThat(wrongEnv.code()).isEqualTo(2);
        assertThat(wrongEnv.err().strip()).isEqualTo("baton: approve: run " + id + " does not wait for 'prod' (it waits for production)");
        assertThat(box.engine.state().run(run).orElseThrow().status()).as("nothing approved yet").isEqualTo(RunStatus.WAITING);

        LoopbackFixture.Outcome ok = box.baton("approve", id, "--yes", "--reason", "INC-42 hotfix", "--json");
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("\"outcome\":\"approved\"", "\"environments\":[\"production\"]");
        assertThat(box.engine.state().pendingDeployments(run)).isEmpty();

        LoopbackFixture.Outcome again = box.baton("approve", id, "--yes");
        assertThat(again.code()).isEqualTo(4);
        assertThat(again.err()).contains("is not waiting for approval");

        LoopbackFixture.Outcome audit = box.baton("audit", "--json");
        assertThat(audit.out().replace(" ", "")).contains("\"action\":\"approve\"", "\"outcome\":\"approved\"", "INC-42hotfix", "\"outcome\":\"refused\"");
    }

    @Test
    void aRunThatWaitsForNothingIsRefused() {
        LoopbackFixture.Outcome none = box.baton("approve", "424242", "--yes");
        assertThat(none.code()).as(none.err()).isNotZero();
        assertThat(none.err().strip()).isEqualTo("baton: approve: run 424242 not found");
    }
}
