package dev.baton;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.command.Baton;
import dev.baton.command.BatonOptions;
import dev.baton.command.Commands;
import dev.baton.command.Confirmer;
import dev.baton.command.FrontendIo;
import dev.baton.command.ScriptRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11 item 1: the composition root is apart from any frontend's IO, so two frontends share one
 * engine. Two script runners ask at the same moment: one poll answers both, and each frontend keeps its
 * own output and confirmation.
 */
class SharedEngineTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    @Test
    void twoScriptRunnersShareOneEngineAndOnePoll() throws Exception {
        try (LoopbackFixture box = new LoopbackFixture(30, home)) {
            long onePoll;
            try (Baton alone = new Baton(box.env, new BatonOptions(null, null, false))) {
                assertThat(new ScriptRunner(new Commands(alone, FrontendIo.script()), new PrintStream(new ByteArrayOutputStream()), System.err)
                        .runText("status")).isZero();
                onePoll = alone.github().meter().requests();
            }
            assertThat(onePoll).as("one frontend's first status polls GitHub").isPositive();
            shareOneEngine(box, onePoll);
        }
    }

    private void shareOneEngine(LoopbackFixture box, long onePoll) throws Exception {
        try (Baton baton = new Baton(box.env, new BatonOptions(null, null, false))) {
            FrontendIo alice = FrontendIo.script();
            FrontendIo bob = new FrontendIo(true, false);
            bob.confirmer((q, d, expected) -> Confirmer.Answer.DECLINED);
            ByteArrayOutputStream aliceOut = new ByteArrayOutputStream();
            ByteArrayOutputStream bobOut = new ByteArrayOutputStream();
            ScriptRunner a = new ScriptRunner(new Commands(baton, alice), new PrintStream(aliceOut, true, StandardCharsets.UTF_8), System.err);
            ScriptRunner b = new ScriptRunner(new Commands(baton, bob), new PrintStream(bobOut, true, StandardCharsets.UTF_8), System.err);

            ExecutorService pool = Executors.newFixedThreadPool(2);
            CountDownLatch go = new CountDownLatch(1);
            Future<Integer> fa = pool.submit(() -> {
                go.await();
                return a.runText("status --json");
            });
            Future<Integer> fb = pool.submit(() -> {
                go.await();
                return b.runText("status");
            });
            go.countDown();
            assertThat(fa.get(60, TimeUnit.SECONDS)).isZero();
            assertThat(fb.get(60, TimeUnit.SECONDS)).isZero();
            pool.shutdown();

            // one poll: the catalog, the runs, the groups - asked once, however many frontends wanted them
            long afterBoth = baton.github().meter().requests();
            assertThat(afterBoth).as("two frontends at once cost what one costs").isEqualTo(onePoll);
            assertThat(a.runText("status")).isZero();
            assertThat(baton.github().meter().requests()).as("a third status reads the same snapshot").isEqualTo(afterBoth);
            JsonNode status = JSON.readTree(aliceOut.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow());
            assertThat(status.get("groups")).isNotEmpty();
            // each frontend its own format and sink: alice asked for JSON, bob (JSON by default) for the default
            String bobText = bobOut.toString(StandardCharsets.UTF_8);
            assertThat(bobText).startsWith("{");
            assertThat(aliceOut.toString(StandardCharsets.UTF_8)).contains("GROUPS");
        }
    }
}
