package dev.baton.sandbox;

import dev.baton.model.Conclusion;
import dev.baton.model.RunStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The concurrency rules of reference/github-actions.md, each on the engine directly (manual clock). */
class ConcurrencyRulesTest extends EngineTestSupport {

    @Test
    void queueSingleThreeRapidDispatchesSkipTheMiddleOne() {
        start();
        SimRun r1 = dispatch("deploy-prod.yml", BOT);
        engine.advance(Duration.ofSeconds(1));
        SimRun r2 = dispatch("deploy-prod.yml", BOT);
        assertThat(run(r2.id()).status()).isEqualTo(RunStatus.PENDING);
        engine.advance(Duration.ofSeconds(1));
        SimRun r3 = dispatch("deploy-prod.yml", BOT);

        assertThat(run(r1.id()).status()).isEqualTo(RunStatus.IN_PROGRESS);
        assertThat(run(r2.id()).conclusion()).as("older pending member evicted").isEqualTo(Conclusion.CANCELLED);
        assertThat(run(r3.id()).status()).isEqualTo(RunStatus.PENDING);
        SimGroup g = state.group("deploy-production").orElseThrow();
        assertThat(g.members()).extracting(SimGroupMember::runId, SimGroupMember::status, SimGroupMember::position)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(r1.id(), RunStatus.IN_PROGRESS, 0),
                        org.assertj.core.groups.Tuple.tuple(r3.id(), RunStatus.PENDING, 1));

