package dev.baton;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.function.BiFunction;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12 section 3: `doctor` printed its table on stderr whenever a check failed (and in JSON mode
 * after the JSON), and checked less than it claimed: the repository only by name, no dispatch/cancel
 * rights, the lock stores only for reading.
 */
class DoctorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path home;
    LoopbackFixture box;
    FaultyGitHubProxy proxy;

    private void start(Predicate<String> failing, BiFunction<String, String, String> rewrite) throws Exception {
        box = new LoopbackFixture(30, home);
        // the proxy's 429s hold GitHub's requests for their Retry-After: measured on a manual wall clock, not spent
        dev.baton.testkit.ManualClock wall = new dev.baton.testkit.ManualClock(java.time.Instant.now());
        box.wall = wall;
        box.sleeper = wall::advance;
        proxy = new FaultyGitHubProxy(box.github.baseUrl(), failing, rewrite);
        box.env.put("GITHUB_API_URL", proxy.baseUrl());
    }

    @AfterEach
    void stop() {
        if (proxy != null) proxy.close();
        if (box != null) box.close();
    }

    private static JsonNode check(JsonNode doctor, String name) {
        for (JsonNode c : doctor.get("checks")) if (c.get("name").asText().equals(name)) return c;
        throw new AssertionError("no check '" + name + "' in " + doctor);
    }

    @Test
    void checksTheRepositoryItsRightsAndEachStoreByWritingAScratchKey() throws Exception {
        start(path -> false, (path, body) -> body);
        LoopbackFixture.Outcome o = box.baton("doctor");
        assertThat(o.code()).as(o.out() + o.err()).isZero();
        assertThat(o.err()).isEmpty();
        assertThat(o.out()).contains("repository: readable").contains("acme/sentiment-analyzer (private)")
                .contains("actions: dispatch and cancel").contains("admin access")
                .containsPattern("ok +locks: s3://[^ ]+ write and delete +create, exclusive create, conditional delete and delete work");
        assertThat(box.s3.newClient().listObjectsV2(b -> b.bucket(bucket(o.out()))).contents())
                .as("the scratch key is removed").noneMatch(k -> k.key().contains("baton-probe"));
    }

    @Test
    void aFailedCheckKeepsTheTableOnStdoutAndJsonModePrintsOnlyJson() throws Exception {
        start(path -> path.contains("/contents/infrastructure/terraform"),
                (path, body) -> path.matches(".*/repos/[^/]+/[^/]+") ? body.replaceAll("\"(push|admin|maintain)\"\\s*:\\s*true", "\"$1\":false") : body);
        LoopbackFixture.Outcome text = box.baton("doctor");
        assertThat(text.code()).isEqualTo(3);
        assertThat(text.out()).containsPattern("FAIL +actions: dispatch and cancel +the token has read access only")
                .containsPattern("FAIL +configuration +cannot read the backend files in infrastructure/terraform: 429")
                .contains("ok    actions: read runs");
        assertThat(text.err().lines().toList()).as("one line on stderr, no table").hasSize(1)
                .first().asString().startsWith("baton: doctor: 3 of ").endsWith("checks failed: actions: dispatch and cancel, locks, configuration");
        assertThat(text.out()).containsPattern("FAIL +locks +no lock location known: the backend files could not be read");

        LoopbackFixture.Outcome json = box.baton("--json", "doctor");
        assertThat(json.code()).isEqualTo(3);
        assertThat(json.out().lines().toList()).hasSize(1);
        JsonNode doctor = JSON.readTree(json.out());
        assertThat(doctor.get("ok").asBoolean()).isFalse();
        assertThat(check(doctor, "actions: dispatch and cancel").get("ok").asBoolean()).isFalse();
        assertThat(json.err()).doesNotContain("actions: read runs").doesNotContain("FAIL");
    }

    @Test
    void readOnlyModeWritesNoScratchKey() throws Exception {
        start(path -> false, (path, body) -> body);
        LoopbackFixture.Outcome o = box.baton("--read-only", "--json", "doctor");
        JsonNode doctor = JSON.readTree(o.out());
        JsonNode probe = null;
        for (JsonNode c : doctor.get("checks")) if (c.get("name").asText().endsWith("write and delete")) probe = c;
        assertThat(probe).isNotNull();
        assertThat(probe.get("detail").asText()).startsWith("not probed: read-only mode");
        assertThat(check(doctor, "actions: dispatch and cancel").get("detail").asText()).isEqualTo("not needed: read-only mode");
    }

    private static String bucket(String table) {
        var m = java.util.regex.Pattern.compile("locks: s3://([^ /]+) write").matcher(table);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }
}
