package dev.baton.watch;

import dev.baton.model.LockLocation;
import dev.baton.model.Snapshot;
import dev.baton.model.StateLock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.baton.watch.FindingsTest.PROD;
import static dev.baton.watch.FindingsTest.T0;
import static dev.baton.watch.FindingsTest.lock;
import static dev.baton.watch.FindingsTest.snap;
import static org.assertj.core.api.Assertions.assertThat;

/** The verdicts are read from the engine's own findings, as the screen and the commands read them. */
class LockVerdictTest {
    final Findings findings = new Findings(WatchSettings.defaults());

    Snapshot evaluated(Snapshot s) {
        return new Snapshot(s.takenAt(), s.repo(), s.mode(), s.rateLimit(), s.runs(), s.groups(), s.locks(), s.stages(),
                findings.evaluate(s, List.of(PROD), Map.of(), s.takenAt()), s.health());
    }

    @Test
    void aHeldLockNamesTheGroupsRunningMember() {
        StateLock l = lock("4444", T0.plusSeconds(30));
        LockVerdict v = LockVerdict.of(evaluated(FindingsTest.jobLevelHandOff(l)), l);
        assertThat(v.problems()).isEmpty();
        assertThat(v.holderRunId()).isEqualTo(20);
        assertThat(v.state()).isEqualTo(LockVerdict.State.HELD);
        Snapshot s = evaluated(FindingsTest.jobLevelHandOff(l));
        assertThat(dev.baton.render.LockRender.verdictText(s, l)).isEqualTo("held by #" + s.run(20).orElseThrow().runNumber());
        assertThat(dev.baton.render.LockRender.view(s, l).runId()).isEqualTo(20L);
    }

    @Test
    void aStaleSplitLockSaysBothAndNamesNoHolder() {
        Instant now = T0.plus(Duration.ofMinutes(20));
        StateLock s3 = lock("1111", T0);
        StateLock dynamo = new StateLock(new LockLocation(LockLocation.Kind.DYNAMODB, "locks", "state/prod/terraform.tfstate", "prod", null),
                new dev.baton.model.LockInfo("2222", "OperationTypeApply", "", "laptop@ops", "1.9.8", T0.toString(), T0, "state/prod/terraform.tfstate"),
                "{}", null, T0, null);
        Snapshot s = evaluated(snap(now, List.of(), List.of(), List.of(s3, dynamo)));
        LockVerdict v = LockVerdict.of(s, s3);
        assertThat(v.problems()).contains(LockVerdict.State.STALE, LockVerdict.State.SPLIT);
        assertThat(v.state()).isEqualTo(v.problems().get(0));
        assertThat(dev.baton.render.LockRender.verdictText(s, s3)).contains("STALE", "SPLIT");
        assertThat(dev.baton.render.LockRender.view(s, s3).runId()).isNull();
        assertThat(v.holderRunId()).isZero();
        assertThat(LockVerdict.of(s, dynamo).problems()).contains(LockVerdict.State.SPLIT);
    }

    @Test
    void anUnreadableLockIsMalformedWithoutAFinding() {
        StateLock broken = new StateLock(new LockLocation(LockLocation.Kind.S3, "state", "prod/terraform.tfstate.tflock", "prod", null),
                null, "{not json", null, T0, "not JSON");
        LockVerdict v = LockVerdict.of(snap(T0, List.of(), List.of(), List.of(broken)), broken);
        assertThat(v.state()).isEqualTo(LockVerdict.State.MALFORMED);
        assertThat(dev.baton.render.LockRender.verdictText(snap(T0, List.of(), List.of(), List.of(broken)), broken)).isEqualTo("MALFORMED");
        assertThat(v.worst()).isEqualTo(dev.baton.model.Finding.Kind.MALFORMED_LOCK);
    }
}
