package dev.baton.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.model.LockLocation;
import dev.baton.watch.LockOwnership;
import dev.baton.sandbox.Sandbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Repositories that share a state bucket, each under its own folder (service-001/..., service-002/...): the
 * bucket is listed whole and once, and each repository keeps only the locks under its folder. Before, every
 * repository of the bucket showed its neighbours' locks as its own, with a FOREIGN LOCK warning.
 */
class SharedBucketLocksTest {
    static final String BUCKET = "acme-terraform-state-01"; // service-001 .. service-008 (sandbox/FleetRepo)

    @TempDir
    Path home;

    @Test
    void aRepositoryKeepsTheLocksUnderItsOwnFolderOfASharedBucket() throws Exception {
        try (Sandbox sandbox = Sandbox.start(Sandbox.Options.defaults().withRepos(3))) {
            try (S3Client s3 = sandbox.s3().newClient()) {
                s3.putObject(b -> b.bucket(BUCKET).key("service-002/prod/terraform.tfstate.tflock").contentType("application/json"),
                        RequestBody.fromString("{\"ID\":\"5d22ce76-1111-2222-3333-444455556666\",\"Operation\":\"OperationTypeApply\","
                                + "\"Info\":\"\",\"Who\":\"runner@fv-az1-1\",\"Version\":\"1.9.0\",\"Created\":\"2026-12-03T10:00:00Z\","
                                + "\"Path\":\"" + BUCKET + "/service-002/prod/terraform.tfstate\"}"));
            }
            try (Baton root = new Baton(env(sandbox), new BatonOptions(List.of("acme/service-001", "acme/service-002"), null, false, List.of(), true))) {
                Result locks = new Commands(root, FrontendIo.script()).execute(List.of("locks", "--json")).result();
                JsonNode all = Json.MAPPER.valueToTree(locks.json());
                assertThat(all).as(locks.text() + locks.error()).singleElement().satisfies(l -> {
                    assertThat(l.get("repository").asText()).isEqualTo("acme/service-002");
                    assertThat(l.toString()).contains("s3://" + BUCKET + "/service-002/prod/terraform.tfstate.tflock");
                });
            }
        }
    }

    @Test
    void unlockRefusesANeighboursLockByUriAndByPrefixEvenWithForce() throws Exception {
        String uri = "s3://" + BUCKET + "/service-002/prod/terraform.tfstate.tflock";
        try (Sandbox sandbox = Sandbox.start(Sandbox.Options.defaults().withRepos(3))) {
            try (S3Client s3 = sandbox.s3().newClient()) {
                s3.putObject(b -> b.bucket(BUCKET).key("service-002/prod/terraform.tfstate.tflock").contentType("application/json"),
                        RequestBody.fromString("{\"ID\":\"5d22ce76-1111-2222-3333-444455556666\",\"Operation\":\"OperationTypeApply\","
                                + "\"Who\":\"runner@fv-az1-1\",\"Created\":\"2026-12-03T10:00:00Z\"}"));
                try (Baton root = new Baton(env(sandbox), new BatonOptions(List.of("acme/service-001"), null, false, List.of(), false))) {
                    Commands commands = new Commands(root, FrontendIo.script());
                    Result byUri = commands.execute(List.of("unlock", uri, "--id", "5d22ce76", "--force", "--yes")).result();
                    assertThat(byUri.exitCode()).as(byUri.text() + byUri.error()).isEqualTo(Exit.REFUSED);
                    assertThat(byUri.error()).contains("another repository's lock");
                    // by key and by prefix: not among service-001's locks at all
                    for (String target : List.of("service-002/prod/terraform.tfstate.tflock", "service-002/prod/")) {
                        Result r = commands.execute(List.of("unlock", target, "--id", "5d22ce76", "--force", "--yes")).result();
                        assertThat(r.exitCode()).as(target + ": " + r.text() + r.error()).isEqualTo(Exit.USAGE);
                        assertThat(r.text()).contains("no environment, lock key or lock URI named '" + target + "'");
                    }
                }
                assertThat(s3.headObject(b -> b.bucket(BUCKET).key("service-002/prod/terraform.tfstate.tflock")).eTag()).isNotBlank();
            }
        }
    }

    @Test
    void theFolderIsWhatEveryKeyOfTheRepositoryLiesUnder() {
        assertThat(LockOwnership.home(List.of("service-001/dev/terraform.tfstate", "service-001/prod/terraform.tfstate.tflock"))).isEqualTo("service-001/");
        assertThat(LockOwnership.home(List.of("dev/terraform.tfstate", "prod/terraform.tfstate"))).isEmpty(); // the whole bucket, as before
        assertThat(LockOwnership.home(List.of("terraform.tfstate"))).isEmpty();
        assertThat(LockOwnership.under("service-001/", s3Lock("service-001/dev/terraform.tfstate.tflock"), null)).isTrue();
        assertThat(LockOwnership.under("service-001/", s3Lock("env:/staging/service-001/dev/terraform.tfstate.tflock"), null)).isTrue();
        assertThat(LockOwnership.under("service-001/", s3Lock("service-0010/dev/terraform.tfstate.tflock"), null)).isFalse();
        assertThat(LockOwnership.under("service-001/", s3Lock("service-002/dev/terraform.tfstate.tflock"), null)).isFalse();
        LockLocation dynamo = new LockLocation(LockLocation.Kind.DYNAMODB, "locks", BUCKET + "/service-002/dev/terraform.tfstate", null, null);
        assertThat(LockOwnership.under(BUCKET + "/service-001/", dynamo, null)).isFalse();
        assertThat(LockOwnership.under(BUCKET + "/service-002/", dynamo, null)).isTrue();
    }

    private static LockLocation s3Lock(String key) {
        return new LockLocation(LockLocation.Kind.S3, BUCKET, key, null, null);
    }

    private Map<String, String> env(Sandbox sandbox) {
        return dev.baton.testkit.SandboxEnv.of(sandbox, home);
    }
}
