package dev.baton.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.model.Conclusion;
import dev.baton.model.RunStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The runner's Terraform against real S3 (s3proxy): lock file format, contention, crash, force-unlock. */
class TerraformLockTest extends EngineTestSupport {
    private static final String PROD_LOCK = "prod/terraform.tfstate.tflock";

    @Test
    void crashMidApplyLeavesTerraformsLockAndTheNextApplyWaitsThenFails() throws Exception {
        start("no-concurrency");
        engine.crashDuringApply("deploy-prod.yml", Duration.ofSeconds(10));
        SimRun crashed = dispatch("deploy-prod.yml", BOT);
        runToEnd(Duration.ofMinutes(5), crashed.id());

        assertThat(run(crashed.id()).conclusion()).isEqualTo(Conclusion.FAILURE);
        SimJob deploy = jobNamed(crashed.id(), "Deploy");
        assertThat(deploy.conclusion()).isEqualTo(Conclusion.FAILURE);
        assertThat(state.annotations(deploy.checkRunId())).extracting(SimAnnotation::message)
                .singleElement().asString().contains("lost communication with the server");
        assertThat(log(deploy)).doesNotContain("Apply complete!");

        String body = s3().getObjectAsBytes(b -> b.bucket(BUCKET).key(PROD_LOCK)).asUtf8String();
        JsonNode lock = new ObjectMapper().readTree(body);
        List<String> keys = new ArrayList<>();
        lock.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("ID", "Operation", "Info", "Who", "Version", "Created", "Path");
        lock.fields().forEachRemaining(f -> assertThat(f.getValue().isTextual()).as(f.getKey() + " is a string").isTrue());
        assertThat(lock.get("ID").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(lock.get("Operation").asText()).isEqualTo("OperationTypeApply");
        assertThat(lock.get("Info").asText()).isEmpty();
        assertThat(lock.get("Who").asText()).matches("runner@fv-az\\d+-\\d+");
        assertThat(lock.get("Version").asText()).isEqualTo("1.11.4");
        assertThat(lock.get("Created").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,9})?Z");
        assertThat(lock.get("Created").asText()).doesNotEndWith("0Z");
        Instant created = Instant.parse(lock.get("Created").asText());
        assertThat(created).as("sim time").isBetween(EngineOptions.DEFAULT_START, engine.now());
        assertThat(lock.get("Path").asText()).isEqualTo(BUCKET + "/prod/terraform.tfstate");
        assertThat(body).doesNotContain(" ").startsWith("{\"ID\":");

        SimRun second = dispatch("deploy-prod.yml", BOT);
        runToEnd(Duration.ofMinutes(10), second.id());
        assertThat(run(second.id()).conclusion()).isEqualTo(Conclusion.FAILURE);
        SimJob blocked = jobNamed(second.id(), "Deploy");
        SimStep apply = blocked.steps().stream().filter(s -> s.name().equals("Terraform apply")).findFirst().orElseThrow();
        assertThat(apply.conclusion()).isEqualTo(Conclusion.FAILURE);
        assertThat(Duration.between(apply.startedAt(), apply.completedAt())).as("-lock-timeout=5m in sim time")
                .isBetween(Duration.ofMinutes(5), Duration.ofMinutes(5).plusSeconds(2));
        String text = log(blocked);
        assertThat(text).contains("Acquiring state lock. This may take a few moments...",
                "│ Error: Error acquiring the state lock",
                "│ Error message: operation error S3: PutObject, https response error StatusCode: 412",
                "│ Lock Info:",
                "│   ID:        " + lock.get("ID").asText(),
                "│   Path:      " + BUCKET + "/prod/terraform.tfstate",
                "│   Operation: OperationTypeApply",
                "│   Who:       " + lock.get("Who").asText(),
                "│   Created:   " + TerraformText.goDefaultTime(lock.get("Created").asText()),
                "Terraform acquires a state lock to protect the state from being written");
        assertThat(TerraformText.goDefaultTime(lock.get("Created").asText())).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d+)? \\+0000 UTC");
        assertThat(text.indexOf("Acquiring state lock")).isLessThan(text.indexOf("Error acquiring the state lock"));
        assertThat(run(second.id()).status()).isEqualTo(RunStatus.COMPLETED);
    }

    @Test
    void withoutTimeoutTheSecondApplyFailsAtOnceWithoutTheSlowMessage() {
        String wf = """
                name: Quick
                on: workflow_dispatch
                jobs:
                  apply:
                    runs-on: ubuntu-latest
                    steps:
                      - run: terraform init -backend-config=infrastructure/terraform/backend-dev.hcl
                      - run: terraform apply -auto-approve
                """;
        start(EngineOptions.manual().withExtraFiles(Map.of(".github/workflows/quick.yml", wf)));
        SimRun holder = dispatch("quick.yml", "alice");
        engine.advance(Duration.ofSeconds(15));
        SimRun loser = dispatch("quick.yml", "bob");
        runToEnd(Duration.ofMinutes(3), holder.id(), loser.id());
        assertThat(run(holder.id()).conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(run(loser.id()).conclusion()).isEqualTo(Conclusion.FAILURE);
        String text = log(state.jobs(loser.id()).get(0));
        assertThat(text).contains("Error acquiring the state lock").doesNotContain("Acquiring state lock. This may take");
    }

    @Test
    void applyWaitsForTheLockAndSucceedsOnceItIsReleased() {
        start("no-concurrency");
        SimRun first = dispatch("deploy-prod.yml", BOT);
        engine.advance(Duration.ofSeconds(3));
        SimRun second = dispatch("deploy-prod.yml", BOT);
        runToEnd(Duration.ofMinutes(10), first.id(), second.id());
        assertThat(run(first.id()).conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(run(second.id()).conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(log(jobNamed(second.id(), "Deploy"))).contains("Acquiring state lock. This may take a few moments...", "Apply complete!");
        assertThat(s3().listObjectsV2(b -> b.bucket(BUCKET).prefix("prod/")).contents())
                .extracting(o -> o.key()).containsExactly("prod/terraform.tfstate");
    }

    @Test
    void forceUnlockInputReleasesAnOrphanedDevLock() {
        start();
        engine.crashDuringApply("deploy-dev.yml", Duration.ofSeconds(5));
        engine.merge("alice", "Tune memory");
        runToEnd(Duration.ofMinutes(5), state.runs(RunQuery.ALL).get(0).id());
        assertThat(s3().listObjectsV2(b -> b.bucket(BUCKET).prefix("dev/")).contents()).extracting(o -> o.key())
                .contains("dev/terraform.tfstate.tflock");

        SimRun unlock = state.dispatch("deploy-dev.yml", "main", Map.of("force_unlock", "true"), "alice");
        assertThat(unlock.inputs()).containsEntry("force_unlock", true);
        runToEnd(Duration.ofMinutes(5), unlock.id());
        SimJob job = state.jobs(unlock.id()).get(0);
        assertThat(run(unlock.id()).conclusion()).isEqualTo(Conclusion.SUCCESS);
        assertThat(log(job)).contains("Terraform state has been successfully unlocked!", "Apply complete!");
        assertThat(job.steps()).filteredOn(s -> s.name().equals("Force-unlock state"))
                .extracting(SimStep::conclusion).containsExactly(Conclusion.SUCCESS);
        assertThat(s3().listObjectsV2(b -> b.bucket(BUCKET).prefix("dev/")).contents()).extracting(o -> o.key())
                .doesNotContain("dev/terraform.tfstate.tflock");
    }

    @Test
    void goFormats() {
        assertThat(TerraformText.rfc3339Nano(Instant.parse("2026-11-26T14:03:01.123456789Z"))).isEqualTo("2026-11-26T14:03:01.123456789Z");
        assertThat(TerraformText.rfc3339Nano(Instant.parse("2026-11-26T14:03:01.120Z"))).isEqualTo("2026-11-26T14:03:01.12Z");
        assertThat(TerraformText.rfc3339Nano(Instant.parse("2026-11-26T14:03:01Z"))).isEqualTo("2026-11-26T14:03:01Z");
        assertThat(TerraformText.goDefaultTime("2026-11-26T14:03:01.123456789Z")).isEqualTo("2026-11-26 14:03:01.123456789 +0000 UTC");
        assertThat(TerraformText.goDuration("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(TerraformText.goDuration("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(TerraformText.goDuration("0")).isZero();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TerraformText.goDuration("5 minutes"))
                .hasMessageContaining("invalid duration");
    }
}
