package dev.baton.render;

import dev.baton.model.Lease;
import dev.baton.model.Presence;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The coordination's words: one wording of a lease for the refusal and the screen, the strip only when there is a team. */
class TeamRenderTest {
    static final Instant T = Instant.parse("2026-03-10T12:03:04Z");
    final Lease aliceOnProd = new Lease("lock s3://b/prod.tflock", "prod", "unlock", "alice", "ssh", 1, T);

    @Test
    void aLeaseSaysWhoDoesWhatToWhichTargetSinceWhen() {
        assertThat(TeamRender.lease(aliceOnProd)).isEqualTo("alice is unlocking prod since 12:03:04");
        assertThat(TeamRender.lease(aliceOnProd, ZoneId.of("Europe/Berlin"))).isEqualTo("alice is unlocking prod since 13:03:04");
        assertThat(TeamRender.verb("rapid-fire")).isEqualTo("rapid-firing");
        assertThat(TeamRender.verb("cancel")).isEqualTo("cancelling");
    }

    @Test
    void theStripIsShownOnlyWhenSomeoneElseIsThere() {
        Presence me = new Presence(2, "bob", "ssh", Presence.Activity.IDLE, null, T);
        Presence alice = new Presence(1, "alice", "ssh", Presence.Activity.DIALOG, "unlock prod", T);
        assertThat(TeamRender.shown(List.of(me), List.of(), 2)).as("alone").isFalse();
        Lease mine = new Lease("run 5", "#5", "cancel", "bob", "ssh", 2, T);
        assertThat(TeamRender.shown(List.of(me), List.of(mine), 2)).as("alone with my own lease").isFalse();
        assertThat(TeamRender.shown(List.of(me), List.of(aliceOnProd), 2)).as("a script's lease of someone else").isTrue();
        assertThat(TeamRender.shown(List.of(alice, me), List.of(), 2)).isTrue();

        Cell strip = TeamRender.strip(List.of(alice, me), List.of(aliceOnProd, mine), 2, ZoneId.of("UTC"));
        assertThat(strip.text()).isEqualTo(" alice is unlocking prod since 12:03:04 | 2 operators: alice confirming unlock prod, you idle");
        assertThat(strip.spans().get(0).role()).isEqualTo("warn");
    }

    @Test
    void aResultIsOneLineWithItsOperator() {
        assertThat(TeamRender.result("alice", "unlock", "released", "released s3://b/k\n  evidence")).isEqualTo("alice unlock released: released s3://b/k");
        assertThat(TeamRender.result("bob", "cancel", "refused", null)).isEqualTo("bob cancel refused");
        assertThat(TeamRender.note("  rolling\n back  ")).isEqualTo("rolling back");
    }

    @Test
    void aPopUpOrARunningCommandIsNamedByItsWordsAndALockByItsKey() {
        Presence reading = new Presence(1, "alice", "ssh", Presence.Activity.POPUP,
                ":unlock s3://sentiment-analyzer-terraform-state-sandbox/preprod/terraform.tfstate.tflock --id 5b00f24c-9829-4f16-a768-17edf5b743b7", T);
        assertThat(TeamRender.presence(reading)).isEqualTo("alice reading :unlock preprod/terraform.tfstate.tflock");
        Presence running = new Presence(2, "bob", "ssh", Presence.Activity.RUNNING, "watch deploy-production --until idle", T);
        assertThat(TeamRender.presence(running)).isEqualTo("bob running watch deploy-production");
    }
}
