package dev.baton;

import dev.baton.command.Baton;
import dev.baton.command.BatonOptions;
import dev.baton.serve.Frames;
import dev.baton.serve.ServeOptions;
import dev.baton.serve.Server;
import dev.baton.serve.SocketDoor;
import dev.baton.serve.SshDoor;
import dev.baton.testkit.Launcher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 13, point 5 and the offer to attach: `baton serve` under clients that misbehave, stall, idle, come and go
 * by the hundred, or find it at shutdown; and plain `baton` finding it running. One server with --max-sessions 2.
 * Over 400 lines on purpose: the stories share one sandbox and server (each start costs seconds on 2 cores) and
 * the raw local-door client below, which speaks Frames as `baton attach` does.
 */
class ServeRobustnessTest {
    @TempDir
    static Path home;
    static LoopbackFixture box;
    static Baton baton;
    static Server server;
    static SshDoor door;
    static Path socket;
    static Path alice, erin;
    /** `baton` as a user runs it (bin/baton's JVM flags) over the test classpath, for the stories that start a process. */
    static Path command;
    static final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @BeforeAll
    static void start() throws Exception {
        box = new LoopbackFixture(30, home);
        box.env.put("XDG_RUNTIME_DIR", home.resolve("run").toString()); // so the server's socket is at baton's default path
        baton = new Baton(box.env, new BatonOptions(null, null, false));
        socket = home.resolve("run/baton/baton.sock"); // the default path under XDG_RUNTIME_DIR=home/run
        assertThat(ServeOptions.defaultSocket(java.util.Map.of("XDG_RUNTIME_DIR", home.resolve("run").toString()))).isEqualTo(socket);
        Path keys = home.resolve("authorized_keys");
        if (Files.isExecutable(Path.of("/usr/bin/ssh-keygen"))) {
            alice = ServeSshTestKeys.keygen(home, "alice");
            erin = ServeSshTestKeys.keygen(home, "erin");
            Files.writeString(keys, "environment=\"BATON_ROLE=operator\" " + Files.readString(Path.of(alice + ".pub"))
                    + "environment=\"BATON_THEME=nope-key\" " + Files.readString(Path.of(erin + ".pub")));
        }
        server = new Server(baton, new ServeOptions("127.0.0.1", 0, keys, home.resolve("state/baton/ssh_host_ed25519_key"), socket, 2, false),
                ServeMain::screen, new PrintStream(log, true, StandardCharsets.UTF_8));
        door = server.start();
        command = Launcher.write(Files.createDirectories(home.resolve("bin")), Path.of(System.getProperty("user.dir")));
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
        if (baton != null) baton.close();
        if (box != null) box.close();
    }

    @BeforeEach
    void noSessionLeftFromTheTestBefore() {
        waitUntil(() -> server.sessions().isEmpty(), "the sessions of the test before end");
    }

    // ---- plain `baton` offering to attach ----------------------------------------------------------------------

    @Test
    void theServerSaysWhichRepositoryItServesAndPlainBatonOffersToAttach() throws Exception {
        String repo = box.engine.state().repo().fullName();
        SocketDoor.Running running = SocketDoor.query(socket, Duration.ofSeconds(10));
        assertThat(running).isNotNull();
        assertThat(running.repo()).isEqualTo(repo);
        assertThat(running.sessions()).isZero();

        try (Attached one = Attached.open(socket, 80, 24)) {
            one.waitFor(s -> s.contains("Groups"));
            StringWriter asked = new StringWriter();
            assertThat(AttachMain.offer(socket, repo, answers(""), new PrintWriter(asked))).as("Enter: yes").isTrue();
            assertThat(asked.toString()).isEqualTo("a baton server for " + repo + " is running (1 operator connected): attach? [Y/n] ");
        }
        assertThat(AttachMain.offer(socket, repo, answers("y"), new PrintWriter(new StringWriter()))).isTrue();
        assertThat(AttachMain.offer(socket, repo, answers("n"), new PrintWriter(new StringWriter()))).as("no: alone").isFalse();
        assertThat(AttachMain.offer(socket, repo, answers(null), new PrintWriter(new StringWriter()))).as("end of input: alone").isFalse();

        LoopbackFixture.Outcome scripted = box.baton("status");
        assertThat(scripted.out()).as(scripted.err()).contains("prod"); // it ran, as a script
        assertThat(scripted.out() + scripted.err()).as("without a terminal: never a question").doesNotContain("attach?");

        StringWriter other = new StringWriter();
        assertThat(AttachMain.offer(socket, "acme/elsewhere", answers(""), new PrintWriter(other))).as("another repository").isFalse();
        assertThat(other.toString()).isEmpty();
    }

