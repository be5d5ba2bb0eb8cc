package dev.baton;

import dev.baton.command.Baton;
import dev.baton.command.BatonOptions;
import dev.baton.command.FrontendIo;
import dev.baton.sandbox.FaultSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Quitting while the first poll is still reading the repository: the session closed its engine under its own
 * monitor while the poll thread, holding the engine's, waited for that monitor to reach GitHub (exit hung
 * 5 times in 9 when `q` came 1.5 s after start). Now close() returns within the engine's deadline.
 */
class ShutdownTest {
    @TempDir
    static Path home;
    static LoopbackFixture box;

    @BeforeAll
    static void start() throws Exception {
        box = new LoopbackFixture(30, home);
        // a slow GitHub: the catalog and backend files take seconds, so close() lands mid-poll
        box.engine.state().setFaults(FaultSettings.NONE.withLatency(Duration.ofMillis(250)));
    }

    @AfterAll
    static void stop() {
        box.close();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 400, 1200})
    void closeMidPollReturnsWithinTheDeadline(int afterMillis) throws Exception {
        Baton session = new Baton(box.env, new BatonOptions(null, null, false));
        session.startWatching();
        Thread.sleep(afterMillis);
        assertTimeoutPreemptively(Duration.ofSeconds(5), session::close, "close after " + afterMillis + " ms");
    }
}
