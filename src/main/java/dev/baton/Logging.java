package dev.baton;

import dev.baton.files.PrivateFiles;
import dev.baton.files.SharedLog;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Logs go to a file, never to the terminal: a stray line would corrupt the full screen. */
final class Logging {
    /** Generations of baton.log kept beside it. */
    static final int KEEP = 5;

    private Logging() {
    }

    /** baton.log is rotated past this size (by whichever baton notices first). */
    static final long LIMIT = 5L * 1024 * 1024;

    /**
     * Logs of every baton on this host go to one file, appended, never truncated: the log of a crashed
     * screen is still there at the next start, and several batons at once each add whole lines
     * ({@link SharedLog}). Call first thing in main, before anything logs.
     */
    static void toFile(Path file) {
        OutputStream out;
        try {
            PrivateFiles.directory(file.getParent()); // $XDG_STATE_HOME/baton: baton's own, tightened
            out = SharedLog.open(file, LIMIT, KEEP);
        } catch (IOException | SecurityException | UncheckedIOException e) {
            out = fallback();
        }
        LogProvider.target(out);
        System.setProperty("slf4j.provider", LogProvider.class.getName());
        System.setProperty("slf4j.internal.verbosity", "WARN"); // SLF4J would say on stderr which provider it loads
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.setProperty("org.slf4j.simpleLogger.cacheOutputStream", "true"); // see LogProvider
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", System.getProperty("baton.log.level", "info"));
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSX");
        System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.org.gaul", "warn");
    }

    /**
     * No state folder: a fresh file of the temporary folder, 0600 under a random name (a fixed
     * /tmp/baton.log was readable by all and open to a planted symbolic link), else nowhere.
     */
    private static OutputStream fallback() {
        try {
            return SharedLog.open(java.nio.file.Files.createTempFile("baton-", ".log"), LIMIT, KEEP);
        } catch (IOException | RuntimeException e) {
            return OutputStream.nullOutputStream();
        }
    }

    private static boolean bridged;

    /**
     * hub4j, OkHttp and JLine log through java.util.logging: send it to the file too (JUL's default
     * handler writes to stderr, the terminal). Call before any of them runs; the screen calls it right
     * after its first frame, since setting up JUL costs start-up time and nothing logs before.
     */
    static synchronized void bridgeJavaUtilLogging() {
        if (bridged) return;
        bridged = true;
        java.util.logging.LogManager.getLogManager().reset();
        org.slf4j.bridge.SLF4JBridgeHandler.install();
    }
}