        runToEnd(Duration.ofMinutes(15));
        assertThat(run(r1.id()).conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(run(r2.id()).conclusion()).isEqualTo(Conclusion.CANCELLED);
        assertThat(run(r2.id()).jobIds()).as("evicted workflow-level run has zero jobs").isEmpty();
        assertThat(run(r3.id()).conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(run(r3.id()).runStartedAt()).as("run 3 starts after run 1 ends").isAfterOrEqualTo(run(r1.id()).updatedAt());
        assertThat(state.group("deploy-production")).as("idle group is inactive").isEmpty();
    }

    @Test
    void queueMaxRunsAllThreeInOrder() {
        start("queue-max");
        SimRun r1 = dispatch("deploy-prod.yml", BOT);
        SimRun r2 = dispatch("deploy-prod.yml", BOT);
        SimRun r3 = dispatch("deploy-prod.yml", BOT);
        assertThat(state.group("deploy-production").orElseThrow().members()).extracting(SimGroupMember::runId)
                .containsExactly(r1.id(), r2.id(), r3.id());

        runToEnd(Duration.ofMinutes(15));
        List<SimRun> runs = List.of(run(r1.id()), run(r2.id()), run(r3.id()));
        assertThat(runs).extracting(SimRun::conclusion).containsOnly(Conclusion.SUCCESS);
        assertThat(runs.get(1).runStartedAt()).isAfterOrEqualTo(runs.get(0).updatedAt());
        assertThat(runs.get(2).runStartedAt()).isAfterOrEqualTo(runs.get(1).updatedAt());
    }

    @Test
    void queueMaxCancelsTheNewcomerBeyondOneHundredPending() {
        start("queue-max");
        SimRun first = dispatch("deploy-prod.yml", BOT);
        for (int i = 0; i < GroupRules.QUEUE_MAX; i++) dispatch("deploy-prod.yml", BOT);
        SimRun extra = dispatch("deploy-prod.yml", BOT);
        assertThat(run(first.id()).status()).isEqualTo(RunStatus.IN_PROGRESS);
        assertThat(run(extra.id()).conclusion()).isEqualTo(Conclusion.CANCELLED);
        assertThat(state.group("deploy-production").orElseThrow().members()).hasSize(1 + GroupRules.QUEUE_MAX);
    }

    @Test
    void cancelInProgressCancelsTheRunningMemberWhichReleasesItsLock() {
        start("cancel-in-progress");
        SimRun first = dispatch("build-and-promote.yml", "alice");
        // into the preprod apply, holding the lock
        engine.runUntil(() -> state.jobs(first.id()).stream().anyMatch(j -> j.name().equals("Deploy to preprod")
                && j.steps().stream().anyMatch(s -> s.name().equals("Terraform apply") && s.status() == RunStatus.IN_PROGRESS)), Duration.ofMinutes(5));
        engine.advance(Duration.ofSeconds(5));
        assertThat(objectExists("preprod/terraform.tfstate.tflock")).isTrue();

        SimRun second = dispatch("build-and-promote.yml", "bob");
        assertThat(run(second.id()).status()).as("waits until the cancelled run has ended").isEqualTo(RunStatus.PENDING);
        runToEnd(Duration.ofMinutes(15), first.id(), second.id());

        assertThat(run(first.id()).conclusion()).isEqualTo(Conclusion.CANCELLED);
        SimJob cancelled = jobNamed(first.id(), "Deploy to preprod");
        assertThat(cancelled.conclusion()).isEqualTo(Conclusion.CANCELLED);
        assertThat(state.annotations(cancelled.checkRunId())).extracting(SimAnnotation::message)
                .containsExactly("Canceling since a higher priority waiting request for 'deploy-preprod' exists");
        assertThat(log(cancelled)).contains("Interrupt received.", "Gracefully shutting down...");
        assertThat(run(second.id()).conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(objectExists("preprod/terraform.tfstate.tflock")).as("both released their lock").isFalse();
    }

    @Test
    void jobLevelGroupSerializesJobsAndEvictsTheOlderPendingJob() {
        start("job-level");
        SimRun r1 = dispatch("deploy-prod.yml", BOT);
        SimRun r2 = dispatch("deploy-prod.yml", BOT);
        SimRun r3 = dispatch("deploy-prod.yml", BOT);
        assertThat(run(r1.id()).group()).isNull();
        SimJob d1 = jobNamed(r1.id(), "Deploy");
        SimJob d3 = jobNamed(r3.id(), "Deploy");
        assertThat(d1.group()).isEqualTo("deploy-production");
        assertThat(state.group("DEPLOY-PRODUCTION").orElseThrow().members())
                .extracting(SimGroupMember::jobId).containsExactly(d1.id(), d3.id());
        assertThat(run(r3.id()).status()).as("all its live jobs held by a job-level group").isEqualTo(RunStatus.PENDING);

        runToEnd(Duration.ofMinutes(15));
        SimJob d2 = jobNamed(r2.id(), "Deploy");
        assertThat(d2.conclusion()).isEqualTo(Conclusion.CANCELLED);
        assertThat(d2.steps()).isEmpty();
        assertThat(state.annotations(d2.checkRunId())).extracting(SimAnnotation::message)
                .containsExactly("Canceling since a higher priority waiting request for 'deploy-production' exists");
        assertThat(run(r2.id()).conclusion()).isEqualTo(Conclusion.CANCELLED);
        assertThat(jobNamed(r2.id(), "Canary").conclusion()).as("dependent of a cancelled job").isEqualTo(Conclusion.SKIPPED);
        assertThat(run(r1.id()).conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(run(r3.id()).conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(jobNamed(r3.id(), "Deploy").startedAt()).isAfterOrEqualTo(jobNamed(r1.id(), "Deploy").completedAt());
    }

    @Test
    void waitingRunHoldsAPendingPlaceAndIsEvictedByANewerOne() {
        start();
        SimRun human = dispatch("deploy-prod.yml", "alice");
        assertThat(run(human.id()).status()).isEqualTo(RunStatus.WAITING);
        assertThat(state.pendingDeployments(human.id())).extracting(SimPendingDeployment::environment, SimPendingDeployment::reviewers)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("production", List.of("release-manager")));
        assertThat(state.group("deploy-production").orElseThrow().members())
                .extracting(SimGroupMember::status, SimGroupMember::position)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(RunStatus.PENDING, 1));

        SimRun bot = dispatch("deploy-prod.yml", BOT);
        assertThat(run(human.id()).conclusion()).isEqualTo(Conclusion.CANCELLED);
        SimJob waited = jobNamed(human.id(), "Deploy to production");
        assertThat(waited.conclusion()).isEqualTo(Conclusion.CANCELLED);
        assertThat(state.annotations(waited.checkRunId())).extracting(SimAnnotation::message)
                .containsExactly("Canceling since a higher priority waiting request for 'deploy-production' exists");
        assertThat(run(bot.id()).status()).isEqualTo(RunStatus.IN_PROGRESS);
        assertThat(jobNamed(bot.id(), "Deploy").environment()).isEqualTo("production-auto");
        runToEnd(Duration.ofMinutes(10));
        assertThat(run(bot.id()).conclusion()).isEqualTo(Conclusion.SUCCESS);
    }

    @Test
    void approvalLetsAWaitingRunAcquireTheGroup() {
        start();
        SimRun human = dispatch("deploy-prod.yml", "alice");
        engine.advance(Duration.ofSeconds(30));
        assertThat(run(human.id()).status()).isEqualTo(RunStatus.WAITING);
        state.approve(human.id());
        assertThat(run(human.id()).status()).isEqualTo(RunStatus.IN_PROGRESS);
        assertThat(state.pendingDeployments(human.id())).isEmpty();
        runToEnd(Duration.ofMinutes(10));
        assertThat(run(human.id()).conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(jobNamed(human.id(), "Deploy").environment()).isEqualTo("production");
    }

    @Test
    void groupsAreCaseInsensitiveAndRepositoryWide() {
        String wf = """
                name: %s
                on: workflow_dispatch
                concurrency: %s
                jobs:
                  work:
                    runs-on: ubuntu-latest
                    steps:
                      - run: echo working
                """;
        start(EngineOptions.manual().withExtraFiles(Map.of(
                ".github/workflows/a.yml", wf.formatted("A", "Deploy-Production"),
                ".github/workflows/b.yml", wf.formatted("B", "deploy-production"))));
        SimRun a = dispatch("a.yml", "alice");
        SimRun b = dispatch("b.yml", "bob");
        SimRun prod = dispatch("deploy-prod.yml", BOT);
        assertThat(run(a.id()).status()).isEqualTo(RunStatus.IN_PROGRESS);
        assertThat(run(b.id()).conclusion()).as("evicted by a run of another workflow").isEqualTo(Conclusion.CANCELLED);
        assertThat(run(prod.id()).status()).isEqualTo(RunStatus.PENDING);
        assertThat(state.activeGroups()).hasSize(1);
        runToEnd(Duration.ofMinutes(10));
    }

    @Test
    void cancelApiEndsAPendingRunAtOnceAndARunningOneAfterItsStepStops() {
        start();
        SimRun r1 = dispatch("deploy-prod.yml", BOT);
        SimRun r2 = dispatch("deploy-prod.yml", BOT);
        state.cancel(r2.id());
        assertThat(run(r2.id()).conclusion()).isEqualTo(Conclusion.CANCELLED);
        engine.advance(Duration.ofSeconds(5));
        state.cancel(r1.id());
        assertThat(run(r1.id()).status()).isEqualTo(RunStatus.IN_PROGRESS);
        runToEnd(Duration.ofMinutes(1));
        assertThat(run(r1.id()).conclusion()).isEqualTo(Conclusion.CANCELLED);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> state.cancel(r1.id()))
                .isInstanceOfSatisfying(SandboxException.class, e -> assertThat(e.status()).isEqualTo(409));
    }

    private boolean objectExists(String key) {
        try {
            s3().headObject(b -> b.bucket(BUCKET).key(key));
            return true;
        } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
            return false;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) return false;
            throw e;
        }
    }
}
