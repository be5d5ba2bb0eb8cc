package dev.baton.bench;

import dev.baton.testkit.Tmux;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Start to first frame in a real tmux at 160x48: `bin/baton` against an already running `baton sandbox`
 * (idle scenario), beside the bare Lanterna split screen (BareSplitScreen, bin/baton's JVM flags), in
 * alternating runs. The clock starts before `tmux new-session` and stops when capture-pane first shows
 * the frame's last row (Lanterna draws top to bottom, so the whole layout is out); for baton also when
 * the sandbox's groups are on screen. baton runs as users get it (with the AppCDS archive bin/baton
 * makes after the first start) and with BATON_CDS=0. Medians of the rounds after one warm-up round.
 */
public final class FirstFrameBench {
    private static final Duration WAIT = Duration.ofSeconds(30);
    static final Predicate<String> BARE = p -> p.contains("bare-split-ready");
    static final Predicate<String> LAYOUT = p -> p.contains("┌ Groups (") && p.contains("┌ Events (") && p.contains("q quit");
    static final Predicate<String> DATA = p -> LAYOUT.test(p) && p.contains("groups: API") && p.contains("deploy-preprod");

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        Path dir = Files.createTempDirectory("baton-bench-frame");
        List<Long> bare = new ArrayList<>(), layout = new ArrayList<>(), data = new ArrayList<>(), layoutNoCds = new ArrayList<>(),
                dataNoCds = new ArrayList<>();
        boolean archived;
        try (Tmux term = Term.tmux(); Term.Sandbox sandbox = new Term.Sandbox("idle", 1, dir.resolve("sandbox.log"))) {
            Map<String, String> env = Term.home(dir);
            env.putAll(sandbox.exports);
            Map<String, String> noCds = new HashMap<>(env);
            noCds.put("BATON_CDS", "0");
            String bareCmd = Term.bareCommand();
            String batonCmd = Term.batonCommand();
            // warm-up: the OS page cache, baton's HTTP cache and its class archive, as any second start has them
            batonRun(term, env, batonCmd, null, null);
            archived = waitForArchive(dir.resolve("cache/baton"), 180_000);
            bareRun(term, bareCmd, null);
            for (int round = 0; round < rounds; round++) {
                // rotate the order so that drift in the machine's load spreads over all three
                for (int k = 0; k < 3; k++) {
                    switch ((round + k) % 3) {
                        case 0 -> bareRun(term, bareCmd, bare);
                        case 1 -> batonRun(term, env, batonCmd, layout, data);
                        default -> batonRun(term, noCds, batonCmd, layoutNoCds, dataNoCds);
                    }
                }
            }
        }
        double b = Term.median(bare), l = Term.median(layout), d = Term.median(data), ln = Term.median(layoutNoCds), dn = Term.median(dataNoCds);
        System.out.printf("%d rounds at 160x48, ms: median [min-max]; AppCDS archive made: %s%n", rounds, archived ? "yes" : "NO");
        System.out.printf("bare Lanterna split screen, first frame        %6.0f [%d-%d]%n", b, min(bare), max(bare));
        System.out.printf("baton, first frame with the layout             %6.0f [%d-%d]  %.2fx  target <= 1.3x: %s%n",
                l, min(layout), max(layout), l / b, l / b <= 1.3 ? "met" : "MISSED");
        System.out.printf("baton, first frame with the sandbox's data     %6.0f [%d-%d]  %.2fx  (report)%n", d, min(data), max(data), d / b);
        System.out.printf("baton BATON_CDS=0, first frame with the layout %6.0f [%d-%d]  %.2fx%n", ln, min(layoutNoCds), max(layoutNoCds), ln / b);
        System.out.printf("baton BATON_CDS=0, first frame with data       %6.0f [%d-%d]  %.2fx%n", dn, min(dataNoCds), max(dataNoCds), dn / b);
    }

    static void bareRun(Tmux term, String cmd, List<Long> out) throws Exception {
        long t0 = System.nanoTime();
        Tmux.Pane pane = term.start("bare", 160, 48, Term.TERMINAL, cmd);
        long tb = pane.firstSeen(BARE, WAIT);
        pane.kill();
        if (tb < 0) throw new IllegalStateException("the bare split screen never drew");
        if (out != null) out.add((tb - t0) / 1_000_000);
        Thread.sleep(300); // let the killed JVM go before the next start
    }

    static void batonRun(Tmux term, Map<String, String> env, String cmd, List<Long> layout, List<Long> data) throws Exception {
        long t0 = System.nanoTime();
        Tmux.Pane pane = term.start("baton", 160, 48, env, cmd);
        long tl = pane.firstSeen(LAYOUT, WAIT);
        long td = pane.firstSeen(DATA, WAIT);
        String last = pane.capture();
        pane.kill();
        if (tl < 0 || td < 0) throw new IllegalStateException("baton never drew its " + (tl < 0 ? "layout" : "data") + ":\n" + last);
        if (layout != null) layout.add((tl - t0) / 1_000_000);
        if (data != null) data.add((td - t0) / 1_000_000);
        Thread.sleep(300);
    }

    /** bin/baton trains its class archive in the background after the first start; wait until it is installed. */
    static boolean waitForArchive(Path cache, long timeoutMs) throws Exception {
        long end = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < end) {
            if (Files.isDirectory(cache)) {
                try (Stream<Path> s = Files.list(cache)) {
                    if (s.anyMatch(p -> p.getFileName().toString().matches("cds-.*\\.jsa"))) return true;
                }
            }
            Thread.sleep(200);
        }
        return false;
    }

    static long min(List<Long> xs) {
        return xs.stream().mapToLong(Long::longValue).min().orElse(-1);
    }

    static long max(List<Long> xs) {
        return xs.stream().mapToLong(Long::longValue).max().orElse(-1);
    }
}
