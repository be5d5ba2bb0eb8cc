package dev.baton;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.command.Text;
import dev.baton.lock.LockInfoCodec;
import dev.baton.model.LockInfo;
import dev.baton.model.RunStatus;
import dev.baton.sandbox.SimCommit;
import dev.baton.sandbox.SimRun;
import dev.baton.sandbox.RunQuery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Text from outside carrying terminal controls - a lock's Who that sets the clipboard (OSC 52) and clears
 * the screen, a C1 CSI, DEL, a bidi override, a commit message and author that do the same - reaches
 * stdout and stderr of every scripted command with its controls made visible, in text and in JSON.
 */
class HostileTextTest {
    static final ObjectMapper JSON = new ObjectMapper();
    /** ESC ] 52 ; c ; base64 BEL: set the clipboard; ESC [ 2 J: clear the screen. */
    static final String OSC52_CLEAR = "\u001b]52;c;cm0gLXJmIC8=\u0007\u001b[2J";
    static final String WHO = "mallory@ci" + OSC52_CLEAR + "\u009b31m\u007f\u202eevil";
    static final String OPERATION = "OperationTypeApply" + OSC52_CLEAR;
    static final String MESSAGE = "Fix typo" + OSC52_CLEAR + "\u009b2J\u007f";
    static final String AUTHOR = "eve" + OSC52_CLEAR;

    @TempDir
    Path home;
    LoopbackFixture box;
    String lockId;

    /** Opened once the watch has shown where things stand: until then the sandbox's clock stays where it is. */
    final CountDownLatch timeGoesOn = new CountDownLatch(1);

    @BeforeEach
    void start() throws Exception {
        // on the manual clock, moved only by baton's waits (the watch engine's between its polls), and by none of them
        // before the hostile lock is there: the watch sees no lock, then the lock, however loaded the machine
        box = LoopbackFixture.manual(home, java.util.Map.of()).refresh("20s");
        box.sleeper = d -> {
            timeGoesOn.await();
            box.engine.advance(d);
        };
    }

    /** Writes the hostile lock (as a Terraform of the attacker's would) at prod's key. */
    void putHostileLock() {
        String bucket = box.engine.stateBuckets().iterator().next();
        LockInfo info = LockInfoCodec.newLock(OPERATION, "", WHO, "1.11.4", bucket + "/prod/terraform.tfstate" + OSC52_CLEAR, box.engine.now());
        lockId = info.id();
        try (var s3 = box.s3.newClient()) {
            s3.putObject(b -> b.bucket(bucket).key("prod/terraform.tfstate.tflock").contentType("application/json"),
                    RequestBody.fromString(LockInfoCodec.encode(info)));
        }
    }

    @AfterEach
    void stop() {
        timeGoesOn.countDown(); // a story that failed before letting time go on leaves no watch waiting on it
        box.close();
    }

    /**
     * A push by AUTHOR with MESSAGE, watched to its end (which writes the events journal); the hostile lock
     * is taken once the watch has printed its first lines, before the sandbox's clock moves on, so it is an event
     * on the stream and in the journal.
     */
    SimRun mergedAndWatched() throws Exception {
        SimCommit merged = box.engine.merge(AUTHOR, MESSAGE);
        SimRun run = box.engine.state().runs(RunQuery.ALL).stream().filter(r -> r.headSha().equals(merged.sha())).findFirst().orElseThrow();
        var out = new LoopbackFixture.Transcript();
        var watching = CompletableFuture.supplyAsync(() -> box.baton(out, "watch", "--until", "done:" + run.id(), "--timeout", "1h"));
        assertThat(out.await("  now  ", Duration.ofSeconds(60))).as("watch printed its starting state: " + out.text()).isTrue();
        putHostileLock();
        timeGoesOn.countDown();
        var outcome = watching.get(120, TimeUnit.SECONDS);
        assertThat(outcome.code()).as(outcome.out() + outcome.err()).isZero();
        assertClean("watch", outcome);
        assertThat(outcome.out()).contains("lock acquired").contains("mallory@ci\\x1b]52;c;");
        assertThat(box.engine.state().run(run.id()).orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);
        return run;
    }

