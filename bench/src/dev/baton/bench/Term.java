package dev.baton.bench;

import dev.baton.testkit.Launcher;
import dev.baton.testkit.Tmux;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the screen benchmarks share besides the tests' tmux driver (dev.baton.testkit.Tmux): bin/baton's
 * own JVM flags for the baseline program, fresh homes, a standalone `baton sandbox` and its exports.
 */
final class Term {
    static final Path ROOT = Path.of(System.getProperty("user.dir"));
    static final Path JAR = Path.of(System.getenv().getOrDefault("BATON_JAR", ROOT.resolve("target/baton.jar").toString()));
    static final Path BENCH_CLASSES = ROOT.resolve("target/bench-classes");
    /** The terminal every benchmark's program sees. */
    static final Map<String, String> TERMINAL = Map.of("TERM", "tmux-256color", "LANG", "C.UTF-8");

    /** A private tmux server kept alive between the measured sessions by one idle session. */
    static Tmux tmux() throws IOException {
        Tmux t = new Tmux("bench");
        t.start("keep", 80, 24, Map.of(), "sleep 100000");
        return t;
    }

    /** bin/baton's JVM options, so the baseline runs with exactly the launcher's settings. */
    static List<String> launcherFlags() throws IOException {
        return Launcher.jvmFlags(ROOT.resolve("bin/baton"));
    }

    /** The shell command line of the bare Lanterna split screen, with the launcher's JVM flags. */
    static String bareCommand() throws IOException {
        StringBuilder sb = new StringBuilder(Tmux.quote(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String f : launcherFlags()) sb.append(' ').append(Tmux.quote(f));
        sb.append(" -cp ").append(Tmux.quote(JAR + ":" + BENCH_CLASSES)).append(" dev.baton.bench.BareSplitScreen");
        return sb.toString();
    }

    static String batonCommand(String... args) {
        StringBuilder sb = new StringBuilder(Tmux.quote(ROOT.resolve("bin/baton").toString()));
        for (String a : args) sb.append(' ').append(Tmux.quote(a));
        return sb.toString();
    }

    /** Fresh XDG directories (config, state, cache) under dir, plus BATON_JAR. */
    static Map<String, String> home(Path dir) {
        Map<String, String> env = new LinkedHashMap<>(TERMINAL);
        env.put("HOME", dir.toString());
        env.put("XDG_CONFIG_HOME", dir.resolve("config").toString());
        env.put("XDG_STATE_HOME", dir.resolve("state").toString());
        env.put("XDG_CACHE_HOME", dir.resolve("cache").toString());
        env.put("BATON_JAR", JAR.toString());
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        return env;
    }

    /** VmRSS of a process in kB, from /proc. */
    static long rssKb(long pid) throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("[^0-9]", ""));
        }
        throw new IOException("no VmRSS for " + pid);
    }

    static double median(List<Long> xs) {
        List<Long> s = new ArrayList<>(xs);
        s.sort(null);
        int n = s.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2.0;
    }

    /** `baton sandbox` in its own JVM (as a user runs it), and the variables it prints. */
    static final class Sandbox implements AutoCloseable {
        final Process process;
        final Map<String, String> exports = new LinkedHashMap<>();

        /** speed: sim seconds per real second (`baton sandbox` runs at 1 unless told). */
        Sandbox(String scenario, int speed, Path log) throws IOException {
            ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("bin/baton").toString(), "sandbox", "--scenario", scenario, "--speed", String.valueOf(speed))
                    .redirectError(log.toFile());
            pb.environment().put("BATON_JAR", JAR.toString());
            pb.environment().put("XDG_STATE_HOME", log.getParent().resolve("sandbox-state").toString());
            process = pb.start();
            BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while (exports.size() < 8 && (line = r.readLine()) != null) {
                if (!line.startsWith("export ")) continue;
                String kv = line.substring("export ".length());
                exports.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            }
            if (!exports.containsKey("GITHUB_API_URL")) throw new IOException("baton sandbox printed no exports; see " + log);
        }

        @Override
        public void close() {
            process.destroy();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process.destroyForcibly();
        }
    }
}
