package dev.baton;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.command.Baton;
import dev.baton.command.BatonOptions;
import dev.baton.serve.ServeOptions;
import dev.baton.serve.Server;
import dev.baton.serve.SshDoor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 13: `baton serve`'s SSH door with the real OpenSSH client and keys made by ssh-keygen, against the
 * sandbox. One server (one Baton, one engine) for the class, as on a bastion.
 */
class ServeSshTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path home;
    static LoopbackFixture box;
    static Baton baton;
    static Server server;
    static SshDoor door;
    static final ByteArrayOutputStream log = new ByteArrayOutputStream();
    static Path alice, bob, carol, hostKey;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/ssh")) && Files.isExecutable(Path.of("/usr/bin/ssh-keygen")),
                "needs the OpenSSH client (ssh, ssh-keygen)");
        box = new LoopbackFixture(30, home);
        alice = keygen("alice", "ed25519");
        bob = keygen("bob", "ecdsa");
        carol = keygen("carol", "ed25519"); // not in the file
        Path rsa = keygen("dave", "rsa");
        Path keys = home.resolve("authorized_keys");
        Files.writeString(keys, "# operators\n"
                + "environment=\"BATON_ROLE=operator\" " + Files.readString(Path.of(alice + ".pub"))
                + Files.readString(Path.of(bob + ".pub"))
                + "from=\"10.0.0.1\" " + Files.readString(Path.of(rsa + ".pub")));
        hostKey = home.resolve("state/baton/ssh_host_ed25519_key");
        baton = new Baton(box.env, new BatonOptions(null, null, false));
        server = new Server(baton, new ServeOptions("127.0.0.1", 0, keys, hostKey, home.resolve("baton.sock"), 8, false),
                ServeMain::screen, new PrintStream(log, true, StandardCharsets.UTF_8));
        door = server.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
        if (baton != null) baton.close();
        if (box != null) box.close();
    }

    static Path keygen(String name, String type) throws Exception {
        Path key = home.resolve("id_" + name);
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", type, "-N", "", "-C", name, "-f", key.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return key;
    }

    record Ssh(int code, String out, String err) {
    }

    /** ssh as an operator would type it, non-interactive, trusting the host key on first use. */
    static Ssh ssh(Path key, List<String> extra, String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of("ssh", "-F", "/dev/null", "-p", String.valueOf(door.port()),
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
                "-o", "IdentitiesOnly=yes", "-o", "ConnectTimeout=10"));
        if (key != null) args.addAll(List.of("-i", key.toString()));
        args.addAll(extra);
        args.add("ops@127.0.0.1");
        args.addAll(List.of(command));
        Process p = new ProcessBuilder(args).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        var out = p.getInputStream();
        var err = p.getErrorStream();
        var o = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(out));
        var e = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(err));
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("ssh ends").isTrue();
        return new Ssh(p.exitValue(), o.get(), e.get());
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Test
    void theHostKeyIsOwnerOnlyAndItsFingerprintIsTheOneSshSees() throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(hostKey))).isEqualTo("rw-------");
        Process p = new ProcessBuilder("ssh-keygen", "-l", "-f", hostKey.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).contains(door.hostKey().fingerprint()).contains("ED25519");
    }

    @Test
    void anOperatorRunsStatusAsJsonWithTheCliExitCode() throws Exception {
        Ssh r = ssh(alice, List.of(), "status", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode status = JSON.readTree(r.out());
        assertThat(status.get("stages")).extracting(s -> s.get("name").asText()).containsExactly("dev", "preprod", "prod");

        Ssh usage = ssh(alice, List.of(), "baton", "no-such-command");
        assertThat(usage.code()).as("usage error, exit 2 as the CLI").isEqualTo(2);
        assertThat(usage.err()).contains("unknown command 'no-such-command'");
    }

    @Test
    void aViewerIsRefusedUnlockWithExit4NamingTheRoleAndTheRefusalIsAudited() throws Exception {
        Ssh r = ssh(bob, List.of(), "unlock", "prod", "--id", "12345678", "--yes", "--reason", "testing");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(4);
        assertThat(r.err()).contains("refused").contains("bob").contains("viewer");
        // reading is fine for a viewer
        assertThat(ssh(bob, List.of(), "locks").code()).isZero();

        Ssh audit = ssh(alice, List.of(), "audit", "--json");
        assertThat(audit.code()).as(audit.err()).isZero();
        JsonNode records = JSON.readTree(audit.out());
        assertThat(records).anySatisfy(e -> {
            assertThat(e.get("action").asText()).isEqualTo("unlock");
            assertThat(e.get("outcome").asText()).isEqualTo("refused");
            assertThat(e.get("operator").asText()).isEqualTo("bob");
            assertThat(e.get("door").asText()).isEqualTo("ssh");
            assertThat(e.get("credential").asText()).startsWith("SHA256:");
        });
    }

    @Test
    void unknownKeysPasswordsAndKeysWithOptionsBatonDoesNotApplyAreRefused() throws Exception {
        Ssh unknown = ssh(carol, List.of("-o", "BatchMode=yes"), "status");
        assertThat(unknown.code()).isEqualTo(255);
        assertThat(unknown.err()).contains("Permission denied (publickey)");

        // the server offers no other method: a client that only tries passwords gets nowhere
        Ssh password = ssh(null, List.of("-o", "BatchMode=yes", "-o", "PubkeyAuthentication=no",
                "-o", "PreferredAuthentications=password,keyboard-interactive"), "status");
        assertThat(password.code()).isEqualTo(255);
        assertThat(password.err()).contains("Permission denied (publickey)");

        Ssh from = ssh(home.resolve("id_dave"), List.of("-o", "BatchMode=yes"), "status");
        assertThat(from.code()).as("an entry with from= is skipped, not half obeyed").isEqualTo(255);
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("dave").contains("does not apply the option from");
    }

    @Test
    void forwardingIsRefused() throws Exception {
        Ssh r = ssh(alice, List.of("-o", "ExitOnForwardFailure=yes", "-L", "127.0.0.1:0:127.0.0.1:22"), "status");
        assertThat(r.code()).as(r.err()).isEqualTo(255);
        assertThat(r.err()).containsIgnoringCase("forwarding");
    }

    /** The screen over a pty, in tmux as an operator would have it: it appears, follows a resize, q ends it cleanly. */
    @Test
    void aPtySessionGetsTheScreenWhichFollowsResizesAndEndsOnQ() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/tmux")), "needs tmux");
        String tmuxSocket = home.resolve("tmux.sock").toString();
        String sessionName = "serve-screen";
        String sshLine = String.join(" ", "ssh", "-F", "/dev/null", "-p", String.valueOf(door.port()),
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
                "-o", "IdentitiesOnly=yes", "-i", bob.toString(), "-t", "ops@127.0.0.1");
        // the shell prints ssh's exit status after it, so the test sees the session end and the terminal usable
        tmux(tmuxSocket, "new-session", "-d", "-s", sessionName, "-x", "100", "-y", "30",
                "env TERM=xterm-256color sh -c '" + sshLine + "; echo ssh-exit=$?; sleep 30'");
        try {
            String screen = waitFor(tmuxSocket, sessionName, s -> s.contains("Groups") && s.contains("Locks"));
            assertThat(screen).contains(box.engine.state().repo().fullName()).as("bob is a viewer").contains("READ-ONLY");
            assertThat(screen.lines().mapToInt(String::length).max().orElse(0)).isLessThanOrEqualTo(100);

            assertThat(display(tmuxSocket, sessionName, "#{alternate_on}")).as("the screen is on the alternate buffer").isEqualTo("1");
            tmux(tmuxSocket, "resize-window", "-t", sessionName, "-x", "140", "-y", "40");
            waitFor(tmuxSocket, sessionName, s -> s.lines().anyMatch(l -> l.stripTrailing().length() > 100));

            tmux(tmuxSocket, "send-keys", "-t", sessionName, "q");
            String after = waitFor(tmuxSocket, sessionName, s -> s.contains("ssh-exit="));
            assertThat(after).contains("ssh-exit=0");
            // (tmux 3.3 keeps on its main screen what was drawn on the alternate one after a resize, so the check is tmux's own state)
            assertThat(display(tmuxSocket, sessionName, "#{alternate_on} #{cursor_flag}")).as("alternate buffer left, cursor shown")
                    .isEqualTo("0 1");
        } finally {
            new ProcessBuilder("tmux", "-S", tmuxSocket, "kill-server").start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The local door: the real `baton attach` in tmux, identity from the socket peer's Unix user. */
    @Test
    void attachThroughTheSocketIsTheUnixUserAndEndsOnQ() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/tmux")), "needs tmux");
        Path socket = server.socketDoor().path();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-rw----");
        // a client that sends garbage costs the server nothing: the next one is served
        try (var garbage = java.nio.channels.SocketChannel.open(java.net.UnixDomainSocketAddress.of(socket))) {
            garbage.write(java.nio.ByteBuffer.wrap("h\u00ff\u00ff\u00ff\u00ffnonsense".getBytes(StandardCharsets.ISO_8859_1)));
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        String tmuxSocket = home.resolve("tmux-attach.sock").toString();
        String line = java + " -cp " + System.getProperty("java.class.path") + " dev.baton.Main attach --socket " + socket;
        tmux(tmuxSocket, "new-session", "-d", "-s", "attach", "-x", "100", "-y", "30",
                "env TERM=xterm-256color LANG=C.UTF-8 sh -c '" + line + "; echo attach-exit=$?; sleep 30'");
        try {
            String screen = waitFor(tmuxSocket, "attach", s -> s.contains("Groups") && s.contains("Locks"));
            assertThat(screen).as("no serve: operators configured: a viewer").contains("READ-ONLY");
            String user = System.getProperty("user.name");
            assertThat(log.toString(StandardCharsets.UTF_8)).contains(user + " (viewer, socket) connected");
            tmux(tmuxSocket, "send-keys", "-t", "attach", "q");
            assertThat(waitFor(tmuxSocket, "attach", s -> s.contains("attach-exit="))).contains("attach-exit=0");
        } finally {
            new ProcessBuilder("tmux", "-S", tmuxSocket, "kill-server").start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Issue 13's two operators, each with the real ssh: while alice is in the unlock confirmation of preprod's lock on
     * her screen, erin's `ssh ... unlock preprod --yes` is refused with alice's name and exit 4, and bob's screen shows
     * her lease; once alice types the confirmation, the result is an event on bob's screen too.
     */
    @Test
    void whileOneOperatorConfirmsAnUnlockTheOtherIsRefusedAndEveryScreenSeesItThenTheResult() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/tmux")), "needs tmux");
        Path erin = keygen("erin", "ed25519");
        Path keys = home.resolve("authorized_keys"); // read at every login: erin may come in now
        Files.writeString(keys, "environment=\"BATON_ROLE=operator\" " + Files.readString(Path.of(erin + ".pub")),
                java.nio.file.StandardOpenOption.APPEND);
        String bucket = box.engine.stateBuckets().iterator().next();
        String key = "preprod/terraform.tfstate.tflock";
        dev.baton.model.LockInfo info = dev.baton.lock.LockInfoCodec.newLock("OperationTypeApply", "", "runner@gone", "1.11.4",
                bucket + "/preprod/terraform.tfstate", box.engine.now().minus(java.time.Duration.ofHours(5)));
        try (var s3 = box.s3.newClient()) {
            s3.putObject(b -> b.bucket(bucket).key(key), software.amazon.awssdk.core.sync.RequestBody.fromString(
                    dev.baton.lock.LockInfoCodec.encode(info)));
        }
        String tmuxSocket = home.resolve("tmux-team.sock").toString();
        for (String[] who : new String[][]{{"alice", alice.toString()}, {"bob", bob.toString()}}) {
            String sshLine = String.join(" ", "ssh", "-F", "/dev/null", "-p", String.valueOf(door.port()),
                    "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
                    "-o", "IdentitiesOnly=yes", "-i", who[1], "-t", "ops@127.0.0.1");
            if (who[0].equals("alice")) {
                tmux(tmuxSocket, "new-session", "-d", "-s", who[0], "-x", "160", "-y", "40", "env TERM=xterm-256color sh -c '" + sshLine + "; sleep 30'");
            } else {
                tmux(tmuxSocket, "new-window", "-d", "-t", "alice", "-n", "bob", "env TERM=xterm-256color sh -c '" + sshLine + "; sleep 30'");
            }
        }
        String alicePane = "alice:0";
        String bobPane = "alice:bob";
        try {
            waitFor(tmuxSocket, alicePane, s -> s.contains("preprod/terraform.tfstate.tflock") && s.contains("STALE"));
            // the two screens connect in either order
            waitFor(tmuxSocket, bobPane, s -> s.contains("2 operators: ") && s.contains("alice idle") && s.contains("you idle"));
            tmux(tmuxSocket, "send-keys", "-t", alicePane, "2"); // the Locks pane: its only lock is selected
            tmux(tmuxSocket, "send-keys", "-t", alicePane, "u");
            waitFor(tmuxSocket, alicePane, s -> s.contains("unlock s3://" + bucket + "/" + key));
            tmux(tmuxSocket, "send-keys", "-t", alicePane, "Enter"); // no reason: on to the typed confirmation
            String word = info.id().substring(0, 8);
            waitFor(tmuxSocket, alicePane, s -> s.contains("Type " + word + " to confirm"));

            Ssh refused = ssh(erin, List.of(), "unlock", "preprod", "--id", info.id(), "--yes", "--reason", "me-too");
            assertThat(refused.code()).as(refused.out() + refused.err()).isEqualTo(4);
            assertThat(refused.err()).containsPattern("alice is unlocking preprod since \\d\\d:\\d\\d:\\d\\d");
            waitFor(tmuxSocket, bobPane, s -> s.contains("alice is unlocking preprod since") && s.contains("alice confirming unlock preprod")
                    && s.contains("erin unlock refused"));

            tmux(tmuxSocket, "send-keys", "-t", alicePane, word, "Enter");
            String after = waitFor(tmuxSocket, bobPane, s -> s.contains("alice unlock released"));
            // the strip above the panes is gone; the Events pane keeps erin's refusal, which quotes the lease
            assertThat(after.lines().limit(3)).noneMatch(l -> l.contains("alice is unlocking preprod since"));
            try (var s3 = box.s3.newClient()) {
                assertThat(s3.listObjectsV2(b -> b.bucket(bucket).prefix(key)).contents()).as("alice released it").isEmpty();
            }
        } finally {
            new ProcessBuilder("tmux", "-S", tmuxSocket, "kill-server").start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    static void tmux(String socket, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-S", socket));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0).as(String.join(" ", cmd) + ": " + out).isTrue();
    }

    static String display(String socket, String session, String format) throws Exception {
        Process p = new ProcessBuilder("tmux", "-S", socket, "display-message", "-p", "-t", session, format).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }

    static String waitFor(String socket, String session, java.util.function.Predicate<String> shown) throws Exception {
        String last = "";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Process p = new ProcessBuilder("tmux", "-S", socket, "capture-pane", "-p", "-t", session).redirectErrorStream(true).start();
            last = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            if (shown.test(last)) return last;
            Thread.sleep(200);
        }
        throw new AssertionError("not shown within 30 s; the pane shows:\n" + last);
    }
}
