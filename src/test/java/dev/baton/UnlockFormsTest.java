package dev.baton;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.command.Baton;
import dev.baton.command.BatonOptions;
import dev.baton.command.Commands;
import dev.baton.command.Confirmer;
import dev.baton.command.FrontendIo;
import dev.baton.command.Request;
import dev.baton.command.Result;
import dev.baton.lock.LockInfoCodec;
import dev.baton.model.LockInfo;
import dev.baton.model.LockLocation;
import dev.baton.model.StateLock;
import dev.baton.sandbox.FaultSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10 items 1-3: every way of naming a lock reaches the same decision for every state of the lock.
 * Before, only the environment form checked for a live run (the URI form, which the screen's `u` uses,
 * released a lock held by a running apply), any address was accepted (a state file was "released") and a
 * malformed lock went with `--id WRONG --yes`.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnlockFormsTest {
    static final ObjectMapper JSON = new ObjectMapper();

    Path home;
    LoopbackFixture box;
    S3Client s3;
    String bucket;

    enum State { LIVE, ORPHANED, STALE, MALFORMED, UNKNOWN }

    enum Form { ENVIRONMENT, KEY, PREFIX, URI, SCREEN }

    @BeforeAll
    void start() throws Exception {
        home = Files.createTempDirectory("baton-unlock-forms");
        box = new LoopbackFixture(30, home, Map.of("apply", Duration.ofMinutes(30)));
        box.sleeper = LoopbackFixture.NO_WAIT; // GitHub's 5xx retries need not wait here
        s3 = box.s3.newClient();
        bucket = box.engine.stateBuckets().iterator().next();
        // dev's apply holds its lock for the whole class: a live run, and another environment's for preprod's cases
        box.engine.state().dispatch("deploy-dev.yml", "main", Map.of(), "alice");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (body("dev/terraform.tfstate.tflock") == null) {
            assertThat(System.nanoTime()).as("dev's apply took no lock within 60 s").isLessThan(deadline);
            Thread.sleep(200);
        }
        assertThat(box.baton("status").code()).isZero(); // and the layout is remembered for the GitHub outage below
    }

    @AfterAll
    void stop() {
        s3.close();
        box.close();
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (State s : State.values()) for (Form f : Form.values()) out.add(Arguments.of(s, f));
        return out.stream();
    }

    @ParameterizedTest(name = "{0} lock named by {1}")
    @MethodSource("cases")
    void everyFormReachesTheSameDecision(State state, Form form) throws Exception {
        String env = state == State.LIVE ? "dev" : "preprod";
        String key = env + "/terraform.tfstate.tflock";
        StateLock lock = state == State.LIVE ? liveLock(key) : put(key, state);
        try {
            if (form == Form.SCREEN) decideOnScreen(box, state, lock, () -> body(key) != null);
            else decide(box, state, command(form, env, key), false, lock, () -> body(key) != null);
        } finally {
            box.engine.state().setFaults(FaultSettings.NONE);
            if (state != State.LIVE) s3.deleteObject(b -> b.bucket(bucket).key(key));
        }
    }

    /**
     * Runs the command as a script would (--id unless it has one, --yes, a reason) and checks the one decision every form must
     * reach for a lock in that state; present tells whether the lock record is still there.
     */
    static void decide(LoopbackFixture box, State state, String command, boolean hasId, StateLock lock,
                       java.util.function.BooleanSupplier present) {
        String id = lock.info() == null ? "00000000-0000-0000-0000-000000000000" : lock.info().id();
        String asked = command + (hasId ? "" : " --id " + id) + " --yes --reason table";
        decide(box, state, command, () -> box.baton("-c", asked), lock, present);
    }

    /**
     * The screen's `u` on the lock: the typed request (its URI and id, no command line) through the registry's
     * guarded path, confirmed as an operator would by typing the word the dialog asks for. That is the one
     * difference from a script's --yes: a malformed lock is released by typing its version (docs/locks.md),
     * which --yes alone never does.
     */
    static void decideOnScreen(LoopbackFixture box, State state, StateLock lock, java.util.function.BooleanSupplier present) {
        List<String> asked = new ArrayList<>();
        java.util.function.Supplier<LoopbackFixture.Outcome> key = () -> {
            FrontendIo io = new FrontendIo(false, true);
            io.confirmer((question, detail, expected) -> {
                asked.add(expected);
                return Confirmer.Answer.CONFIRMED;
            });
            try (Baton baton = new Baton(box.env, new BatonOptions(null, null, false))) {
                baton.sleeper(box.sleeper); // as box.baton's: GitHub's 5xx retries are made, not waited for (1.3 s a case)
                Result r = new Commands(baton, io).invoke(Request.Unlock.of(lock, "table"));
                return new LoopbackFixture.Outcome(r.exitCode(), r.text(), (r.error() == null ? "" : r.error() + "\n") + r.text());
            }
        };
        if (state != State.MALFORMED) {
            decide(box, state, "unlock " + lock.location().uri(), key, lock, present);
            return;
        }
        var r = key.get();
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(asked).as("the dialog asks for the malformed lock's version").containsExactly(lock.versionTag());
        assertThat(present.getAsBoolean()).as("released").isFalse();
    }

    /** attempt: the first try at releasing; command: what the operator types next for a malformed lock. */
    private static void decide(LoopbackFixture box, State state, String command, java.util.function.Supplier<LoopbackFixture.Outcome> attempt,
                               StateLock lock, java.util.function.BooleanSupplier present) {
        try {
            if (state == State.UNKNOWN) box.engine.state().setFaults(new FaultSettings(Duration.ZERO, 1.0, 503, 0, 0, false, 0));
            var r = attempt.get();
            switch (state) {
                case LIVE -> {
                    assertThat(r.code()).as(r.err()).isEqualTo(4);
                    assertThat(r.err()).contains("in progress").contains("--force");
                }
                case ORPHANED, STALE -> assertThat(r.code()).as(r.err()).isZero();
                case MALFORMED -> {
                    assertThat(r.code()).as(r.err()).isEqualTo(4);
                    assertThat(r.err()).contains("malformed").contains("--force --lock-version " + lock.versionTag());
                    assertThat(present.getAsBoolean()).as("--yes alone never releases a malformed lock").isTrue();
                    String wrong = box.baton("-c", command + " --force --lock-version 0123abcd --yes").err();
                    assertThat(wrong).contains("is not the version");
                    var ok = box.baton("-c", command + " --force --lock-version " + lock.versionTag() + " --yes");
                    assertThat(ok.code()).as(ok.err()).isZero();
                }
                case UNKNOWN -> {
                    assertThat(r.code()).as(r.err()).isEqualTo(3);
                    assertThat(r.err()).contains("GitHub unread");
                }
            }
            boolean released = state == State.ORPHANED || state == State.STALE || state == State.MALFORMED;
            assertThat(!present.getAsBoolean()).as("released").isEqualTo(released);
        } finally {
            box.engine.state().setFaults(FaultSettings.NONE);
        }
    }

    /** Rule 1: a state file, a digest item or anything not a lock is refused by its name, before any read. */
    @Test
    void onlyLockObjectsAreEverTouched() throws Exception {
        s3.putObject(b -> b.bucket(bucket).key("preprod/terraform.tfstate"), RequestBody.fromString("{\"version\": 4, \"serial\": 7}"));
        var state = box.baton("unlock", "s3://" + bucket + "/preprod/terraform.tfstate", "--id", "anything", "--yes");
        assertThat(state.code()).isEqualTo(4);
        assertThat(state.err()).contains("Terraform state file").contains("only touches *.tflock");
        assertThat(body("preprod/terraform.tfstate")).contains("serial");
        // no DynamoDB here at all: an exit 4 (not 3) proves it was refused before any read
        var digest = box.baton("unlock", "dynamodb://locks/" + bucket + "/prod/terraform.tfstate-md5", "--yes");
        assertThat(digest.code()).as(digest.err()).isEqualTo(4);
        assertThat(digest.err()).contains("digest");
        var audit = JSON.readTree(box.baton("audit", "--json").out());
        assertThat(audit).filteredOn(a -> a.path("target").asText().endsWith("terraform.tfstate"))
                .singleElement().satisfies(a -> assertThat(a.path("outcome").asText()).isEqualTo("refused"));
    }

    private String command(Form form, String env, String key) {
        return switch (form) {
            case ENVIRONMENT -> "unlock " + env;
            case KEY -> "unlock " + key;
            case PREFIX -> "unlock " + env + "/";
            case URI -> "unlock s3://" + bucket + "/" + key;
            case SCREEN -> throw new IllegalArgumentException("the screen sends a typed request, not a line");
        };
    }

    private StateLock liveLock(String key) throws Exception {
        JsonNode locks = JSON.readTree(box.baton("locks", "s3://" + bucket + "/" + key, "--json").out());
        assertThat(locks).hasSize(1);
        assertThat(locks.get(0).get("verdict").asText()).isEqualTo("HELD");
        assertThat(locks.get(0).get("runId").isNumber()).isTrue();
        String raw = body(key);
        return new StateLock(location(key), LockInfoCodec.decode(raw).info(), raw, null, null, null);
    }

    private StateLock put(String key, State state) {
        Instant now = box.engine.now(); // the sandbox runs ahead of the wall clock
        Instant created = state == State.STALE ? now.minus(Duration.ofHours(5)) : now;
        LockInfo info = LockInfoCodec.newLock("OperationTypeApply", "", "runner@gone", "1.11.4", bucket + "/" + key.replace(".tflock", ""), created);
        String body = state == State.MALFORMED ? "\uFEFF" + LockInfoCodec.encode(info) : LockInfoCodec.encode(info);
        String etag = s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(body)).eTag();
        LockInfoCodec.Decoded d = LockInfoCodec.decode(body);
        return new StateLock(location(key), d.info(), body, etag, created, d.error());
    }

    private LockLocation location(String key) {
        return new LockLocation(LockLocation.Kind.S3, bucket, key, null, null);
    }

    private String body(String key) {
        try {
            return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String();
        } catch (NoSuchKeyException e) {
            return null;
        }
    }
}