    @Test
    void aStaleSocketFileIsIgnoredSilently() throws Exception {
        Path stale = home.resolve("stale.sock");
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(stale)); // closing leaves the file, as a killed server does
        }
        assertThat(stale).exists();
        StringWriter asked = new StringWriter();
        assertThat(AttachMain.offer(stale, box.engine.state().repo().fullName(), answers(""), new PrintWriter(asked))).isFalse();
        assertThat(asked.toString()).isEmpty();
        assertThat(SocketDoor.query(home.resolve("no-such.sock"), Duration.ofSeconds(1))).isNull();
    }

    /** The real `baton` in tmux: it asks, Enter attaches through the local door (a viewer there), n stays alone. */
    @Test
    void plainBatonOnATerminalAsksAndAttachesOrStaysAlone() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/tmux")), "needs tmux");
        String tmuxSocket = home.resolve("tmux-offer.sock").toString();
        StringBuilder env = new StringBuilder("env TERM=xterm-256color LANG=C.UTF-8 XDG_RUNTIME_DIR=" + home.resolve("run"));
        box.env.forEach((k, v) -> env.append(' ').append(k).append('=').append(v));
        String line = env + " " + command;
        try {
            // both JVMs start at once: "no" waits at its question, unanswered, until the "yes" story is over
            for (String session : List.of("yes", "no")) {
                ServeSshTest.tmux(tmuxSocket, "new-session", "-d", "-s", session, "-x", "100", "-y", "30",
                        "sh -c '" + line + "; echo baton-exit=$?; sleep 30'");
            }
            ServeSshTest.waitFor(tmuxSocket, "yes", s -> s.contains("is running (0 operators connected): attach? [Y/n]"));
            ServeSshTest.tmux(tmuxSocket, "send-keys", "-t", "yes", "Enter");
            String screen = ServeSshTest.waitFor(tmuxSocket, "yes", s -> s.contains("Groups") && s.contains("Locks"));
            assertThat(screen).as("attached: the local door makes this user a viewer").contains("READ-ONLY");
            assertThat(log.toString(StandardCharsets.UTF_8)).contains(System.getProperty("user.name") + " (viewer, socket) connected");
            ServeSshTest.tmux(tmuxSocket, "send-keys", "-t", "yes", "q");
            assertThat(ServeSshTest.waitFor(tmuxSocket, "yes", s -> s.contains("baton-exit="))).contains("baton-exit=0");

            int before = count(log.toString(StandardCharsets.UTF_8), "(viewer, socket) connected");
            ServeSshTest.waitFor(tmuxSocket, "no", s -> s.contains("attach? [Y/n]"));
            ServeSshTest.tmux(tmuxSocket, "send-keys", "-t", "no", "n", "Enter");
            String alone = ServeSshTest.waitFor(tmuxSocket, "no", s -> s.contains("Groups") && s.contains("Locks"));
            assertThat(alone).as("its own screen, not the server's").doesNotContain("READ-ONLY");
            assertThat(count(log.toString(StandardCharsets.UTF_8), "(viewer, socket) connected")).isEqualTo(before);
            ServeSshTest.tmux(tmuxSocket, "send-keys", "-t", "no", "q");
            ServeSshTest.waitFor(tmuxSocket, "no", s -> s.contains("baton-exit="));
        } finally {
            new ProcessBuilder("tmux", "-S", tmuxSocket, "kill-server").start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    // ---- robustness ------------------------------------------------------------------------------------------

    @Test
    void maxSessionsRefusesTheNextWithAClearMessage() throws Exception {
        try (Attached one = Attached.open(socket, 80, 24); Attached two = Attached.open(socket, 80, 24)) {
            one.waitFor(s -> s.contains("Groups"));
            two.waitFor(s -> s.contains("Groups"));
            try (Attached three = Attached.open(socket, 80, 24)) {
                assertThat(three.awaitExit()).isEqualTo(4);
                assertThat(three.text()).contains("baton: refused, 2 sessions are connected already (--max-sessions)");
            }
            if (alice != null) {
                ServeSshTest.Ssh refused = ssh("status");
                assertThat(refused.code()).isEqualTo(4);
                assertThat(refused.err()).contains("refused, 2 sessions are connected already (--max-sessions)");
            }
        }
        waitUntil(() -> server.sessions().isEmpty(), "both left");
        try (Attached again = Attached.open(socket, 80, 24)) {
            again.waitFor(s -> s.contains("Groups")); // the limit counts sessions now, not sessions ever
        }
    }

    @Test
    void hugeWindowSizesAreClamped() throws Exception {
        try (Attached huge = Attached.open(socket, 100_000, 100_000)) {
            huge.waitFor(s -> s.contains("Groups"));
            huge.size(100_000, 100_000);
            huge.size(-5, 0);
            huge.size(100_000, 3);
            huge.waitFor(s -> maxColumn(s) > 0);
            huge.keys("q");
            assertThat(huge.awaitExit()).isZero();
            assertThat(maxColumn(huge.text())).as("no cursor move beyond the clamp of 1000 columns").isBetween(1, 1000);
            assertThat(maxRow(huge.text())).isBetween(1, 500);
        }
    }

    @Test
    void garbageAndHalfHandshakesCostNothing() throws Exception {
        misbehave();
        try (Attached fine = Attached.open(socket, 80, 24)) {
            fine.waitFor(s -> s.contains("Groups"));
        }
        if (alice != null) assertThat(ssh("status").code()).isZero();
    }

    /** 200 clients that come and go (screens on the local door, SSH commands, half handshakes): no thread stays behind. */
    @Test
    void twoHundredConnectDisconnectCyclesLeaveNoThreadAndNoSession() throws Exception {
        try (Attached warm = Attached.open(socket, 80, 24)) {
            warm.waitFor(s -> s.contains("Groups")); // first screen: the lazy parts (engine, pools) are built
        }
        waitUntil(() -> server.sessions().isEmpty(), "the warm-up left");
        int before = liveThreads();
        long heapBefore = usedHeapAfterGc();
        for (int i = 0; i < 200; i++) {
            waitUntil(() -> server.sessions().isEmpty(), "the sessions of the cycle before left (--max-sessions 2 here)");
            if (i % 20 == 0 && alice != null) {
                assertThat(ssh("help").code()).isZero();
            } else if (i % 10 == 5) {
                misbehave();
            } else {
                try (Attached a = Attached.open(socket, 80, 24)) {
                    if (i % 2 == 0) a.waitFor(s -> s.contains("Groups")); // every other one leaves before its first frame
                }
            }
        }
        waitUntil(() -> server.sessions().isEmpty(), "every session left");
        int tolerance = 6;
        waitUntil(() -> liveThreads() <= before + tolerance, "threads back to " + before + " (+" + tolerance + ")");
        assertThat(usedHeapAfterGc() - heapBefore).as("heap growth over 200 cycles").isLessThan(64L << 20);
    }

    @Test
    void aStalledClientNeverDelaysTheOthers() throws Exception {
        try (SocketChannel stalled = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            stalled.connect(UnixDomainSocketAddress.of(socket));
            DataOutputStream out = Frames.output(stalled);
            Frames.write(out, Frames.HELLO, "xterm-256color 1000 500");
            // it never reads: every full redraw of 1000x500 is ~1 MB, far beyond what the socket buffers
            for (int i = 0; i < 20; i++) Frames.write(out, Frames.SIZE, (i % 2 == 0 ? 999 : 1000) + " 500");
            waitUntil(() -> server.sessions().size() == 1, "the stalled screen is in");
            try (Attached healthy = Attached.open(socket, 80, 24)) {
                healthy.waitFor(s -> s.contains("Groups"));
                for (int i = 0; i < 5; i++) {
                    int seen = healthy.bytes();
                    healthy.size(80 + i + 1, 24);
                    healthy.waitFor(s -> healthy.bytes() > seen); // each resize is redrawn at once
                }
                var engine = baton.engine();
                var polled = engine.latest().takenAt();
                waitUntil(() -> engine.latest().takenAt() != null && !engine.latest().takenAt().equals(polled), "the engine keeps polling");
                healthy.keys("q");
                assertThat(healthy.awaitExit()).isZero();
            }
        }
        waitUntil(() -> server.sessions().isEmpty(), "the stalled client, gone, is let go");
    }

    @Test
    void anIdleScreenIsClosedWithAMessageAfterTheConfiguredIdleTimeout() throws Exception {
        Path config = home.resolve("idle.yaml");
        Files.writeString(config, "refresh: 300ms\nserve:\n  idle_timeout: 1s\n");
        try (Baton idleBaton = new Baton(box.env, new BatonOptions(null, config, false));
             Server idle = new Server(idleBaton, new ServeOptions("127.0.0.1", 0, home.resolve("authorized_keys"),
                     home.resolve("state/baton/ssh_host_ed25519_key"), home.resolve("idle.sock"), 4, false), ServeMain::screen,
                     new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
            idle.start();
            try (Attached quiet = Attached.open(home.resolve("idle.sock"), 80, 24)) {
                quiet.waitFor(s -> s.contains("Groups"));
                assertThat(quiet.awaitExit()).isZero();
                assertThat(quiet.text()).contains("baton: closed after 1s without a key (serve: idle_timeout)");
            }
            waitUntil(() -> idle.sessions().isEmpty(), "the idle session left");
        }
    }

    /** The server as a real process: SIGTERM tells a local-door screen, an SSH screen and an SSH command why, and they end. */
    @Test
    void sigtermTellsEverySessionWhyAndClosesThem() throws Exception {
        assumeTrue(alice != null, "needs the OpenSSH client");
        Path sock = home.resolve("term.sock");
        ServeProcess started = ServeProcess.start(List.of(), sock);
        Process serve = started.process();
        try {
            BufferedReader lines = started.lines();
            int port = started.port();
            var rest = java.util.concurrent.CompletableFuture.supplyAsync(() -> lines.lines().collect(java.util.stream.Collectors.joining("\n")));
            waitUntil(() -> Files.exists(sock), "the local door is open");
            int sshPort = port;
            try (Attached local = Attached.open(sock, 80, 24)) {
                local.waitFor(s -> s.contains("Groups"));
                List<String> sshArgs = new ArrayList<>(List.of("ssh", "-F", "/dev/null", "-p", String.valueOf(sshPort),
                        "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
                        "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-i", alice.toString()));
                List<String> screenArgs = new ArrayList<>(sshArgs);
                screenArgs.addAll(List.of("-tt", "ops@127.0.0.1"));
                Process screen = new ProcessBuilder(screenArgs).redirectErrorStream(true).start(); // stdin stays open: no q
                var screenOut = java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(screen.getInputStream()));
                List<String> watchArgs = new ArrayList<>(sshArgs);
                watchArgs.addAll(List.of("ops@127.0.0.1", "watch"));
                Process watch = new ProcessBuilder(watchArgs).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
                var watchErr = java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(watch.getErrorStream()));
                var watchOut = java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(watch.getInputStream()));
                String user = System.getProperty("user.name");
                // three sessions in: the server says so on its stderr, which we can only read at the end; ask it instead
                waitUntil(() -> {
                    SocketDoor.Running r = SocketDoor.query(sock, Duration.ofSeconds(5));
                    return r != null && r.sessions() == 3;
                }, "three sessions connected");

                serve.toHandle().destroy(); // SIGTERM (Process.destroy would also close our end of its output)
                assertThat(local.awaitExit()).isZero();
                assertThat(local.text()).contains("baton: baton serve is shutting down");
                assertThat(screen.waitFor(60, TimeUnit.SECONDS)).as("the ssh screen ends").isTrue();
                assertThat(screenOut.get()).contains("baton: baton serve is shutting down");
                assertThat(watch.waitFor(60, TimeUnit.SECONDS)).as("the ssh command ends").isTrue();
                watchOut.get();
                assertThat(watchErr.get()).contains("baton: baton serve is shutting down");
                assertThat(serve.waitFor(60, TimeUnit.SECONDS)).as("the server exits").isTrue();
                assertThat(rest.get()).contains(user + " (viewer, socket) connected").contains("alice (operator, ssh) connected: screen");
            }
        } finally {
            serve.destroyForcibly();
        }
    }

    /** `baton [BEFORE...] serve` as a real process on a free port, with this class's keys; its output read up to the port. */
    record ServeProcess(Process process, BufferedReader lines, int port, String listening) {
        static ServeProcess start(List<String> before, Path socket) throws java.io.IOException {
            List<String> cmd = new ArrayList<>(List.of(command.toString()));
            cmd.addAll(before);
            cmd.addAll(List.of("serve", "--listen", "127.0.0.1:0", "--authorized-keys", home.resolve("authorized_keys").toString(),
                    "--host-key", home.resolve("state/baton/ssh_host_ed25519_key").toString(), "--socket", socket.toString()));
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().putAll(box.env);
            pb.redirectErrorStream(true);
            Process serve = pb.start();
            BufferedReader lines = new BufferedReader(new java.io.InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
            for (String l; (l = lines.readLine()) != null; ) {
                Matcher m = Pattern.compile("on ssh://127\\.0\\.0\\.1:(\\d+)").matcher(l);
                if (m.find()) return new ServeProcess(serve, lines, Integer.parseInt(m.group(1)), l);
            }
            serve.destroyForcibly();
            throw new AssertionError("baton serve never printed its port");
        }
    }

    /** `baton --repo A --repo B serve` as a process: it serves a fleet, and a command over SSH answers for both. */
    @Test
    void severalRepositoriesAreServedAsAFleetAndACommandAnswersForEach() throws Exception {
        assumeTrue(alice != null, "needs the OpenSSH client");
        String repo = box.engine.state().repo().fullName();
        ServeProcess started = ServeProcess.start(List.of("--repo", repo, "--repo", "acme/missing"), home.resolve("fleet.sock"));
        Process serve = started.process();
        try {
            BufferedReader lines = started.lines();
            int port = started.port();
            assertThat(started.listening()).contains("a fleet on ssh://");
            var drain = java.util.concurrent.CompletableFuture.runAsync(() -> lines.lines().forEach(l -> { }));
            Process status = new ProcessBuilder("ssh", "-F", "/dev/null", "-p", String.valueOf(port), "-o", "StrictHostKeyChecking=no",
                    "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
                    "-i", alice.toString(), "ops@127.0.0.1", "status", "--json")
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            var out = java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(status.getInputStream()));
            var err = java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(status.getErrorStream()));
            assertThat(status.waitFor(60, TimeUnit.SECONDS)).as("the ssh command ends").isTrue();
            com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.get());
            assertThat(json).as(err.get()).extracting(n -> n.get("repository").asText()).containsExactlyInAnyOrder(repo, "acme/missing");
            assertThat(status.exitValue()).as("one repository cannot be read: a backend's exit code, as locally").isEqualTo(3);
            serve.toHandle().destroy();
            assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();
            drain.get(10, TimeUnit.SECONDS);
        } finally {
            serve.destroyForcibly();
        }
    }

    // ---- per-operator theme and NO_COLOR ------------------------------------------------------------------------

    /** The theme comes from the key's environment= option, else from the client's SetEnv (which wins); NO_COLOR too. */
    @Test
    void eachOperatorsScreenHasItsOwnThemeAndColours() throws Exception {
        assumeTrue(erin != null, "needs the OpenSSH client");
        // an unknown theme is said on the screen by name, which shows which setting reached it
        assertThat(sshScreen(erin, List.of(), "unknown theme")).contains("unknown theme 'nope-key'");
        assertThat(sshScreen(erin, List.of("-o", "SetEnv=BATON_THEME=nope-client"), "unknown theme")).contains("unknown theme 'nope-client'");
        String plain = sshScreen(alice, List.of(), "Groups");
        assertThat(plain).doesNotContain("unknown theme").containsPattern(COLOUR);
        String noColor = sshScreen(alice, List.of("-o", "SetEnv=NO_COLOR=1"), "Groups");
        assertThat(noColor).as("NO_COLOR from the client: no colour codes").doesNotContainPattern(COLOUR);

        try (Attached attached = Attached.open(socket, 80, 24, "BATON_THEME=nope-attach NO_COLOR=1")) {
            attached.waitFor(s -> s.contains("unknown theme 'nope-attach'"));
            assertThat(attached.text()).doesNotContainPattern(COLOUR);
        }
    }

    /** A foreground or background colour (16, 256 or true colour), not the defaults 39 and 49. */
    static final Pattern COLOUR = Pattern.compile("\u001b\\[(3[0-8]|4[0-8]|9[0-7]|10[0-7])[;m]");

    /** An SSH screen (ssh -tt, no local terminal needed) until it shows what; what it sent by then. */
    static String sshScreen(Path key, List<String> extra, String what) throws Exception {
        List<String> args = new ArrayList<>(List.of("ssh", "-F", "/dev/null", "-p", String.valueOf(door.port()),
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
                "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-i", key.toString(), "-tt"));
        args.addAll(extra);
        args.add("ops@127.0.0.1");
        Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            byte[] b = new byte[8192];
            try {
                for (int n; (n = p.getInputStream().read(b)) >= 0; ) {
                    synchronized (seen) {
                        seen.write(b, 0, n);
                    }
                }
            } catch (IOException e) {
                // ended
            }
        }, "test-ssh-screen");
        reader.setDaemon(true);
        reader.start();
        try {
            waitUntil(() -> {
                synchronized (seen) {
                    return seen.toString(StandardCharsets.UTF_8).contains(what);
                }
            }, "the ssh screen shows " + what);
            synchronized (seen) {
                return seen.toString(StandardCharsets.UTF_8);
            }
        } finally {
            p.toHandle().destroy();
            p.waitFor(30, TimeUnit.SECONDS);
            waitUntil(() -> server.sessions().isEmpty(), "the ssh screen left");
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    /** Garbage and half conversations on both doors. */
    static void misbehave() throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", door.port()), 5000);
            s.getOutputStream().write("SSH-2.0-OpenSSH_9.0\r\n".getBytes(StandardCharsets.US_ASCII)); // then gone, mid-handshake
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", door.port()), 5000);
            s.getOutputStream().write(new byte[] {0, (byte) 0xff, 13, 10, 'x', 0, 0, 0, 5, 7, 7, 7});
        }
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            c.write(ByteBuffer.wrap(new byte[] {'h', 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff})); // a 2 GB frame
        }
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            Frames.write(Frames.output(c), Frames.HELLO, "xterm 80 24"); // and gone before the first frame
        }
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            c.write(ByteBuffer.wrap("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        }
    }

    /** The real ssh client as alice, as in ServeSshTest. */
    static ServeSshTest.Ssh ssh(String... command) throws Exception {
        return ssh(door.port(), command);
    }

    static ServeSshTest.Ssh ssh(int port, String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of("ssh", "-F", "/dev/null", "-p", String.valueOf(port),
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
                "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "ConnectTimeout=10", "-i", alice.toString(), "ops@127.0.0.1"));
        args.addAll(List.of(command));
        Process p = new ProcessBuilder(args).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        var o = java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        var e = java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("ssh ends").isTrue();
        return new ServeSshTest.Ssh(p.exitValue(), o.get(), e.get());
    }

    static String readAll(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }

    static BufferedReader answers(String line) {
        return new BufferedReader(new StringReader(line == null ? "" : line + "\n"));
    }

    static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) n++;
        return n;
    }

    static int liveThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).count();
    }

    /**
     * The live heap: the least of a few full collections, so that what the fork's other work holds for a moment (a
     * snapshot being built, a session's last frame) does not read as a leak; a leak stays in every sample.
     */
    static long usedHeapAfterGc() {
        Runtime r = Runtime.getRuntime();
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            least = Math.min(least, r.totalMemory() - r.freeMemory());
        }
        return least;
    }

    private static final Pattern MOVE = Pattern.compile("\u001b\\[(\\d+);(\\d+)H");

    static int maxColumn(String s) {
        int max = 0;
        for (Matcher m = MOVE.matcher(s); m.find(); ) max = Math.max(max, Integer.parseInt(m.group(2)));
        return max;
    }

    static int maxRow(String s) {
        int max = 0;
        for (Matcher m = MOVE.matcher(s); m.find(); ) max = Math.max(max, Integer.parseInt(m.group(1)));
        return max;
    }

    /** Polls every 1 ms at first, backing off to 50 ms: most waits here (a session let go) end within a few ms. */
    static void waitUntil(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (long pause = 1; !condition.getAsBoolean(); pause = Math.min(50, pause * 2)) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within 60 s: " + what);
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** A raw client of the local door, as `baton attach` speaks it, that keeps what the screen sends. */
    static final class Attached implements AutoCloseable {
        final SocketChannel channel;
        final DataOutputStream out;
        final ByteArrayOutputStream screen = new ByteArrayOutputStream();
        final java.util.concurrent.CompletableFuture<Integer> exit = new java.util.concurrent.CompletableFuture<>();

        private Attached(SocketChannel channel) {
            this.channel = channel;
            this.out = Frames.output(channel);
        }

        static Attached open(Path socket, int columns, int rows) throws IOException {
            return open(socket, columns, rows, "");
        }

        /** settings: NAME=value words after the size, as attach sends NO_COLOR and BATON_THEME. */
        static Attached open(Path socket, int columns, int rows, String settings) throws IOException {
            Attached a = new Attached(SocketChannel.open(UnixDomainSocketAddress.of(socket)));
            Frames.write(a.out, Frames.HELLO, ("xterm-256color " + columns + " " + rows + " " + settings).strip());
            Thread t = new Thread(a::read, "test-attached");
            t.setDaemon(true);
            t.start();
            return a;
        }

        private void read() {
            DataInputStream in = Frames.input(channel);
            try {
                for (Frames.Frame f; (f = Frames.read(in)) != null; ) {
                    if (f.type() == Frames.DATA) {
                        synchronized (screen) {
                            screen.write(f.payload());
                        }
                    } else if (f.type() == Frames.EXIT) {
                        exit.complete(Integer.parseInt(f.text().strip()));
                        return;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // closed
            }
            exit.complete(-1);
        }

        String text() {
            synchronized (screen) {
                return screen.toString(StandardCharsets.UTF_8);
            }
        }

        int bytes() {
            synchronized (screen) {
                return screen.size();
            }
        }

        void waitFor(java.util.function.Predicate<String> shown) {
            try {
                waitUntil(() -> shown.test(text()), "the screen shows what is expected");
            } catch (AssertionError e) {
                String l = log.toString(StandardCharsets.UTF_8);
                throw new AssertionError(e.getMessage() + "; sessions " + server.sessions() + "; it has:\n" + text()
                        + "\nserver log:\n" + l.substring(Math.max(0, l.length() - 3000)), e);
            }
        }

        void keys(String keys) throws IOException {
            Frames.write(out, Frames.DATA, keys);
        }

        void size(int columns, int rows) throws IOException {
            Frames.write(out, Frames.SIZE, columns + " " + rows);
        }

        int awaitExit() throws Exception {
            return exit.get(60, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /** Keys made by ssh-keygen, as in ServeSshTest. */
    static final class ServeSshTestKeys {
        static Path keygen(Path home, String name) throws Exception {
            Path key = home.resolve("id_" + name);
            Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", key.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(out).isZero();
            return key;
        }
    }
}
