package dev.baton.command;

import dev.baton.model.ApiMode;
import dev.baton.model.LockInfo;
import dev.baton.model.LockLocation;
import dev.baton.model.RateLimit;
import dev.baton.model.RepoRef;
import dev.baton.model.Snapshot;
import dev.baton.model.StateLock;
import dev.baton.watch.EnvironmentSpec;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 12 section 3.3: the id check of unlock takes the 8 characters the locks table shows. */
class UnlockRulesTest {
    static final String ID = "3f2b9c1e-7a44-4d0b-9c55-0123456789ab";
    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    static final List<EnvironmentSpec> ENVS = List.of(new EnvironmentSpec("prod", 3, List.of("deploy-production"),
            List.of("deploy-prod.yml"), List.of("s3://state/prod/terraform.tfstate.tflock")));
    static final StateLock LOCK = new StateLock(new LockLocation(LockLocation.Kind.S3, "state", "prod/terraform.tfstate.tflock", "prod", null),
            new LockInfo(ID, "OperationTypeApply", "", "runner@fv-az1", "1.11.4", T0.toString(), T0, "state/prod/terraform.tfstate"),
            "{}", "\"etag\"", T0, null);
    static final Snapshot SNAP = new Snapshot(T0.plusSeconds(600), RepoRef.parse("acme/deploy"), ApiMode.CONCURRENCY_API, RateLimit.UNKNOWN,
            List.of(), List.of(), List.of(LOCK), List.of(), List.of(), Map.of());

    static UnlockRules.Decision decide(String id) {
        return UnlockRules.decide(SNAP, ENVS, LOCK, new UnlockRules.Ask(id, null, false, true));
    }

    @Test
    void theFullIdAndAUniquePrefixOfAtLeast8CharactersAreAccepted() {
        assertThat(decide(ID).allowed()).isTrue();
        assertThat(decide("3f2b9c1e").allowed()).isTrue();
        assertThat(decide("3f2b9c1e-7a").allowed()).isTrue();
        assertThat(decide("3F2B9C1E").allowed()).as("ids are hex: case does not matter").isTrue();
    }

    @Test
    void aShortPrefixIsAUsageErrorAndAnythingElseTheMismatchRefusal() {
        UnlockRules.Decision shortOne = decide("3f2b9c");
        assertThat(shortOne.exitCode()).isEqualTo(Exit.USAGE);
        assertThat(shortOne.refusal()).contains("at least 8 characters");
        for (String wrong : List.of("00000000", "3f2b9c1f", "3f2b9c1e-7a44-4d0b-9c55-0123456789ac", ID + "0")) {
            UnlockRules.Decision d = decide(wrong);
            assertThat(d.exitCode()).as(wrong).isEqualTo(Exit.REFUSED);
            assertThat(d.refusal()).as(wrong).contains("does not match the current lock " + ID);
        }
    }
}
