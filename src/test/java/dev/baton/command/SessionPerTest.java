package dev.baton.command;

import dev.baton.testkit.SandboxEnv;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A baton in this process for one test (a {@code @RegisterExtension} field), a fresh user's: its XDG folders under
 * the test's home. Made on first use, so a test may point env at a server first; closed after the test.
 */
final class SessionPerTest implements AfterEachCallback {
    final Map<String, String> env = new HashMap<>();
    private final Supplier<Path> home;
    private Baton baton;

    /** home: read on first use, once JUnit has made the test's folder. */
    SessionPerTest(Supplier<Path> home) {
        this.home = home;
    }

    Baton baton() {
        return baton(false);
    }

    Baton baton(boolean readOnly) {
        if (baton == null) {
            SandboxEnv.home(home.get()).forEach(env::putIfAbsent);
            baton = new Baton(env, new BatonOptions(null, null, readOnly));
        }
        return baton;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (baton != null) baton.close();
    }
}
