package dev.baton;

import dev.baton.files.PrivateFiles;

import java.io.IOException;
import java.nio.file.Path;

/** Logs go to a file, never to the terminal: a stray line would corrupt the full screen. */
final class Logging {
    /** Generations of baton.log kept beside it. */
    static final int KEEP = 5;

    private Logging() {
    }

    static void toFile(Path file) {
        try {
            PrivateFiles.directory(file.getParent()); // $XDG_STATE_HOME/baton: baton's own, tightened
            // SimpleLogger truncates its file: the last runs' logs (a crashed screen's) move to baton.log.1..5 first
            PrivateFiles.rotate(file, KEEP);
            PrivateFiles.file(file); // SimpleLogger truncates it and keeps the 0600
            System.setProperty("org.slf4j.simpleLogger.logFile", file.toString());
        } catch (IOException | SecurityException e) {
            System.setProperty("org.slf4j.simpleLogger.logFile", fallback());
        }
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
    private static String fallback() {
        try {
            return java.nio.file.Files.createTempFile("baton-", ".log").toString();
        } catch (IOException | RuntimeException e) {
            return "/dev/null";
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
