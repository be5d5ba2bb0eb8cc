package dev.baton;

import org.slf4j.simple.SimpleServiceProvider;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * slf4j-simple writing into {@link Logging}'s shared, appending log instead of a file it would truncate
 * at every start (its only file mode). SimpleLogger can also write to a System.err it caches at start: so
 * System.err is the log for the moment SLF4J initialises, which happens at the first log line (SLF4J
 * costs start-up time, so it is not looked up before). Named by the slf4j.provider property.
 */
public final class LogProvider extends SimpleServiceProvider {
    private static volatile OutputStream target = OutputStream.nullOutputStream();

    static void target(OutputStream out) {
        target = out;
    }

    @Override
    public void initialize() {
        synchronized (System.class) {
            PrintStream err = System.err;
            System.setErr(new PrintStream(target, false, StandardCharsets.UTF_8));
            try {
                super.initialize(); // SimpleLogger caches System.err here (cacheOutputStream=true)
            } finally {
                System.setErr(err);
            }
        }
    }
}
