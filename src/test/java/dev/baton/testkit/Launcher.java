package dev.baton.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * bin/baton's own JVM flags, read from the launcher so that tests and benchmarks run what users run; and
 * a `baton` command for end-to-end tests that needs no built jar (those flags over the test classpath),
 * so `mvn verify` works on a fresh clone.
 */
public final class Launcher {
    private Launcher() {
    }

    /** The JVM options of bin/baton's `exec java ... -jar` line. */
    public static List<String> jvmFlags(Path binBaton) throws IOException {
        String script = Files.readString(binBaton).replace("\\\n", " ");
        List<String> flags = new ArrayList<>();
        for (String line : script.split("\n")) {
            String l = line.strip();
            if (l.startsWith("flags=(")) {
                for (String w : l.substring("flags=(".length(), l.indexOf(')')).split("\\s+")) if (w.startsWith("-")) flags.add(w);
            } else if (l.startsWith("exec java ")) {
                for (String w : l.split("\\s+")) {
                    if (w.equals("-jar")) break;
                    if (w.startsWith("-") && !w.contains("$")) flags.add(w);
                }
            }
        }
        if (flags.isEmpty()) throw new IllegalStateException("no JVM flags found in " + binBaton);
        return flags;
    }

    /** The classpath of the running tests: surefire's own property (its booter jar hides it from java.class.path). */
    private static String testClasspath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }

    /** Writes an executable `baton` script into dir and returns it. */
    public static Path write(Path dir, Path projectRoot) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        StringBuilder sb = new StringBuilder("#!/bin/sh\nexec ").append(Tmux.quote(java));
        for (String f : jvmFlags(projectRoot.resolve("bin/baton"))) sb.append(' ').append(Tmux.quote(f));
        sb.append(" -cp ").append(Tmux.quote(testClasspath())).append(" dev.baton.Main \"$@\"\n");
        Path script = dir.resolve("baton");
        Files.writeString(script, sb.toString());
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }
}