    @Test
    void locksStatusEventsAndUnlockShowControlsEscapedInTextAndJson() throws Exception {
        SimRun run = mergedAndWatched();
        var locks = box.baton("locks");
        assertClean("locks", locks);
        assertThat(locks.out()).contains("mallory@ci\\x1b]52;c;cm0gLXJmIC8=\\x07\\x1b[2J\\x9b31m\\x7f\\u202eevil");
        var status = box.baton("status");
        assertClean("status", status);
        assertThat(status.out()).contains("mallory@ci\\x1b]52;c;");
        var events = box.baton("events", "--since", "1h");
        assertClean("events", events);
        assertThat(events.out()).contains("lock acquired").contains("mallory@ci\\x1b]52;c;");
        var runText = box.baton("run", String.valueOf(run.id()));
        assertClean("run", runText);
        assertThat(runText.out()).contains("push by eve\\x1b]52;c;");
        var logs = box.baton("logs", String.valueOf(run.id()));
        assertClean("logs", logs);

        var refused = box.baton("unlock", "prod", "--id", "00000000-0000-0000-0000-000000000000", "--yes");
        assertThat(refused.code()).isEqualTo(4);
        assertClean("unlock refused", refused);
        assertThat(refused.err()).contains("held by mallory@ci\\x1b]52;c;");
        var unconfirmed = box.baton("unlock", "prod", "--id", lockId);
        assertThat(unconfirmed.code()).isEqualTo(4);
        assertClean("unlock unconfirmed", unconfirmed);

        // JSON: the exact text, its controls as JSON escapes
        var locksJson = box.baton("locks", "--json");
        assertClean("locks --json", locksJson);
        assertThat(locksJson.out()).contains("mallory@ci\\u001B]52;c;cm0gLXJmIC8=\\u0007\\u001B[2J\\u009B31m\\u007F\\u202Eevil");
        JsonNode lock = null;
        for (JsonNode l : JSON.readTree(locksJson.out())) if (l.path("uri").asText().endsWith("/prod/terraform.tfstate.tflock")) lock = l;
        assertThat(lock).as(locksJson.out()).isNotNull();
        assertThat(lock.get("who").asText()).isEqualTo(WHO);
        assertThat(lock.get("operation").asText()).isEqualTo(OPERATION);
        var statusJson = box.baton("-o", "json", "status");
        assertClean("status --json", statusJson);
        assertThat(JSON.readTree(statusJson.out()).toString()).contains("mallory@ci");
        var eventsJson = box.baton("events", "--since", "1h", "--json");
        assertClean("events --json", eventsJson);
        assertThat(JSON.readTree(eventsJson.out())).anySatisfy(e -> assertThat(e.path("detail").asText()).startsWith(WHO));
        var runJson = box.baton("run", String.valueOf(run.id()), "--json");
        assertClean("run --json", runJson);
        assertThat(runJson.out()).contains("Fix typo\\u001B]52;c;");
        var refusedJson = box.baton("unlock", "prod", "--id", "00000000-0000-0000-0000-000000000000", "--yes", "--json");
        assertThat(refusedJson.code()).isEqualTo(4);
        assertClean("unlock refused --json", refusedJson);
        assertThat(JSON.readTree(refusedJson.out()).path("message").asText()).contains("held by " + WHO);
    }

    /** No byte a terminal would act on: only printable text, newlines and tabs. */
    static void assertClean(String what, LoopbackFixture.Outcome o) {
        for (String stream : new String[]{o.out(), o.err()}) {
            for (int i = 0; i < stream.length(); i++) {
                char c = stream.charAt(i);
                if (c == '\n' || c == '\t') continue;
                assertThat(Text.unsafe(c)).as("%s: raw U+%04X at %d in %s", what, (int) c, i, stream).isFalse();
            }
        }
    }
}
