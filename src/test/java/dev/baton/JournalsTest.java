package dev.baton;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.command.Baton;
import dev.baton.command.BatonOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12 section 4: the event and audit journals are per repository and API host, and a demo never writes
 * into the real ones. Refusals in read-only mode make audit records without any connection.
 */
class JournalsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    record Outcome(int code, String out, String err) {
    }

    private Outcome baton(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Map<String, String> env() {
        Map<String, String> env = Cli.env(home);
        env.put("GH_TOKEN", "t"); // never asks gh
        return env;
    }

    private Path state() {
        return home.resolve("state/baton");
    }

    private void refuse(Map<String, String> env, String repo, String reason) {
        Outcome r = baton(env, "--repo", repo, "--read-only", "unlock", "dev", "--id", "x", "--reason", reason);
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(4);
    }

    @Test
    void twoRepositoriesInOneStateFolderKeepTheirOwnAuditAndEvents() throws Exception {
        Map<String, String> env = env();
        // an older baton's single journals: left where they are, never read as this repository's, never deleted
        Files.createDirectories(state());
        String old = "{\"at\":\"2024-01-01T00:00:00Z\",\"action\":\"unlock\",\"target\":\"old\",\"reason\":\"from the old journal\",\"outcome\":\"released\"}\n";
        Files.writeString(state().resolve("audit.jsonl"), old);

        refuse(env, "a/x", "only about a");
        refuse(env, "B/Y", "only about b"); // GitHub ignores the case of owner and name, so do the folders

        Path ax = state().resolve("repos/api.github.com/a/x");
        Path by = state().resolve("repos/api.github.com/b/y");
        assertThat(ax.resolve("audit.jsonl")).content().contains("only about a").doesNotContain("only about b");
        assertThat(by.resolve("audit.jsonl")).content().contains("only about b").doesNotContain("only about a");
        assertThat(state().resolve("audit.jsonl")).hasContent(old.strip());

        JsonNode a = JSON.readTree(baton(env, "--repo", "a/x", "--json", "audit").out());
        assertThat(a.findValuesAsText("reason")).containsExactly("only about a");
        Outcome b = baton(env, "--repo", "b/y", "audit");
        assertThat(b.out()).contains("only about b").doesNotContain("only about a").doesNotContain("from the old journal")
                .contains("older records, and attempts made without a repository, are in " + state().resolve("audit.jsonl"));

        String event = "{\"at\":\"" + Instant.now() + "\",\"kind\":\"RUN_QUEUED\",\"subject\":\"deploy-only-in-x\",\"detail\":\"#1\",\"runId\":1}\n";
        Files.writeString(ax.resolve("events.jsonl"), event);
        assertThat(baton(env, "--repo", "a/x", "events").out()).contains("deploy-only-in-x");
        // b's own timeline: its refused attempt (an operator's result is an event), nothing of a's
        assertThat(baton(env, "--repo", "b/y", "events").out()).doesNotContain("deploy-only-in-x").doesNotContain("only about a")
                .contains("action  dev  ").contains("unlock refused: baton is read-only"); // its target, not its options
    }

    @Test
    void theApiHostIsPartOfTheFolderAndAConfiguredAuditFileStillWins() throws Exception {
        Map<String, String> env = env();
        env.put("GITHUB_API_URL", "https://GHE.example.com:8443/api/v3/");
        refuse(env, "a/x", "on the enterprise server");
        assertThat(state().resolve("repos/ghe.example.com_8443/a/x/audit.jsonl")).content().contains("on the enterprise server");

        Path configured = home.resolve("var/log/audit.jsonl");
        Files.createDirectories(home.resolve("config/baton"));
        Files.writeString(home.resolve("config/baton/config.yaml"), "audit:\n  file: " + configured + "\n");
        refuse(env, "a/x", "to the configured file");
        assertThat(configured).content().contains("to the configured file");
        assertThat(state().resolve("repos/ghe.example.com_8443/a/x/audit.jsonl")).content().doesNotContain("to the configured file");
    }

    @Test
    void anAttemptWithoutARepositoryIsStillOnTheRecord() throws Exception {
        Outcome r = baton(env(), "unlock", "dev", "--id", "x", "--yes", "--reason", "no repository given");
        assertThat(r.code()).as(r.out() + r.err()).isNotZero();
        assertThat(state().resolve("audit.jsonl")).content().contains("no repository given");
        assertThat(baton(env(), "audit").out()).contains("no repository given");
    }

    @Test
    void aDemoWritesNowhereNearTheRealJournals() throws Exception {
        Map<String, String> env = env();
        Path configured = home.resolve("real-audit.jsonl");
        Files.createDirectories(home.resolve("config/baton"));
        Files.writeString(home.resolve("config/baton/config.yaml"), "refresh: 300ms\naudit:\n  file: " + configured + "\n");
        Files.createDirectories(state());
        Files.writeString(state().resolve("audit.jsonl"), "{\"reason\":\"real\"}\n");
        Files.writeString(state().resolve("events.jsonl"), "");

        Outcome r = baton(env, "--demo", "--read-only", "-c", "status\nunlock dev --id x --reason from-the-demo");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(4); // the refusal, after status

        assertThat(configured).doesNotExist();
        assertThat(state().resolve("audit.jsonl")).hasContent("{\"reason\":\"real\"}");
        assertThat(state().resolve("events.jsonl")).isEmptyFile();
        List<Path> outsideDemo = files(state()).stream().filter(p -> !p.startsWith(state().resolve("demo"))).toList();
        assertThat(outsideDemo).containsExactlyInAnyOrder(state().resolve("audit.jsonl"), state().resolve("events.jsonl"));
        List<Path> demo = files(state().resolve("demo/repos/sandbox"));
        assertThat(demo).anySatisfy(p -> {
            assertThat(p.getFileName()).hasToString("audit.jsonl");
            assertThat(p).content().contains("from-the-demo");
        });
    }

    @Test
    void theEngineJournalsEventsForTheSandboxInTheDemoFolder() {
        Map<String, String> env = env();
        env.put("GITHUB_API_URL", "http://127.0.0.1:4567");
        env.put("BATON_SANDBOX", "http://127.0.0.1:4567/"); // what `baton sandbox` exports, and --demo sets
        try (Baton demo = new Baton(env, new BatonOptions("acme/app", null, false))) {
            assertThat(demo.eventsFile()).isEqualTo(state().resolve("demo/repos/sandbox/acme/app/events.jsonl"));
            assertThat(demo.engine().journalFile()).isEqualTo(demo.eventsFile());
        }
        env.put("GITHUB_API_URL", "https://api.github.com"); // the sandbox variable left over in a shell names another API
        try (Baton real = new Baton(env, new BatonOptions("acme/app", null, false))) {
            assertThat(real.eventsFile()).isEqualTo(state().resolve("repos/api.github.com/acme/app/events.jsonl"));
        }
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }
}
