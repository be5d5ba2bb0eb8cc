package dev.baton.command;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class GuardTest {
    @TempDir
    Path tmp;

    Baton session() {
        return new Baton(Map.of("XDG_STATE_HOME", tmp.toString(), "XDG_CONFIG_HOME", tmp.toString()),
                new BatonOptions("acme/deploy", null, false));
    }

    @Test
    void withoutATerminalTheActionNeedsYesAndTheRefusalIsAudited() throws Exception {
        Guard g = new Guard(session(), FrontendIo.script());
        AtomicInteger acted = new AtomicInteger();
        Guard.Outcome o = g.run("unlock", "s3://b/k", null, "crash", "prompt", "abcd1234", false, null,
                () -> { acted.incrementAndGet(); return Guard.Outcome.done("released", "ok"); });
        assertThat(o.exitCode()).isEqualTo(Exit.REFUSED);
        assertThat(o.message()).contains("--yes");
        assertThat(acted).hasValue(0);
        List<Map<String, Object>> audit = g.journal().read(10);
        assertThat(audit).singleElement().satisfies(e -> {
            assertThat(e).containsEntry("outcome", "refused").containsEntry("action", "unlock").containsEntry("reason", "crash");
            assertThat(e.get("user")).isNotNull();
        });
    }

    @Test
    void aWrongTypedConfirmationDoesNothingAndTheRightOneActsOnce() throws Exception {
        FrontendIo s = FrontendIo.script();
        Guard g = new Guard(session(), s);
        AtomicInteger acted = new AtomicInteger();
        s.confirmer(Confirmer.typed((q, d, expected) -> "abcd123".equals(expected)));
        assertThat(g.run("unlock", "t", null, null, "p", "abcd1234", false, null,
                () -> { acted.incrementAndGet(); return Guard.Outcome.done("released", "ok"); }).exitCode()).isEqualTo(Exit.REFUSED);
        s.confirmer(Confirmer.typed((q, d, expected) -> "abcd1234".equals(expected)));
        assertThat(g.run("unlock", "t", null, null, "p", "abcd1234", false, null,
                () -> { acted.incrementAndGet(); return Guard.Outcome.done("released", "ok"); }).exitCode()).isEqualTo(Exit.OK);
        assertThat(acted).hasValue(1);
        assertThat(g.journal().read(10)).extracting(e -> e.get("outcome")).containsExactly("refused", "released");
    }

    @Test
    void theRecheckStopsAnActionWhoseWorldChanged() throws Exception {
        Guard g = new Guard(session(), FrontendIo.script());
        AtomicInteger acted = new AtomicInteger();
        Guard.Outcome o = g.run("cancel", "run 5", null, null, "p", null, true, () -> "it completed meanwhile",
                () -> { acted.incrementAndGet(); return Guard.Outcome.done("cancelled", "ok"); });
        assertThat(o.message()).isEqualTo("it completed meanwhile");
        assertThat(acted).hasValue(0);
    }

    @Test
    void anActionThatThrowsIsStillAudited() throws Exception {
        Guard g = new Guard(session(), FrontendIo.script());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> g.run("dispatch", "deploy-prod.yml@main", null, "hotfix", "p", null, true, null,
                () -> { throw new IllegalStateException("dispatch deploy-prod.yml: timed out"); }))
                .hasMessageContaining("timed out");
        assertThat(g.journal().read(10)).singleElement().satisfies(e -> {
            assertThat(e).containsEntry("outcome", "failed").containsEntry("reason", "hotfix");
            assertThat(String.valueOf(e.get("detail"))).contains("timed out");
        });
    }

    /**
     * Issue 13: while alice confirms, the target is hers; bob's guarded action on it is refused with her name (exit 4,
     * audited, on the timeline) and goes through once she is done. Alice again, from a script of hers, is not blocked.
     */
    @Test
    void aSecondOperatorIsRefusedWhileTheFirstConfirms() throws Exception {
        Baton baton = session();
        Operator alice = new Operator("alice", Operator.Role.OPERATOR, "ssh", "SHA256:a");
        FrontendIo aliceIo = new FrontendIo(false, true).operator(alice).seat(baton.team().join("alice", "ssh"));
        FrontendIo bobIo = new FrontendIo(false, false).operator(new Operator("bob", Operator.Role.OPERATOR, "ssh", "SHA256:b"))
                .seat(baton.team().join("bob", "ssh"));
        FrontendIo aliceScript = FrontendIo.script().operator(alice);
        Team.Target prod = Team.Target.lock(new dev.baton.model.LockLocation(dev.baton.model.LockLocation.Kind.S3, "b",
                "prod/terraform.tfstate.tflock", "prod", null));
        AtomicInteger acted = new AtomicInteger();
        java.util.List<Guard.Outcome> duringDialog = new java.util.ArrayList<>();
        aliceIo.confirmer((q, d, expected) -> {
            // alice is in her dialog: bob tries the same lock, alice's own script too
            duringDialog.add(new Guard(baton, bobIo).leasing(prod).run("unlock", "s3://b/prod/terraform.tfstate.tflock", null, "bob's",
                    "p", "abcd1234", true, null, () -> { acted.incrementAndGet(); return Guard.Outcome.done("released", "bob"); }));
            duringDialog.add(new Guard(baton, aliceScript).leasing(prod).run("unlock", "s3://b/prod/terraform.tfstate.tflock", null, null,
                    "p", "abcd1234", true, null, () -> Guard.Outcome.done("released", "alice's script")));
            assertThat(baton.team().presence()).filteredOn(p -> p.operator().equals("alice")).singleElement()
                    .satisfies(p -> assertThat(p.activity()).isEqualTo(dev.baton.model.Presence.Activity.DIALOG));
            return Confirmer.Answer.DECLINED;
        });
        Guard.Outcome a = new Guard(baton, aliceIo).leasing(prod).run("unlock", "s3://b/prod/terraform.tfstate.tflock", null, null,
                "Release prod", "abcd1234", false, null, () -> Guard.Outcome.done("released", "alice"));
        assertThat(a.message()).contains("not confirmed");
        assertThat(duringDialog.get(0).exitCode()).isEqualTo(Exit.REFUSED);
        assertThat(duringDialog.get(0).message()).matches("alice is unlocking prod since \\d\\d:\\d\\d:\\d\\d");
        assertThat(acted).as("bob's action never ran").hasValue(0);
        assertThat(duringDialog.get(1).exitCode()).as("alice is not blocked by her own lease").isZero();
        assertThat(baton.team().leases()).as("declined: the lease ended").isEmpty();

        Guard.Outcome b = new Guard(baton, bobIo).leasing(prod).run("unlock", "s3://b/prod/terraform.tfstate.tflock", null, null,
                "p", "abcd1234", true, null, () -> { acted.incrementAndGet(); return Guard.Outcome.done("released", "bob"); });
        assertThat(b.exitCode()).isZero();
        assertThat(acted).hasValue(1);
        List<Map<String, Object>> audit = new Guard(baton, bobIo).journal().read(10);
        assertThat(audit).extracting(e -> e.get("operator") + " " + e.get("outcome"))
                .containsExactly("bob refused", "alice released", "alice refused", "bob released");
        String events = java.nio.file.Files.readString(baton.eventsFile());
        assertThat(events).contains("\"kind\":\"ACTION\"").contains("bob unlock refused: alice is unlocking prod since ")
                .contains("bob unlock released: bob");
    }

    /** A session gone mid-dialog: its lease ends at once, and a confirmation that still arrives does nothing. */
    @Test
    void aSessionClosedDuringTheDialogReleasesTheLeaseAndActsOnNothing() throws Exception {
        Baton baton = session();
        Team.Seat aliceSeat = baton.team().join("alice", "ssh");
        FrontendIo aliceIo = new FrontendIo(false, true).operator(new Operator("alice", Operator.Role.OPERATOR, "ssh", "SHA256:a")).seat(aliceSeat);
        Team.Seat bob = baton.team().join("bob", "ssh");
        Team.Target raw = Team.Target.run(1057, "#57");
        Team.Target run = raw.in(baton.repoConfig().repo(), false); // a run's id names it in its repository
        AtomicInteger acted = new AtomicInteger();
        aliceIo.confirmer((q, d, expected) -> {
            assertThat(bob.acquire("cancel", List.of(run))).as("alice holds it while she confirms").isNotNull();
            aliceSeat.close(); // the client disconnected
            assertThat(bob.acquire("cancel", List.of(run))).as("released with the session").isNull();
            bob.release(List.of(run));
            return Confirmer.Answer.CONFIRMED;
        });
        Guard.Outcome o = new Guard(baton, aliceIo).leasing(raw).run("cancel", "run 1057", null, null, "p", "57", false, null,
                () -> { acted.incrementAndGet(); return Guard.Outcome.done("cancelled", "ok"); });
        assertThat(o.exitCode()).isEqualTo(Exit.REFUSED);
        assertThat(o.message()).contains("session ended");
        assertThat(acted).hasValue(0);
        assertThat(baton.team().leases()).isEmpty();
    }
}
