package dev.baton.bench;

import dev.baton.sandbox.FaultSettings;
import dev.baton.sandbox.GitHubServer;
import dev.baton.sandbox.Sandbox;
import dev.baton.sandbox.SecondaryLimits;
import dev.baton.sandbox.SimEngine;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One baton process (`java -jar target/baton.jar`, bin/baton's JVM flags, no class archive) watching a
 * `sandbox --repos N` fleet of org acme, with GitHub's secondary limits switched on in the sandbox
 * (900 points/min, 100 in flight, 403). Real time throughout: baton's scheduler and heat run on the
 * wall clock, so nothing here is simulated. Three parts, in one run:
 * <ol>
 * <li>First fleet view, with 50 ms injected on every answer: `baton --org acme repo` (discovery: the names);
 * the screen, `bin/baton --org acme` in tmux at 120x40, from start to the first frame listing all N
 * ("Repositories (N)"), and on to the frame whose header no longer counts the judging (every repository's
 * workflows read); then `baton --org acme status --all --json`, which waits for the judging, to its exit.
 * Wall time, repositories listed, requests.</li>
 * <li>Watching: `baton --org acme watch --all --json` for M minutes while 3 repositories get a push every
 * 40 s (the active ones); then the same minutes with `--repo` x3 (those 3 alone, the baseline). Sandbox
 * counters: counted requests (primary budget spent), peak points in a minute, secondary-limit answers.</li>
 * <li>Detection (inside the fleet run): from each push to the first watch line naming a new run id of
 * that repository; at the end a push in a cold repository (idle the whole run), same measure.</li>
 * </ol>
 * RSS: VmRSS of the fleet watch process just before it is stopped. Arguments: N (300), M (2) and `first` (part 1
 * alone) or `watch` (parts 2 and 3 alone).
 */
public final class FleetBench {
    static final int ACTIVE = 3;
    static final Duration PUSH_EVERY = Duration.ofSeconds(20);
    static final Duration FIRST_VIEW_CAP = Duration.ofSeconds(150);
    /** How long the screen is given to judge all N (the scheduler's pace: 900 points a minute). */
    static final Duration JUDGED_CAP = Duration.ofSeconds(240);
    static final int COLD = 5;
    static final List<String> JVM = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k", "-Xms32m", "-Xmx192m",
            "-XX:MaxMetaspaceSize=128m", "-Dfile.encoding=UTF-8");
    static final Pattern REPO = Pattern.compile("\"repository\"\\s*:\\s*\"([^\"]+)\"");
    static final Pattern RUN = Pattern.compile("\"runId\"\\s*:\\s*(\\d+)");

    public static void main(String[] args) throws Exception {
        int repos = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int minutes = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Path dir = Files.createTempDirectory("baton-bench-fleet");
        try (Sandbox sandbox = Sandbox.start(Sandbox.Options.defaults().withRepos(repos).withSpeed(1.0))) {
            GitHubServer gh = sandbox.server();
            gh.secondary().limits(SecondaryLimits.Limits.GITHUB);
            gh.budget().limit(1_000_000); // the primary budget is measured, not enforced: its hourly 5,000 is not the question here
            Map<String, String> env = new HashMap<>(Term.home(dir));
            env.putAll(sandbox.exports());
            List<String> names = sandbox.repos();
            System.out.printf("sandbox: %d repositories of org %s, secondary limits 900 points/min, 100 in flight%n", names.size(), sandbox.org());

            // 1. the first fleet view with 50 ms per answer
            sandbox.state().setFaults(FaultSettings.NONE.withLatency(Duration.ofMillis(50)));
            boolean watchOnly = args.length > 2 && args[2].equals("watch"); // FleetBench N M watch: parts 2 and 3 alone
            for (List<String> cmd : watchOnly ? List.<List<String>>of()
                    : List.of(List.of("--org", "acme", "repo"), List.of("--org", "acme", "screen"), List.of("--org", "acme", "status", "--all", "--json"))) {
                if (cmd.get(2).equals("screen")) {
                    screen(env, dir, names.size(), gh);
                    continue;
                }
                gh.secondary().reset();
                long t0 = System.nanoTime();
                Proc p = Proc.start(home(env, dir.resolve(cmd.get(2))), cmd, dir.resolve("first.out")); // an empty HTTP cache: a first start
                // status --all waits for every judgement, paced by the scheduler: it is given the screen's cap and a minute
                long cap = cmd.get(2).equals("status") ? JUDGED_CAP.plusMinutes(1).toSeconds() : FIRST_VIEW_CAP.toSeconds();
                boolean ended = p.process.waitFor(cap, TimeUnit.SECONDS);
                double secs = (System.nanoTime() - t0) / 1e9;
                if (!ended) p.process.destroyForcibly();
                String out = Files.readString(dir.resolve("first.out"));
                Set<String> listed = new HashSet<>();
                for (String n : names) if (out.contains("\"" + n + "\"") || out.contains(n + " ") || out.contains(n + "\n")) listed.add(n);
                var c = gh.secondary().counts();
                boolean discovery = cmd.get(2).equals("repo"); // the names: the first view's part a script sees; status waits for the judging
                System.out.printf("%s `baton %s` at 50 ms/answer: %.1f s (exit %s), %d of %d repositories listed, %d requests, peak %d points/min, %d secondary answers%s%n",
                        discovery ? "first view, discovery" : "every repository judged and polled,", String.join(" ", cmd), secs,
                        ended ? p.process.exitValue() : "killed", listed.size(), names.size(), c.requests(), c.peakPointsPerMinute(), c.secondaryAnswers(),
                        discovery ? "; target <= 10 s: " + (secs <= 10 && listed.size() == names.size() ? "met" : "MISSED") : "");
                if (!discovery) { // the judging's read of each repository's workflow folder is its watch's first catalog: once each
                    Map<String, Long> byPath = gh.secondary().requestsByPath();
                    long folders = byPath.keySet().stream().filter(k -> k.endsWith("/contents/.github/workflows")).count();
                    long again = byPath.entrySet().stream().filter(e -> e.getKey().endsWith("/contents/.github/workflows") && e.getValue() > 1).count();
                    long files = byPath.entrySet().stream().filter(e -> e.getKey().contains("/contents/.github/workflows/")).mapToLong(Map.Entry::getValue).sum();
                    System.out.printf("  workflow folders listed: %d repositories, %d of them more than once; workflow file reads: %d%n", folders, again, files);
                }
            }
            sandbox.state().setFaults(FaultSettings.NONE);
            if (args.length > 2 && args[2].equals("first")) return; // the first view alone: FleetBench N M first

            // 2. and 3. watching: the fleet, then the 3 active repositories alone, the same minutes each
            List<String> active = names.subList(1, 1 + ACTIVE);
            List<String> cold = new ArrayList<>();
            for (int i = 0; i < COLD; i++) cold.add(names.get(names.size() / 2 + i * (names.size() / 2 - 1) / COLD));
            Watch fleet = watch(sandbox, env, dir, List.of("--org", "acme", "watch", "--all", "--json"), active, names, cold, minutes, true);
            List<String> alone = new ArrayList<>();
            for (String r : active) alone.addAll(List.of("--repo", r));
            alone.addAll(List.of("watch", "--all", "--json"));
            Watch base = watch(sandbox, env, dir, alone, active, active, List.of(), minutes, false);

            System.out.println();
            System.out.printf("watching %d minutes (real time), %d active repositories (a push each every %d s):%n", minutes, ACTIVE, PUSH_EVERY.toSeconds());
            System.out.println("watched              counted  requests  peak points/min  secondary answers  VmRSS at end");
            fleet.print("fleet, --org acme (" + names.size() + ")");
            base.print("3 active alone");
            double ratio = base.counted == 0 ? Double.POSITIVE_INFINITY : (double) fleet.counted / base.counted;
            System.out.printf("counted ratio fleet/alone %.2fx (target <= 2x: %s); peak points/min %d (target <= 900: %s); secondary answers %d (target 0: %s)%n",
                    ratio, ratio <= 2 ? "met" : "MISSED", fleet.peak, fleet.peak <= 900 ? "met" : "MISSED", fleet.secondary, fleet.secondary == 0 ? "met" : "MISSED");
            System.out.printf("detection, hot (push to the watch line of its new run), fleet: %s; alone: %s (target <= refresh 5 s + 1 s)%n",
                    fleet.hot, base.hot);
            System.out.printf("detection, cold (a deploy dispatched in %d repositories idle until then: %s): %s (target <= 60 s)%n", cold.size(), cold, fleet.cold);
            System.out.printf("VmRSS of the fleet watch after its warm-up and %d minutes: %.1f MB (target <= 256 MB at 10 minutes)%n", minutes, fleet.rssKb / 1024.0);
        }
    }

    static final class Watch {
        long counted, requests, secondary, rssKb;
        int peak;
        final List<Double> hotSecs = new ArrayList<>();
        String hot = "", cold = "not measured";

        void print(String label) {
            System.out.printf("%-20s %7d  %8d  %15d  %17d  %9.1f MB%n", label, counted, requests, peak, secondary, rssKb / 1024.0);
        }
    }

    /** Watches for `minutes`, dispatching a deploy in each active repository; then one in each of COLD cold ones. */
    static Watch watch(Sandbox sandbox, Map<String, String> env, Path dir, List<String> cmd, List<String> active, List<String> all,
                       List<String> cold, int minutes, boolean fleet) throws Exception {
        GitHubServer gh = sandbox.server();
        Map<Long, Long> shownAt = new ConcurrentHashMap<>(); // run id -> nanoTime of the first watch line naming it
        Set<String> heard = ConcurrentHashMap.newKeySet(); // repositories the watch printed a line for
        List<String> sample = java.util.Collections.synchronizedList(new ArrayList<>());
        Proc p = Proc.start(home(env, dir.resolve(fleet ? "fleet" : "alone")), cmd, null);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    long now = System.nanoTime();
                    Matcher m = REPO.matcher(line), id = RUN.matcher(line);
                    if (!m.find()) continue;
                    heard.add(m.group(1));
                    if (sample.size() < 3) sample.add(line);
                    while (id.find()) shownAt.putIfAbsent(Long.parseLong(id.group(1)), now);
                }
            } catch (java.io.IOException e) {
                // the process was stopped
            }
        });
        reader.setDaemon(true);
        reader.start();
        // warm-up: a line from every repository (at most 8 minutes: watch --all prints its opening lines for the
        // repositories polled by then, later ones only at an event), then one deploy per active repository,
        // waiting for approval, so they are hot (a live run) from then on
        long warm = System.nanoTime();
        while (!heard.containsAll(all) && System.nanoTime() - warm < TimeUnit.MINUTES.toNanos(8)) Thread.sleep(200);
        double firstAll = (System.nanoTime() - warm) / 1e9;
        List<Long> live = new ArrayList<>();
        for (String r : active) live.add(dispatch(sandbox, r));
        while (!shownAt.keySet().containsAll(live) && System.nanoTime() - warm < TimeUnit.MINUTES.toNanos(10)) Thread.sleep(200);
        if (System.getenv("FLEETBENCH_DEBUG") != null) sample.forEach(l -> System.out.println("  " + l));
        System.out.printf("(%s: lines for all %d repositories after %.1f s (%d heard); active repositories hot after %.1f s)%n", fleet ? "fleet" : "alone",
                all.size(), firstAll, heard.size(), (System.nanoTime() - warm) / 1e9);
        gh.secondary().reset();
        int usedBefore = gh.budget().peek(sandbox.token()).used();
        Watch w = new Watch();
        long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(minutes);
        Map<Long, Long> pushed = new HashMap<>();
        while (System.nanoTime() < end) {
            for (String r : active) pushed.put(dispatch(sandbox, r), System.nanoTime());
            long wait = Math.min(PUSH_EVERY.toNanos(), end - System.nanoTime());
            Thread.sleep(Math.max(0, wait / 1_000_000));
        }
        // the last round was dispatched shortly before the end: up to 20 s more for it to show (times are the reader's)
        long grace = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!shownAt.keySet().containsAll(pushed.keySet()) && System.nanoTime() < grace) Thread.sleep(100);
        for (var e : pushed.entrySet()) {
            Long at = shownAt.get(e.getKey());
            w.hotSecs.add(at == null ? Double.POSITIVE_INFINITY : (at - e.getValue()) / 1e9);
        }
        var c = gh.secondary().counts();
        w.counted = gh.budget().peek(sandbox.token()).used() - usedBefore;
        w.requests = c.requests();
        w.peak = c.peakPointsPerMinute();
        w.secondary = c.secondaryAnswers();
        w.hot = summary(w.hotSecs);
        w.rssKb = Term.rssKb(p.process.pid());
        if (!cold.isEmpty()) {
            Map<Long, Long> coldPushed = new HashMap<>();
            for (String r : cold) coldPushed.put(dispatch(sandbox, r), System.nanoTime());
            long t0 = System.nanoTime();
            while (!shownAt.keySet().containsAll(coldPushed.keySet()) && System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(180)) Thread.sleep(100);
            List<Double> secs = new ArrayList<>();
            for (var e : coldPushed.entrySet()) {
                Long at = shownAt.get(e.getKey());
                secs.add(at == null ? Double.POSITIVE_INFINITY : (at - e.getValue()) / 1e9);
            }
            w.cold = summary(secs);
        }
        var all2 = gh.secondary().counts();
        w.secondary = all2.secondaryAnswers() + 0; // the cold part too (reset was before the watched minutes)
        w.peak = all2.peakPointsPerMinute();
        p.process.destroy();
        p.process.waitFor(10, TimeUnit.SECONDS);
        return w;
    }

    /** A deploy-prod dispatch: it waits for approval, a live run, until a later one replaces it. */
    static long dispatch(Sandbox sandbox, String repo) {
        return engine(sandbox, repo).state().dispatch("deploy-prod.yml", "main", Map.of(), "bench").id();
    }

    static String summary(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        if (s.isEmpty()) return "none";
        return String.format("%d runs, median %.1f s, p95 %.1f s, max %.1f s, not seen %d", s.size(), s.get(s.size() / 2),
                s.get(Math.min(s.size() - 1, (int) Math.ceil(s.size() * 0.95) - 1)), s.get(s.size() - 1), s.stream().filter(d -> d.isInfinite()).count());
    }

    /** The environment with its own HOME and XDG folders (its own HTTP cache and journals). */
    /**
     * The screen's first fleet frame: `bin/baton --org acme` in tmux at 120x40 (no class archive, an empty cache),
     * from start to the frame listing all n, then to the one whose header no longer says "judged".
     */
    static void screen(Map<String, String> env, Path dir, int n, GitHubServer gh) throws Exception {
        gh.secondary().reset();
        Map<String, String> e = home(env, dir.resolve("screen"));
        e.put("BATON_CDS", "0");
        try (dev.baton.testkit.Tmux term = Term.tmux()) {
            long t0 = System.nanoTime();
            dev.baton.testkit.Tmux.Pane pane = term.start("fleet", 120, 40, e, Term.batonCommand("--org", "acme"));
            long listed = pane.firstSeen(p -> p.contains("Repositories (" + n + ")") && p.contains(n + " repositories"), FIRST_VIEW_CAP);
            var atFirst = gh.secondary().counts();
            long judged = listed < 0 ? -1 : pane.firstSeen(p -> p.contains("baton fleet") && !p.contains("judged "), JUDGED_CAP);
            var atJudged = gh.secondary().counts();
            String last = pane.capture();
            pane.kill();
            double first = listed < 0 ? Double.NaN : (listed - t0) / 1e9;
            System.out.printf("first view, the screen `baton --org acme` at 50 ms/answer: first frame listing all %d repositories %.1f s (%d requests by then); "
                            + "target <= 10 s: %s%n", n, first, atFirst.requests(), listed >= 0 && first <= 10 ? "met" : "MISSED");
            System.out.printf("  every repository judged (header without 'judged'): %s (%d requests, peak %d points/min, %d secondary answers); header then: %s%n",
                    judged < 0 ? "not within " + JUDGED_CAP.toSeconds() + " s" : String.format("%.1f s", (judged - t0) / 1e9),
                    atJudged.requests(), atJudged.peakPointsPerMinute(), atJudged.secondaryAnswers(), last.lines().findFirst().orElse("").strip());
        }
    }

    static Map<String, String> home(Map<String, String> env, Path dir) {
        Map<String, String> out = new HashMap<>(env);
        out.putAll(Term.home(dir));
        return out;
    }

    static SimEngine engine(Sandbox sandbox, String repo) {
        for (SimEngine e : sandbox.engines()) if (e.state().repo().fullName().equalsIgnoreCase(repo)) return e;
        throw new IllegalArgumentException("no repository " + repo);
    }

    record Proc(Process process) {
        static Proc start(Map<String, String> env, List<String> args, Path out) throws java.io.IOException {
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(JVM);
            cmd.addAll(List.of("-jar", "target/baton.jar"));
            cmd.addAll(args);
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().clear();
            pb.environment().putAll(env);
            pb.redirectError(ProcessBuilder.Redirect.DISCARD);
            if (out != null) pb.redirectOutput(out.toFile());
            return new Proc(pb.start());
        }
    }
}
