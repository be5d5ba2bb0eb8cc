package dev.baton;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import dev.baton.command.Baton;
import dev.baton.command.BatonOptions;
import dev.baton.command.Commands;
import dev.baton.command.Confirmer;
import dev.baton.command.FrontendIo;
import dev.baton.command.Operator;
import dev.baton.command.Result;
import dev.baton.lock.LockInfoCodec;
import dev.baton.model.LockInfo;
import dev.baton.testkit.VirtualScreen;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13 point 4 with real parts: two operators' frontends on one Baton against the sandbox. While alice is in
 * the unlock confirmation of preprod's lock, bob's unlock of it - by name, by URI, by key prefix - is refused with
 * her name (exit 4, audited), and bob's screen shows her lease and her presence; once she confirms, the result is an
 * event on both (bob's screen, alice's `events`), and a `note` joins the same timeline.
 */
class TeamLoopbackTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    @Test
    void aLeaseRefusesTheOtherOperatorEverywhereAndTheResultReachesEveryScreen() throws Exception {
        try (LoopbackFixture box = new LoopbackFixture(30, home);
             S3Client s3 = box.s3.newClient();
             Baton baton = new Baton(box.env, new BatonOptions(null, null, false))) {
            // a stale lock nobody's run holds: unlock would release it at once
            StaleLock lock = staleLock(box, s3);

            FrontendIo aliceIo = operator(baton, "alice");
            FrontendIo bobIo = operator(baton, "bob");
            Commands alice = new Commands(baton, aliceIo);
            Commands bob = new Commands(baton, bobIo);

            // bob's screen, on a virtual terminal, as a serve session's screen runs
            DefaultVirtualTerminal vt = new DefaultVirtualTerminal(new TerminalSize(200, 40));
            CompletableFuture<Integer> bobScreen = screen(vt, bob, box.env);
            try {
                waitFor(vt, s -> s.contains("Locks") && s.contains("preprod"));
                assertThat(text(vt)).as("two operators: the strip names them").contains("2 operators: alice idle, you idle");

                CountDownLatch inDialog = new CountDownLatch(1);
                CountDownLatch answer = new CountDownLatch(1);
                confirmOn(aliceIo, inDialog, answer);
                CompletableFuture<Result> aliceUnlock = CompletableFuture.supplyAsync(() -> alice.run("unlock preprod --id " + lock.id()));
                assertThat(inDialog.await(60, TimeUnit.SECONDS)).as("alice reaches the typed confirmation").isTrue();

                for (String target : List.of("preprod", lock.uri(), "preprod/")) {
                    Result r = bob.run("unlock " + target + " --id " + lock.id() + " --yes --reason 'me too'");
                    assertThat(r.exitCode()).as(target + ": " + r.text()).isEqualTo(4);
                    assertThat(r.text()).as(target).matches("unlock: alice is unlocking preprod since \\d\\d:\\d\\d:\\d\\d");
                }
                assertThat(lock.stored(s3)).as("bob released nothing").contains(lock.id());

                String during = waitFor(vt, s -> s.contains("alice is unlocking preprod since"));
                assertThat(during).contains("alice confirming unlock preprod");

                answer.countDown();
                Result done = aliceUnlock.get(60, TimeUnit.SECONDS);
                assertThat(done.exitCode()).as(done.text()).isZero();
                String after = waitFor(vt, s -> s.contains("alice unlock released"));
                assertThat(after.lines().filter(l -> l.contains("operators:"))).as("the lease ended with her action")
                        .singleElement().satisfies(strip -> assertThat(strip).doesNotContain("is unlocking"));

                Result note = bob.run("note 'preprod lock was runner@gone, released by alice'");
                assertThat(note.exitCode()).as(note.text()).isZero();
                waitFor(vt, s -> s.contains("preprod lock was runner@gone, released by alice"));

                JsonNode events = JSON.readTree(alice.run("events --json").text());
                assertThat(events).anySatisfy(e -> {
                    assertThat(e.get("kind").asText()).isEqualTo("ACTION");
                    assertThat(e.get("subject").asText()).isEqualTo(lock.uri());
                    assertThat(e.get("detail").asText()).startsWith("alice unlock released");
                });
                assertThat(events).filteredOn(e -> e.get("kind").asText().equals("ACTION") && e.get("detail").asText().startsWith("bob unlock refused"))
                        .as("bob's three refusals are on the timeline").hasSize(3);
                assertThat(events).anySatisfy(e -> {
                    assertThat(e.get("kind").asText()).isEqualTo("NOTE");
                    assertThat(e.get("subject").asText()).isEqualTo("bob");
                });

                JsonNode audit = JSON.readTree(alice.run("audit --json").text());
                assertThat(audit).filteredOn(a -> "bob".equals(a.path("operator").asText()) && "refused".equals(a.path("outcome").asText()))
                        .hasSize(3).allSatisfy(a -> assertThat(a.path("detail").asText()).startsWith("alice is unlocking preprod"));
            } finally {
                vt.addInput(new KeyStroke('q', false, false));
                assertThat(bobScreen.get(30, TimeUnit.SECONDS)).isZero();
            }
            assertThat(baton.team().presence()).extracting(p -> p.operator()).containsExactly("alice", "bob");
        }
    }

    /**
     * Issue 13 point 4's presence line, through two screens on one Baton: what alice's screen shows - the command bar,
     * a command's pop-up, a filter, the help, the quit question - is what bob's strip says she is doing, and back to idle.
     */
    @Test
    void eachScreensModalIsItsOperatorsPresenceOnTheOthers() throws Exception {
        try (LoopbackFixture box = new LoopbackFixture(30, home);
             Baton baton = new Baton(box.env, new BatonOptions(null, null, false))) {
            DefaultVirtualTerminal aliceVt = new DefaultVirtualTerminal(new TerminalSize(120, 40));
            DefaultVirtualTerminal bobVt = new DefaultVirtualTerminal(new TerminalSize(120, 40));
            Commands alice = new Commands(baton, operator(baton, "alice"));
            Commands bob = new Commands(baton, operator(baton, "bob"));
            CompletableFuture<Integer> aliceScreen = screen(aliceVt, alice, box.env);
            CompletableFuture<Integer> bobScreen = screen(bobVt, bob, box.env);
            try {
                waitFor(bobVt, s -> s.contains("2 operators: alice idle, you idle"));
                waitFor(aliceVt, s -> s.contains("2 operators: you idle, bob idle"));

                type(aliceVt, ":");
                waitFor(bobVt, s -> s.contains("alice typing a command"));
                type(aliceVt, "status");
                aliceVt.addInput(new KeyStroke(com.googlecode.lanterna.input.KeyType.Enter));
                waitFor(bobVt, s -> s.contains("alice reading :status")); // its result's pop-up (after "running status")
                aliceVt.addInput(new KeyStroke(com.googlecode.lanterna.input.KeyType.Escape));
                waitFor(bobVt, s -> s.contains("alice idle"));

                type(aliceVt, "/");
                waitFor(bobVt, s -> s.contains("alice filtering groups"));
                aliceVt.addInput(new KeyStroke(com.googlecode.lanterna.input.KeyType.Escape));
                type(aliceVt, "?");
                waitFor(bobVt, s -> s.contains("alice reading Keys and commands"));
                aliceVt.addInput(new KeyStroke(com.googlecode.lanterna.input.KeyType.Escape));
                aliceVt.addInput(new KeyStroke('c', true, false));
                waitFor(bobVt, s -> s.contains("alice leaving?"));
                type(aliceVt, "n");
                String back = waitFor(bobVt, s -> s.contains("alice idle"));
                assertThat(back).as("bob's own screen did nothing").contains("you idle");
                waitFor(aliceVt, s -> s.contains("you idle, bob idle")); // her own strip says "you"
            } finally {
                aliceVt.addInput(new KeyStroke('q', false, false));
                assertThat(aliceScreen.get(30, TimeUnit.SECONDS)).isZero();
                baton.team().presence().forEach(p -> assertThat(p.activity()).as(p.operator()).isEqualTo(dev.baton.model.Presence.Activity.IDLE));
                bobVt.addInput(new KeyStroke('q', false, false));
                assertThat(bobScreen.get(30, TimeUnit.SECONDS)).isZero();
            }
        }
    }

    /**
     * Leases across processes (two `baton serve`, or a server and a local baton, of one state folder): a real second
     * JVM holds alice's lease on preprod's lock; this process's screen shows it, its guarded unlock - a screen
     * session's or a script's - is refused with her words (exit 4); once that process dies (SIGKILL, no clean-up),
     * the strip clears and the unlock goes through.
     */
    @Test
    void anotherProcesssLeaseRefusesTheGuardedPathHereAndShowsOnTheScreen() throws Exception {
        try (LoopbackFixture box = new LoopbackFixture(30, home);
             S3Client s3 = box.s3.newClient();
             Baton baton = new Baton(box.env, new BatonOptions(null, null, false))) {
            StaleLock lock = staleLock(box, s3);

            Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), dev.baton.command.LeaseHolder.class.getName(),
                    baton.stateDir().resolve("leases").toString(), "alice", "unlock", "lock " + lock.uri(), "preprod")
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            Commands bob = new Commands(baton, operator(baton, "bob"));
            DefaultVirtualTerminal vt = new DefaultVirtualTerminal(new TerminalSize(120, 40));
            CompletableFuture<Integer> bobScreen = null;
            try {
                assertThat(new java.io.BufferedReader(new java.io.InputStreamReader(other.getInputStream())).readLine()).isEqualTo("held");
                bobScreen = screen(vt, bob, box.env);
                String shown = waitFor(vt, s -> s.contains("alice is unlocking preprod since") && s.contains("runner@gone")); // and polled
                assertThat(shown).as("bob is alone in this process").contains("1 operator: you idle");

                Result r = bob.run("unlock preprod --id " + lock.id() + " --yes --reason 'me too'");
                assertThat(r.exitCode()).as(r.text()).isEqualTo(4);
                assertThat(r.text()).matches("unlock: alice is unlocking preprod since \\d\\d:\\d\\d:\\d\\d");
                Result script = new Commands(baton, FrontendIo.script()).run("unlock " + lock.uri() + " --id " + lock.id() + " --yes");
                assertThat(script.exitCode()).as(script.text()).isEqualTo(4);
                assertThat(lock.stored(s3)).contains(lock.id());

                other.destroyForcibly(); // the other baton crashes mid-lease
                assertThat(other.waitFor(30, TimeUnit.SECONDS)).isTrue();
                // the strip above the panes; the Events pane keeps the refusals' words ("... alice is unlocking ...")
                waitFor(vt, s -> s.lines().limit(3).noneMatch(l -> l.contains("is unlocking")));
                Result done = bob.run("unlock preprod --id " + lock.id() + " --yes --reason 'the other baton died'");
                assertThat(done.exitCode()).as(done.text()).isZero();
            } finally {
                other.destroyForcibly();
                if (bobScreen != null) {
                    vt.addInput(new KeyStroke('q', false, false));
                    assertThat(bobScreen.get(30, TimeUnit.SECONDS)).isZero();
                }
            }
        }
    }

    static void type(DefaultVirtualTerminal vt, String keys) {
        for (char c : keys.toCharArray()) vt.addInput(new KeyStroke(c, false, false));
    }

    static String text(DefaultVirtualTerminal vt) {
        return VirtualScreen.text(vt);
    }

    /** An SSH operator's frontend on this baton, seated in its team. */
    static FrontendIo operator(Baton baton, String name) {
        return new FrontendIo(false, true).operator(new Operator(name, Operator.Role.OPERATOR, "ssh", "SHA256:" + name.charAt(0)))
                .seat(baton.team().join(name, "ssh"));
    }

    /** A screen on a virtual terminal, as a serve session's screen runs; ends with its exit code. */
    static CompletableFuture<Integer> screen(DefaultVirtualTerminal vt, Commands commands, Map<String, String> env) {
        Map<String, String> screenEnv = new HashMap<>(env);
        screenEnv.put("TERM", "xterm-256color");
        screenEnv.put("LANG", "C.UTF-8");
        return CompletableFuture.supplyAsync(() -> Frontends.run(vt, commands, screenEnv, null, false, 30, null));
    }

    /** preprod's lock, taken five hours ago by a runner long gone, in the sandbox's state bucket: unlock releases it at once. */
    static StaleLock staleLock(LoopbackFixture box, S3Client s3) {
        String bucket = box.engine.stateBuckets().iterator().next();
        String key = "preprod/terraform.tfstate.tflock";
        LockInfo info = LockInfoCodec.newLock("OperationTypeApply", "", "runner@gone", "1.11.4", bucket + "/" + key.replace(".tflock", ""),
                box.engine.now().minus(Duration.ofHours(5)));
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(LockInfoCodec.encode(info)));
        return new StaleLock(bucket, key, info);
    }

    record StaleLock(String bucket, String key, LockInfo info) {
        String id() {
            return info.id();
        }

        String uri() {
            return "s3://" + bucket + "/" + key;
        }

        /** The lock object as it stands in S3 now. */
        String stored(S3Client s3) {
            return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String();
        }
    }

    /** Holds this operator in the typed confirmation: inDialog counts down as it opens; confirms once answer does (60 s). */
    static void confirmOn(FrontendIo io, CountDownLatch inDialog, CountDownLatch answer) {
        io.confirmer((question, detail, expected) -> {
            inDialog.countDown();
            try {
                return answer.await(60, TimeUnit.SECONDS) ? Confirmer.Answer.CONFIRMED : Confirmer.Answer.DECLINED;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Confirmer.Answer.DECLINED;
            }
        });
    }

    /** The screen as soon as it shows what is asked (it redraws on its own thread), else a failure with what it shows. */
    static String waitFor(DefaultVirtualTerminal vt, Predicate<String> shown) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String last = "";
        while (System.nanoTime() < deadline) {
            last = text(vt);
            if (shown.test(last)) return last;
            Thread.sleep(50);
        }
        throw new AssertionError("not shown within 60 s; the screen shows:\n" + last);
    }
}
