package dev.baton;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import dev.baton.command.Baton;
import dev.baton.command.BatonOptions;
import dev.baton.command.Commands;
import dev.baton.command.FleetSession;
import dev.baton.command.FrontendIo;
import dev.baton.command.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.baton.TeamLoopbackTest.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13 in fleet mode: a fleet screen takes a team seat like a one-repository screen, and a lease taken in a
 * repository opened from the fleet is the fleet root's, so every screen shows it and every other operator - from
 * their own fleet session, or a script on that repository - is refused.
 */
class TeamFleetLoopbackTest {
    @TempDir
    Path home;

    @Test
    void aFleetScreenIsPresentAndSeesALeaseTakenInARepositoryOpenedFromTheFleet() throws Exception {
        try (LoopbackFixture box = new LoopbackFixture(30, home)) {
            String repo = box.engine.state().repo().fullName();
            Files.writeString(home.resolve("config/baton/config.yaml"), "refresh: 300ms\nrepositories:\n"
                    + "  - repo: " + repo + "\n  - repo: acme/missing\n");
            try (Baton root = new Baton(box.env, new BatonOptions(List.of(), null, false, List.of(), true))) {
                FrontendIo aliceIo = TeamLoopbackTest.operator(root, "alice");
                FrontendIo bobIo = TeamLoopbackTest.operator(root, "bob");
                Commands alice = new Commands(root, aliceIo);
                Commands bob = new Commands(root, bobIo);

                // bob's fleet screen, as a serve session's screen runs
                DefaultVirtualTerminal vt = new DefaultVirtualTerminal(new TerminalSize(200, 40));
                CompletableFuture<Integer> bobScreen = TeamLoopbackTest.screen(vt, bob, box.env);
                FleetSession aliceFleet = new FleetSession(alice);
                FleetSession bobFleet = new FleetSession(bob);
                try {
                    waitFor(vt, s -> s.contains("baton fleet") && s.contains("2 operators: alice idle, you idle"));

                    CountDownLatch inDialog = new CountDownLatch(1);
                    CountDownLatch answer = new CountDownLatch(1);
                    TeamLoopbackTest.confirmOn(aliceIo, inDialog, answer);
                    aliceFleet.start();
                    bobFleet.start();
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (aliceFleet.repos().stream().noneMatch(r -> r.snapshot() != null && r.snapshot().takenAt() != null)
                            && System.nanoTime() < deadline) Thread.sleep(50); // the repository's first poll
                    assertThat(aliceFleet.show(repo)).isNull(); // alice opens the repository from the fleet
                    CompletableFuture<Result> aliceUnlock = CompletableFuture.supplyAsync(() -> aliceFleet.run("dispatch deploy-dev.yml --reason incident"));
                    assertThat(inDialog.await(60, TimeUnit.SECONDS)).as(() -> "alice reaches the typed confirmation: "
                            + (aliceUnlock.isDone() ? aliceUnlock.join().text() + aliceUnlock.join().error() : "still running")).isTrue();

                    // her lease and her presence: two changes, each redrawn on its own (a screen between them shows one)
                    waitFor(vt, s -> s.contains("alice is dispatching " + repo + " deploy-dev.yml since")
                            && s.contains("alice confirming dispatch " + repo + " deploy-dev.yml"));

                    assertThat(bobFleet.show(repo)).isNull();
                    Result refused = bobFleet.run("dispatch deploy-dev.yml --yes --reason 'me too'");
                    assertThat(refused.exitCode()).as(refused.text()).isEqualTo(4);
                    assertThat(refused.text()).matches("dispatch: alice is dispatching " + repo + " deploy-dev.yml since \\d\\d:\\d\\d:\\d\\d");
                    assertThat(root.team().leases()).singleElement().satisfies(l -> assertThat(l.operator()).isEqualTo("alice"));
                    // a script on that repository (no seat: it visits the team of the Baton it acts on, the member's: the root's)
                    FleetSession script = new FleetSession(new Commands(root, FrontendIo.script()));
                    try {
                        script.start();
                        assertThat(script.show(repo)).isNull();
                        Result r = script.run("dispatch deploy-dev.yml --yes");
                        assertThat(r.exitCode()).as(r.text()).isEqualTo(4);
                        assertThat(r.text()).contains("alice is dispatching " + repo + " deploy-dev.yml since");
                    } finally {
                        script.close();
                    }

                    answer.countDown();
                    Result done = aliceUnlock.get(60, TimeUnit.SECONDS);
                    assertThat(done.exitCode()).as(done.text()).isZero();
                    // the team line, not the whole screen: the refusals above stay in the event log below it
                    String after = waitFor(vt, s -> s.lines().anyMatch(l -> l.contains("2 operators") && !l.contains("is dispatching")));
                    assertThat(after).contains("alice idle");
                } finally {
                    aliceFleet.close();
                    bobFleet.close();
                    vt.addInput(new KeyStroke('q', false, false));
                    assertThat(bobScreen.get(30, TimeUnit.SECONDS)).isZero();
                }
                assertThat(root.team().presence()).as("bob's screen took no seat of its own: it had the session's")
                        .extracting(p -> p.operator()).containsExactly("alice", "bob");
            }
        }
    }
}
