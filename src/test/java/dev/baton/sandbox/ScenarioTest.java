package dev.baton.sandbox;

import dev.baton.model.Conclusion;
import dev.baton.model.RunStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The built-in scenarios play their stories (manual clock: minutes of sim time in well under a second each). */
class ScenarioTest extends EngineTestSupport {

    private Scenario play(String name) {
        Scenario s = Scenario.load(name);
        start(s.apply(EngineOptions.manual()));
        s.schedule(engine);
        return s;
    }

    private List<SimRun> runsOf(String file) {
        return state.runs(RunQuery.ALL).stream().filter(r -> r.workflowPath().endsWith("/" + file))
                .sorted(Comparator.comparingLong(SimRun::id)).toList();
    }

    private void dump() {
        for (SimRun r : state.runs(RunQuery.ALL).stream().sorted(Comparator.comparingLong(SimRun::id)).toList()) {
            System.out.printf("%s %-28s %-18s %-10s %-10s %s -> %s jobs=%d actor=%s%n", r.id(), r.workflowName(), r.event(), r.status(),
                    r.conclusion(), r.runStartedAt(), r.updatedAt(), r.jobIds().size(), r.actor());
        }
    }

    @Test
    void everyBuiltInScenarioParses() {
        assertThat(Scenario.names()).containsExactly("idle", "rapid-merges", "dependabot-vs-human", "orphaned-lock", "incident", "fleet");
        for (String n : Scenario.names()) assertThat(Scenario.load(n).name()).isEqualTo(n);
    }

    @Test
    void rapidMerges() {
        play("rapid-merges");
        engine.advance(Duration.ofMinutes(20));
        dump();
        List<SimRun> dev = runsOf("deploy-dev.yml");
        assertThat(dev).extracting(SimRun::conclusion).containsExactly(Conclusion.SUCCESS, Conclusion.CANCELLED, Conclusion.SUCCESS);
        assertThat(dev.get(1).jobIds()).isEmpty();
        assertThat(dev.get(2).runStartedAt()).isAfterOrEqualTo(dev.get(0).updatedAt());
        assertThat(runsOf("deploy-prod.yml")).extracting(SimRun::status).containsOnly(RunStatus.COMPLETED);
    }

    @Test
    void dependabotVsHuman() {
        play("dependabot-vs-human");
        engine.advance(Duration.ofMinutes(20));
        dump();
        List<SimRun> prod = runsOf("deploy-prod.yml");
        assertThat(prod).extracting(SimRun::actor).containsExactly(BOT, "dana");
        assertThat(prod).extracting(SimRun::conclusion).containsOnly(Conclusion.SUCCESS);
        assertThat(jobNamed(prod.get(0).id(), "Deploy").environment()).isEqualTo("production-auto");
        assertThat(jobNamed(prod.get(1).id(), "Deploy").environment()).isEqualTo("production");
        assertThat(prod.get(1).createdAt()).as("dispatched while the bot's deploy ran").isBefore(prod.get(0).updatedAt());
        assertThat(prod.get(1).runStartedAt()).isAfterOrEqualTo(prod.get(0).updatedAt());
    }

    @Test
    void orphanedLock() {
        play("orphaned-lock");
        engine.advance(Duration.ofMinutes(20));
        dump();
        List<SimRun> prod = runsOf("deploy-prod.yml");
        assertThat(prod).extracting(SimRun::conclusion).containsExactly(Conclusion.FAILURE, Conclusion.FAILURE);
        assertThat(s3().getObjectAsBytes(b -> b.bucket(BUCKET).key("prod/terraform.tfstate.tflock")).asUtf8String())
                .contains("\"Operation\":\"OperationTypeApply\"");
        assertThat(log(jobNamed(prod.get(1).id(), "Deploy"))).contains("Error acquiring the state lock", "Lock Info:");
    }

    @Test
    void aScenariosRetryAfterIsStoryTimeSentInRealSecondsAtTheSandboxsSpeed() {
        FaultSettings f = Scenario.faults("fault", java.util.Map.of("rate-limit", 0.05, "retry-after", "30s"));
        assertThat(f.retryAfterAtSpeed(0).retryAfterSeconds()).as("manual clock: as written").isEqualTo(30);
        assertThat(f.retryAfterAtSpeed(1).retryAfterSeconds()).isEqualTo(30);
        assertThat(f.retryAfterAtSpeed(5).retryAfterSeconds()).as("the demo's speed").isEqualTo(6);
        assertThat(f.retryAfterAtSpeed(60).retryAfterSeconds()).as("at least a second").isEqualTo(1);
        assertThat(f.retryAfterAtSpeed(5).tooManyRequestsRate()).isEqualTo(0.05);
    }

    @Test
    void incident() {
        play("incident");
        engine.advance(Duration.ofSeconds(100));
        assertThat(state.faults().latency()).isEqualTo(Duration.ofMillis(400));
        assertThat(state.faults().serverErrorRate()).isEqualTo(0.1);
        assertThat(state.faults().retryAfterSeconds()).isEqualTo(30);
        engine.runUntil(() -> {
            assertAtMostOneInProgressPerGroup();
            return false;
        }, Duration.ofMinutes(30));
        dump();
        assertThat(state.faults()).isEqualTo(FaultSettings.NONE);
        List<SimRun> dev = runsOf("deploy-dev.yml");
        assertThat(dev.get(0).conclusion()).as("smoke test failed").isEqualTo(Conclusion.FAILURE);
        assertThat(dev).filteredOn(r -> r.conclusion() == Conclusion.CANCELLED).allSatisfy(r -> assertThat(r.jobIds()).isEmpty()).isNotEmpty();
        assertThat(runsOf("deploy-prod.yml")).extracting(SimRun::conclusion).contains(Conclusion.FAILURE);
        assertThat(s3().listObjectsV2(b -> b.bucket(BUCKET).prefix("prod/")).contents()).extracting(o -> o.key())
                .contains("prod/terraform.tfstate.tflock");
        assertThat(state.runs(RunQuery.ALL)).allMatch(SimRun::completed);
    }

    @Test
    void idleDoesNothing() {
        play("idle");
        engine.advance(Duration.ofMinutes(10));
        assertThat(state.runs(RunQuery.ALL)).isEmpty();
    }

    @Test
    void badScenariosGiveOneLineErrors() {
        assertThatThrownBy(() -> Scenario.load("nope")).hasMessageStartingWith("unknown scenario 'nope' (known: idle,");
        assertThatThrownBy(() -> Scenario.parse("x", "events:\n  - at: 5s\n    explode: {}\n"))
                .hasMessage("scenario x event 1: expected exactly one of merge, dependabot-merge, dispatch, approve, cancel, crash, fail-step, fault, got [explode]");
        assertThatThrownBy(() -> Scenario.parse("x", "events:\n  - at: soon\n    merge: {}\n"))
                .hasMessage("scenario x event 1: at: 'soon' is not a duration (e.g. 10s, 1m30s, 500ms)");
        assertThatThrownBy(() -> Scenario.parse("x", "events:\n  - at: 1s\n    fault: {server-errors: 2}\n"))
                .hasMessage("scenario x event 1: server-errors: must be between 0 and 1, got 2");
    }
}
