package dev.baton.command;

import dev.baton.model.Lease;
import dev.baton.model.LockLocation;
import dev.baton.model.Presence;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The lease registry alone: who holds what, re-entry by the same operator, and leases ending with their session. */
class TeamTest {
    static final Instant T = Instant.parse("2026-03-10T12:03:04Z");
    final Team team = new Team(Clock.fixed(T, ZoneOffset.UTC));
    final Team.Target prod = Team.Target.lock(new LockLocation(LockLocation.Kind.S3, "b", "prod/terraform.tfstate.tflock", "prod", null));

    @Test
    void aRunOrAWorkflowIsTheSameTargetOnlyInTheSameRepositoryALockEverywhere() {
        Team.Seat alice = team.join("alice", "ssh");
        Team.Seat bob = team.join("bob", "ssh");
        Team.Target deploy = Team.Target.workflow("deploy.yml");
        assertThat(alice.acquire("dispatch", List.of(deploy.in("acme/api", true), prod.in("acme/api", true)))).isNull();
        assertThat(bob.acquire("dispatch", List.of(deploy.in("acme/web", true)))).as("another repository's deploy.yml").isNull();
        assertThat(bob.acquire("dispatch", List.of(deploy.in("ACME/Api", false)))).as("GitHub ignores the case").isNotNull();
        Lease lock = bob.acquire("unlock", List.of(prod.in("acme/web", true)));
        assertThat(lock).as("a lock's URI is the same lock from any repository").isNotNull();
        assertThat(lock.label()).isEqualTo("acme/api prod"); // several repositories: the label says whose
    }

    @Test
    void aConfirmationOutranksTheScreensModalWhichOutranksACommandRunning() {
        Team.Seat bob = team.join("bob", "ssh");
        bob.activity(Presence.Activity.RUNNING, "status");
        bob.screen(Presence.Activity.COMMAND, null);
        assertThat(team.presence()).extracting(Presence::activity).containsExactly(Presence.Activity.COMMAND);
        bob.activity(Presence.Activity.DIALOG, "unlock prod");
        assertThat(team.presence()).extracting(Presence::what).containsExactly("unlock prod");
        bob.activity(Presence.Activity.IDLE, null);
        bob.screen(Presence.Activity.POPUP, "help");
        assertThat(team.presence()).extracting(Presence::activity, Presence::what)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Presence.Activity.POPUP, "help"));
        AtomicInteger told = new AtomicInteger();
        team.subscribe(told::incrementAndGet);
        bob.screen(Presence.Activity.POPUP, "help");
        assertThat(told).as("the same modal again tells nobody (an idle screen gets no frame)").hasValue(0);
        bob.screen(Presence.Activity.IDLE, "ignored");
        assertThat(team.presence()).extracting(Presence::activity, Presence::what)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Presence.Activity.IDLE, null));
        assertThat(told).hasValue(1);
    }

    @Test
    void anotherOperatorIsRefusedWithTheHoldersLease() {
        Team.Seat alice = team.join("alice", "ssh");
        Team.Seat bob = team.join("bob", "ssh");
        assertThat(alice.acquire("unlock", List.of(prod))).isNull();
        Lease held = bob.acquire("unlock", List.of(prod));
        assertThat(held).isNotNull();
        assertThat(held.operator()).isEqualTo("alice");
        assertThat(held.label()).isEqualTo("prod");
        assertThat(held.action()).isEqualTo("unlock");
        assertThat(held.since()).isEqualTo(T);
        assertThat(team.leases()).extracting(Lease::operator).containsExactly("alice");
        alice.release(List.of(prod));
        assertThat(team.leases()).isEmpty();
        assertThat(bob.acquire("cancel", List.of(prod))).as("free again once alice is done").isNull();
    }

    @Test
    void theSameOperatorIsNotBlockedByTheirOwnLease() {
        Team.Seat aliceScreen = team.join("alice", "ssh");
        Team.Seat aliceScript = team.visit("alice", "ssh");
        assertThat(aliceScreen.acquire("unlock", List.of(prod))).isNull();
        assertThat(aliceScreen.acquire("unlock", List.of(prod))).as("the same session again").isNull();
        assertThat(aliceScript.acquire("unlock", List.of(prod))).as("another session of the same operator").isNull();
        aliceScreen.release(List.of(prod));
        aliceScreen.release(List.of(prod));
        assertThat(team.leases()).as("the script's hold stays").extracting(Lease::session).containsExactly(aliceScript.id());
        Team.Seat bob = team.join("bob", "socket");
        assertThat(bob.acquire("unlock", List.of(prod))).isNotNull();
    }

    @Test
    void aClosedSessionReleasesItsLeasesAndLeavesThePresenceLine() {
        AtomicInteger changes = new AtomicInteger();
        team.subscribe(changes::incrementAndGet);
        Team.Seat alice = team.join("alice", "ssh");
        Team.Seat bob = team.join("bob", "ssh");
        Team.Target run = Team.Target.run(1057, "#57");
        assertThat(alice.acquire("cancel", List.of(prod, run))).isNull();
        alice.activity(Presence.Activity.DIALOG, "cancel #57");
        assertThat(team.presence()).extracting(Presence::operator, Presence::activity)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("alice", Presence.Activity.DIALOG),
                        org.assertj.core.groups.Tuple.tuple("bob", Presence.Activity.IDLE));
        int before = changes.get();
        alice.close(); // the session disconnected mid-dialog
        assertThat(changes.get()).as("every screen is told").isGreaterThan(before);
        assertThat(team.leases()).isEmpty();
        assertThat(team.presence()).extracting(Presence::operator).containsExactly("bob");
        assertThat(bob.acquire("approve", List.of(run))).isNull();
        assertThatThrownBy(() -> alice.acquire("unlock", List.of(prod))).hasMessageContaining("ended");
        alice.close(); // twice is harmless
    }

    @Test
    void aRefusalTakesNothing() {
        Team.Seat alice = team.join("alice", "ssh");
        Team.Seat bob = team.join("bob", "ssh");
        Team.Target deploy = Team.Target.workflow(".github/workflows/deploy.yml");
        Team.Target other = Team.Target.workflow("smoke.yml");
        assertThat(deploy.key()).isEqualTo("workflow deploy.yml");
        assertThat(alice.acquire("dispatch", List.of(deploy))).isNull();
        assertThat(bob.acquire("rapid-fire", List.of(other, deploy))).isNotNull();
        assertThat(team.leases()).extracting(Lease::target).containsExactly("workflow deploy.yml");
    }

    @Test
    void visitorsHoldLeasesButAreNotListed() {
        Team.Seat script = team.visit("carol", "ssh");
        script.activity(Presence.Activity.RUNNING, "status");
        assertThat(team.presence()).isEmpty();
        assertThat(script.acquire("unlock", List.of(prod))).isNull();
        assertThat(team.leases()).extracting(Lease::operator).containsExactly("carol");
        script.close();
        assertThat(team.leases()).isEmpty();
    }
}
