package dev.baton.bench;

import dev.baton.testkit.Tmux;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Resident memory (VmRSS) of the screen after ten minutes of the incident scenario, run as users run it:
 * bin/baton (its JVM settings, with the class archive it makes after a first start) against a standalone
 * `baton sandbox --scenario incident` at the scenario's own speed, at 160x48 in tmux. Beside it, in the
 * same minutes: the same with BATON_CDS=0, `baton --demo --scenario incident` (sandbox in the same JVM),
 * and the bare Lanterna split screen with the same JVM flags. bench/run Memory [MINUTES].
 */
public final class MemoryBench {
    public static void main(String[] args) throws Exception {
        int minutes = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path dir = Files.createTempDirectory("baton-bench-memory");
        Map<String, Long> pids = new LinkedHashMap<>();
        Map<String, Long> peak = new HashMap<>();
        Map<String, Long> last = new HashMap<>();
        try (Tmux term = Term.tmux(); Term.Sandbox sandbox = new Term.Sandbox("incident", 5, dir.resolve("sandbox.log"))) {
            Map<String, String> env = Term.home(dir);
            env.putAll(sandbox.exports);
            // a first start makes the class archive, as on any machine after baton's first run
            Tmux.Pane first = term.start("first", 160, 48, env, Term.batonCommand());
            first.waitUntil(FirstFrameBench.LAYOUT, "drew the layout", Duration.ofSeconds(60));
            first.kill();
            if (!FirstFrameBench.waitForArchive(dir.resolve("cache/baton"), 180_000)) System.out.println("(no class archive was made)");
            Map<String, String> noCds = new HashMap<>(env);
            noCds.put("BATON_CDS", "0");
            Map<String, String> demoEnv = Term.home(dir.resolve("demo"));
            demoEnv.put("XDG_CACHE_HOME", dir.resolve("cache").toString()); // the same class archive
            Map<String, Tmux.Pane> panes = new LinkedHashMap<>();
            panes.put("baton", term.start("baton", 160, 48, env, Term.batonCommand()));
            panes.put("nocds", term.start("nocds", 160, 48, noCds, Term.batonCommand()));
            panes.put("demo", term.start("demo", 160, 48, demoEnv, Term.batonCommand("--demo", "--scenario", "incident")));
            panes.put("bare", term.start("bare", 160, 48, Term.TERMINAL, Term.bareCommand()));
            for (String s : new String[]{"baton", "nocds", "demo"}) panes.get(s).waitUntil(FirstFrameBench.LAYOUT, "drew the layout", Duration.ofSeconds(60));
            for (var e : panes.entrySet()) pids.put(e.getKey(), e.getValue().pid());
            long end = System.currentTimeMillis() + minutes * 60_000L;
            System.out.println("minute  " + String.join("  ", pids.keySet().stream().map(k -> String.format("%8s", k)).toList()) + "   (VmRSS, MB)");
            for (int minute = 1; System.currentTimeMillis() < end; minute++) {
                Thread.sleep(Math.min(60_000, Math.max(0, end - System.currentTimeMillis())));
                StringBuilder row = new StringBuilder(String.format("%6d  ", minute));
                for (var e : pids.entrySet()) {
                    long kb = Term.rssKb(e.getValue());
                    last.put(e.getKey(), kb);
                    peak.merge(e.getKey(), kb, Math::max);
                    row.append(String.format("%8.1f  ", kb / 1024.0));
                }
                System.out.println(row);
            }
            String stale = panes.get("baton").capture();
            System.out.println(stale.contains("STALE") ? "(the crashed deploy's STALE lock is on screen)" : "(no STALE lock on screen at the end)");
        }
        double baton = last.get("baton") / 1024.0, bare = last.get("bare") / 1024.0;
        System.out.printf("after %d minutes of the incident scenario (MB, VmRSS; peak in brackets)%n", minutes);
        System.out.printf("bare Lanterna split screen              %6.1f [%5.1f]%n", bare, peak.get("bare") / 1024.0);
        System.out.printf("baton screen (bin/baton)                %6.1f [%5.1f]  %.2fx  target < 160 MB: %s%n", baton,
                peak.get("baton") / 1024.0, baton / bare, baton < 160 ? "met" : "MISSED");
        System.out.printf("baton screen, BATON_CDS=0               %6.1f [%5.1f]%n", last.get("nocds") / 1024.0, peak.get("nocds") / 1024.0);
        System.out.printf("baton --demo (sandbox in the same JVM)  %6.1f [%5.1f]%n", last.get("demo") / 1024.0, peak.get("demo") / 1024.0);
    }
}
