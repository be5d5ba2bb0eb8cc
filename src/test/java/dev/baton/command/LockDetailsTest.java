package dev.baton.command;

import dev.baton.model.ApiMode;
import dev.baton.model.Finding;
import dev.baton.model.LockInfo;
import dev.baton.model.LockLocation;
import dev.baton.model.RateLimit;
import dev.baton.model.RepoRef;
import dev.baton.model.Severity;
import dev.baton.model.Snapshot;
import dev.baton.model.StateLock;
import dev.baton.model.Times;
import dev.baton.render.LockRender;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 12: one lock, one age, one text for the screen's details and unlock's evidence (the finding as watch/Findings writes it, FindingsTest). */
class LockDetailsTest {
    static final Instant CREATED = Instant.parse("2026-11-26T06:40:57Z");

    static Snapshot staleLock(Instant polledAt) {
        StateLock lock = new StateLock(new LockLocation(LockLocation.Kind.S3, "state", "prod/terraform.tfstate.tflock", "prod", null),
                new LockInfo("f1723a2b-8a0d", "OperationTypeApply", "", "runner@fv-az1", "1.11.4", "2026-11-26T06:40:57.123Z", CREATED,
                        "state/prod/terraform.tfstate"), "{}", "\"etag\"", CREATED, null);
        Snapshot s = new Snapshot(polledAt, new RepoRef("acme", "deploy"), ApiMode.CONCURRENCY_API, RateLimit.UNKNOWN, List.of(), List.of(),
                List.of(lock), List.of(), List.of(), Map.of());
        return new Snapshot(polledAt, s.repo(), s.mode(), s.rateLimit(), s.runs(), s.groups(), s.locks(), s.stages(),
                List.of(new Finding(Finding.Kind.STALE_LOCK, Severity.WARNING, lock.location().uri(), "no live run of prod can own this lock",
                        List.of("created " + Times.clock(CREATED) + " by runner@fv-az1, OperationTypeApply"), polledAt)), Map.of());
    }

    @Test
    void oneLockHasOneAgeMeasuredWhenShownNotWhenPolled() {
        Snapshot s = staleLock(CREATED.plusSeconds(63)); // polled at 1m03s
        String text = LockRender.details(s, s.locks().get(0), CREATED.plusSeconds(79)); // shown at 1m19s
        assertThat(text).contains("Created:     2026-11-26T06:40:57.123Z (1m19s ago)")
                .contains("verdict:     STALE")
                .contains("STALE_LOCK: ")
                .contains("  - created 06:40:57 by runner@fv-az1, OperationTypeApply")
                .doesNotContain("1m03s");
        assertThat(text.split(" ago\\)", -1)).hasSize(2); // exactly one age
    }

    @Test
    void unlockShowsTheScreensDetailsIndented() {
        Snapshot s = staleLock(CREATED.plusSeconds(63));
        Instant now = CREATED.plusSeconds(79);
        String details = LockRender.details(s, s.locks().get(0), now);
        String evidence = UnlockCommand.evidence(s, s.locks().get(0), now);
        assertThat(evidence.lines().map(String::strip).toList()).isEqualTo(details.lines().map(String::strip).toList());
        assertThat(evidence.lines().filter(l -> !l.isEmpty())).allMatch(l -> l.startsWith("  "));
    }
}
