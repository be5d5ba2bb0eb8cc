package dev.baton.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.testkit.Tmux;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * `baton serve` with 20 SSH screens against one local screen, in the same minutes of the incident scenario: two
 * standalone sandboxes started together (each counts its own requests: /rate_limit's "used"), one watched by
 * bin/baton in tmux (160x48), the other by `bin/baton serve` with 20 `ssh -tt` screens (OpenSSH, 80x24).
 * Also: the server's VmRSS, keystroke-to-echo on one SSH screen alone and with 19 others connected, and the
 * bytes an SSH screen and the local screen get in one minute of the idle scenario. bench/run Serve [MINUTES].
 */
public final class ServeBench {
    static final int SESSIONS = 20;
    /** Keystrokes per echo series. */
    static final int KEYS = 30;
    static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        int minutes = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path dir = Files.createTempDirectory("baton-bench-serve");
        Path key = dir.resolve("id_ops");
        run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "ops", "-f", key.toString()));
        Files.writeString(dir.resolve("authorized_keys"), Files.readString(Path.of(key + ".pub")));

        long localCounted, serveCounted, rssPeak, rssLast, localRss;
        List<Long> alone, crowded;
        Files.createDirectories(dir.resolve("a"));
        Files.createDirectories(dir.resolve("b"));
        try (Tmux term = Term.tmux();
             Term.Sandbox a = new Term.Sandbox("incident", 5, dir.resolve("a/sandbox.log"));
             Term.Sandbox b = new Term.Sandbox("incident", 5, dir.resolve("b/sandbox.log"))) {
            long usedA0 = used(a), usedB0 = used(b);
            Map<String, String> localEnv = Term.home(dir.resolve("local"));
            localEnv.putAll(a.exports);
            Tmux.Pane local = term.start("local", 160, 48, localEnv, Term.batonCommand());
            try (Serve serve = new Serve(dir.resolve("serve"), b, dir)) {
                List<Ssh> screens = new ArrayList<>();
                screens.add(new Ssh(serve.port, key));
                screens.get(0).awaitBytes(500, Duration.ofSeconds(60));
                Thread.sleep(5000); // past the first polls' redraws
                System.out.println("measuring keystroke to echo, 1 session");
                alone = screens.get(0).echoes(KEYS);
                for (int i = 1; i < SESSIONS; i++) screens.add(new Ssh(serve.port, key));
                for (Ssh s : screens) s.awaitBytes(500, Duration.ofSeconds(120));
                Thread.sleep(5000);
                System.out.println("measuring keystroke to echo, " + SESSIONS + " sessions");
                crowded = screens.get(0).echoes(KEYS);
                System.out.println("the incident runs for " + minutes + " minutes");
                local.waitUntil(FirstFrameBench.LAYOUT, "drew the layout", Duration.ofSeconds(60));
                long end = System.currentTimeMillis() + minutes * 60_000L;
                long peak = 0, last = 0;
                while (System.currentTimeMillis() < end) {
                    last = Term.rssKb(serve.pid());
                    peak = Math.max(peak, last);
                    Thread.sleep(Math.min(10_000, Math.max(1, end - System.currentTimeMillis())));
                }
                last = Term.rssKb(serve.pid());
                localRss = Term.rssKb(local.pid());
                rssPeak = Math.max(peak, last);
                rssLast = last;
                localCounted = used(a) - usedA0;
                serveCounted = used(b) - usedB0;
                for (Ssh s : screens) s.close();
            }
            local.kill();
        }

        double ratio = localCounted == 0 ? Double.NaN : (double) serveCounted / localCounted;
        double mb = rssLast / 1024.0, budget = 160 + 6.0 * SESSIONS;
        double p95Alone = p95(alone) / 1e6, p95Crowded = p95(crowded) / 1e6;
        System.out.printf("%d minutes of the incident scenario; the same minutes for both%n", minutes);
        System.out.printf("counted GitHub requests   local screen %5d   serve + %d SSH screens %5d   %.2fx   target <= 1.1x: %s%n",
                localCounted, SESSIONS, serveCounted, ratio, ratio <= 1.1 ? "met" : "MISSED");
        System.out.printf("serve VmRSS with %d screens   %.1f MB (peak %.1f)   target <= %.0f MB: %s%n", SESSIONS, mb, rssPeak / 1024.0,
                budget, mb <= budget ? "met" : "MISSED");
        System.out.printf("  (the local screen beside it: %.1f MB)%n", localRss / 1024.0);
        System.out.printf("keystroke to echo, p95     1 session %.1f ms   %d sessions %.1f ms   %.2fx   target <= 1.5x: %s%n",
                p95Alone, SESSIONS, p95Crowded, p95Crowded / p95Alone, p95Crowded <= 1.5 * p95Alone ? "met" : "MISSED");
        System.out.printf("  (medians %.1f and %.1f ms, %d keys each; load average at the end %.1f)%n", Term.median(alone) / 1e6,
                Term.median(crowded) / 1e6, KEYS, java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.println("idle scenario: one minute of bytes");
        long[] idle = idleBytes(dir, key);
        System.out.printf("idle minute (idle scenario), bytes   local screen %d   SSH screen %d   target 0: %s%n", idle[0], idle[1],
                idle[1] == 0 ? "met" : "MISSED");
        System.out.println("raw output kept in " + dir);
    }

    /** Bytes in one minute of the idle scenario: {the local screen's (tmux pipe-pane), an SSH screen's}. */
    static long[] idleBytes(Path dir, Path key) throws Exception {
        Path idleDir = dir.resolve("idle");
        Files.createDirectories(idleDir);
        try (Tmux term = Term.tmux(); Term.Sandbox sandbox = new Term.Sandbox("idle", 1, idleDir.resolve("sandbox.log"));
             Serve serve = new Serve(idleDir.resolve("serve"), sandbox, dir)) {
            Map<String, String> env = Term.home(idleDir.resolve("local"));
            env.putAll(sandbox.exports);
            Tmux.Pane local = term.start("idle-local", 160, 48, env, Term.batonCommand());
            try (Ssh ssh = new Ssh(serve.port, key)) {
                local.waitUntil(FirstFrameBench.DATA, "showed the sandbox's data", Duration.ofSeconds(90));
                ssh.awaitBytes(500, Duration.ofSeconds(60));
                Thread.sleep(15_000); // as IdleBytes: past the first polls and the age clock's first seconds
                Path out = idleDir.resolve("local.bytes");
                Files.createFile(out);
                long before = ssh.bytes();
                local.pipe(out);
                Thread.sleep(60_000);
                local.pipe(null);
                long sshBytes = ssh.bytes() - before;
                Thread.sleep(200);
                return new long[]{Files.size(out), sshBytes};
            }
        }
    }

    static long used(Term.Sandbox s) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(s.exports.get("GITHUB_API_URL") + "/rate_limit"))
                .header("Authorization", "Bearer " + token(s)).build();
        HttpResponse<String> r = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body()).path("rate").path("used").asLong();
    }

    static String token(Term.Sandbox s) {
        String t = s.exports.get("GH_TOKEN");
        return t != null ? t : s.exports.get("GITHUB_TOKEN");
    }

    static double p95(List<Long> xs) {
        List<Long> s = new ArrayList<>(xs);
        s.sort(null);
        return s.isEmpty() ? Double.NaN : s.get(Math.min(s.size() - 1, (int) Math.ceil(0.95 * s.size()) - 1));
    }

    static void run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        if (p.waitFor() != 0) throw new IOException(String.join(" ", cmd) + " failed");
    }

    /** `bin/baton serve` on a free port, its own home, the sandbox's exports. */
    static final class Serve implements AutoCloseable {
        final Process process;
        final int port;

        Serve(Path home, Term.Sandbox sandbox, Path dir) throws IOException {
            ProcessBuilder pb = new ProcessBuilder(Term.ROOT.resolve("bin/baton").toString(), "serve", "--listen", "127.0.0.1:0",
                    "--authorized-keys", dir.resolve("authorized_keys").toString(), "--host-key", home.resolve("host_key").toString(),
                    "--socket", home.resolve("serve.sock").toString(), "--max-sessions", "64");
            pb.environment().putAll(Term.home(home));
            pb.environment().putAll(sandbox.exports);
            Files.createDirectories(home);
            pb.redirectError(home.resolve("serve.log").toFile());
            process = pb.start();
            BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            int found = -1;
            Pattern on = Pattern.compile("on ssh://127\\.0\\.0\\.1:(\\d+)");
            for (String l; found < 0 && (l = r.readLine()) != null; ) {
                Matcher m = on.matcher(l);
                if (m.find()) found = Integer.parseInt(m.group(1));
            }
            if (found < 0) throw new IOException("baton serve printed no port; see " + home.resolve("serve.log"));
            port = found;
            Thread drain = new Thread(() -> {
                try {
                    r.transferTo(java.io.Writer.nullWriter());
                } catch (IOException e) {
                    // gone
                }
            });
            drain.setDaemon(true);
            drain.start();
        }

        long pid() {
            return process.pid();
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
            process.destroyForcibly();
        }
    }

    /** One operator's screen: OpenSSH with a forced pty, its output counted as it arrives. */
    static final class Ssh implements AutoCloseable {
        final Process process;
        final OutputStream keys;
        private long bytes;

        Ssh(int port, Path key) throws IOException {
            process = new ProcessBuilder("ssh", "-F", "/dev/null", "-p", String.valueOf(port), "-o", "StrictHostKeyChecking=no",
                    "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
                    "-i", key.toString(), "-tt", "ops@127.0.0.1").redirectErrorStream(true).start();
            keys = process.getOutputStream();
            Thread t = new Thread(() -> {
                byte[] b = new byte[16384];
                InputStream in = process.getInputStream();
                try {
                    for (int n; (n = in.read(b)) >= 0; ) {
                        synchronized (this) {
                            bytes += n;
                            notifyAll();
                        }
                    }
                } catch (IOException e) {
                    // closed
                }
            }, "bench-ssh");
            t.setDaemon(true);
            t.start();
        }

        synchronized long bytes() {
            return bytes;
        }

        synchronized void awaitBytes(long atLeast, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (bytes < atLeast) {
                long left = deadline - System.nanoTime();
                if (left <= 0) throw new IllegalStateException("an SSH screen drew nothing in " + timeout);
                wait(Math.max(1, left / 1_000_000));
            }
        }

        /**
         * n keystrokes that always change the screen: at 80x24 the panes are tabs, so 2 (Locks) and 1 (Groups)
         * alternate; nanoseconds from each key to the first byte of its redraw.
         */
        List<Long> echoes(int n) throws IOException, InterruptedException {
            List<Long> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                out.add(press(i % 2 == 0 ? "2" : "1"));
                Thread.sleep(50);
            }
            return out;
        }

        private long press(String key) throws IOException, InterruptedException {
            long before;
            synchronized (this) {
                before = bytes;
            }
            long t0 = System.nanoTime();
            keys.write(key.getBytes(StandardCharsets.UTF_8));
            keys.flush();
            synchronized (this) {
                long deadline = t0 + TimeUnit.SECONDS.toNanos(10);
                while (bytes == before && System.nanoTime() < deadline) wait(10);
            }
            long dt = System.nanoTime() - t0;
            Thread.sleep(30); // let the rest of the echo's frame arrive before the next key
            return dt;
        }

        @Override
        public void close() {
            process.destroy();
        }
    }
}
