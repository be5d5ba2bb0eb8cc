package dev.baton;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real CLI in-process, as a user runs it through bin/baton: Main.run on a thread with the launcher's
 * stack size (-Xss512k), so a recursion that would overflow there overflows here too. A run that does
 * not end within {@link #BOUND} is a failure, not a hang of the test suite.
 */
final class Cli {
    /** Generous: the promise is "within a second", and the machine may be busy. */
    static final Duration BOUND = Duration.ofSeconds(10);
    static final long STACK = 512 * 1024;

    record Outcome(int code, String out, String err, Duration took) {
        /** One line on stderr, no stack trace, within the bound; returns that line. */
        String oneLineError(int expectedCode) {
            assertThat(code).as("exit code; stderr: " + err + "\nstdout: " + abbreviated(out)).isEqualTo(expectedCode);
            assertThat(err.strip()).as("stderr").isNotEmpty().doesNotContain("\n").doesNotContain("\tat ")
                    .doesNotContain("Exception:").doesNotContain("Error:").startsWith("baton");
            assertThat(took).as("time taken").isLessThan(BOUND);
            return err.strip();
        }
    }

    private static String abbreviated(String s) {
        return s.length() > 400 ? s.substring(0, 400) + "..." : s;
    }

    private Cli() {
    }

    static Map<String, String> env(Path home) {
        Map<String, String> env = new HashMap<>();
        env.put("XDG_CONFIG_HOME", home.resolve("config").toString());
        env.put("XDG_STATE_HOME", home.resolve("state").toString());
        env.put("XDG_CACHE_HOME", home.resolve("cache").toString());
        return env;
    }

    static Outcome run(Map<String, String> env, String... args) throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        AtomicReference<Object> result = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                result.set(Main.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8)));
            } catch (Throwable e) {
                result.set(e);
            }
        }, "baton-cli", STACK);
        t.setDaemon(true);
        long start = System.nanoTime();
        t.start();
        t.join(BOUND.toMillis() * 3);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        if (t.isAlive()) {
            t.interrupt();
            throw new AssertionError("baton " + String.join(" ", args).substring(0, Math.min(200, String.join(" ", args).length()))
                    + " still running after " + took.toSeconds() + " s");
        }
        if (result.get() instanceof Throwable e) throw new AssertionError("baton threw " + e, e);
        return new Outcome((Integer) result.get(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), took);
    }
}
