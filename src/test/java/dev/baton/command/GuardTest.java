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
}
