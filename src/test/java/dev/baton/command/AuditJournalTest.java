package dev.baton.command;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuditJournalTest {
    @TempDir
    Path dir;

    private static final String LOCK = "{\"ID\":\"4c8a2e51-1f0b-6c3e-9d7a-2b5e8f0a1c3d\",\"Operation\":\"OperationTypeApply\"}";

    @Test
    void oneJsonLinePerAttemptWithWhoWhenWhatAndOutcome() throws Exception {
        Path file = dir.resolve("state/baton/audit.jsonl");
        AuditJournal journal = new AuditJournal(file);
        Instant before = Instant.now();
        journal.append("unlock", "s3://acme-tfstate/prod/terraform.tfstate.tflock", LOCK, "runner crashed mid-apply", "released", "released s3://...");
        journal.append("unlock", "s3://acme-tfstate/prod/terraform.tfstate.tflock", null, "second try", "refused", "lock ID 'x' does not match");

        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(2);
        JsonNode first = Json.MAPPER.readTree(lines.get(0));
        assertThat(first.get("user").asText()).isEqualTo(System.getProperty("user.name"));
        assertThat(first.get("host").asText()).isNotBlank();
        assertThat(Instant.parse(first.get("at").asText())).isBetween(before, Instant.now());
        assertThat(first.get("action").asText()).isEqualTo("unlock");
        assertThat(first.get("target").asText()).isEqualTo("s3://acme-tfstate/prod/terraform.tfstate.tflock");
        assertThat(first.get("before").asText()).isEqualTo(LOCK);
        assertThat(first.get("reason").asText()).isEqualTo("runner crashed mid-apply");
        assertThat(first.get("outcome").asText()).isEqualTo("released");

        List<Map<String, Object>> read = journal.read(10);
        assertThat(read).extracting(m -> m.get("outcome")).containsExactly("released", "refused");
        assertThat(journal.read(1)).extracting(m -> m.get("reason")).containsExactly("second try");
    }

    @Test
    void appendsNeverRewriteWhatIsThere() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        Files.writeString(file, "{\"at\":\"2026-01-01T00:00:00Z\",\"action\":\"older\"}\n");
        new AuditJournal(file).append("cancel", "run 42", null, null, "cancelled", null);
        new AuditJournal(file).append("cancel", "run 43", null, null, "cancelled", null);
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo("{\"at\":\"2026-01-01T00:00:00Z\",\"action\":\"older\"}");
        assertThat(lines.get(2)).contains("run 43");
    }

    @Test
    void neverWritesAToken() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        String ghToken = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8";
        String pat = "github_pat_" + "11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz";
        String awsKey = "AKIA" + "IOSFODNN7EXAMPLE";
        new AuditJournal(file).append("dispatch", "deploy-prod.yml", null,
                "pasted by mistake: " + ghToken + " and " + pat + " key " + awsKey + " Authorization: Bearer abcdefghijklmnop123",
                "refused", "password=hunter2hunter2 \"quoted\"");
        String text = Files.readString(file);
        assertThat(text).doesNotContain(ghToken).doesNotContain(pat).doesNotContain(awsKey)
                .doesNotContain("abcdefghijklmnop123").doesNotContain("hunter2hunter2")
                .contains(AuditJournal.REDACTED).contains("\\\"quoted\\\"");
        JsonNode line = Json.MAPPER.readTree(text.strip());
        assertThat(line.get("reason").asText()).startsWith("pasted by mistake: [REDACTED] and [REDACTED] key [REDACTED]");
        assertThat(line.get("detail").asText()).isEqualTo("password=[REDACTED] \"quoted\"");
    }

    @Test
    void lockIdsAndEtagsAreNotMistakenForTokens() {
        String text = "lock 4c8a2e51-1f0b-6c3e-9d7a-2b5e8f0a1c3d etag \"c2cc7853230aef13d8319da446d109c2\" run 1234567890";
        assertThat(AuditJournal.redact(text)).isEqualTo(text);
    }

    @Test
    void concurrentAppendsStayWholeLines() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        AuditJournal a = new AuditJournal(file);
        AuditJournal b = new AuditJournal(file); // two instances, as two sessions would have
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                AuditJournal j = t % 2 == 0 ? a : b;
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 25; i++) j.append("unlock", "t" + thread + "-" + i, LOCK, "x".repeat(300), "released", null);
                }));
            }
            for (Future<?> f : done) f.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(100);
        for (String l : lines) assertThat(Json.MAPPER.readTree(l).get("outcome").asText()).isEqualTo("released");
    }

    @Test
    void createdOwnerOnly() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        new AuditJournal(file).append("unlock", "x", null, null, "refused", null);
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
    }

    @Test
    void tornLinesAreSkippedOnRead() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        AuditJournal journal = new AuditJournal(file);
        journal.append("unlock", "x", null, null, "released", null);
        Files.writeString(file, "{\"action\":\"unl", java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(file, "\n", java.nio.file.StandardOpenOption.APPEND);
        journal.append("unlock", "y", null, null, "refused", null);
        assertThat(journal.read(10)).extracting(m -> m.get("target")).containsExactly("x", "y");
    }

    @Test
    void anUnwritableJournalIsOneClearError() throws Exception {
        Path blocker = dir.resolve("not-a-dir");
        Files.writeString(blocker, "");
        AuditJournal journal = new AuditJournal(blocker.resolve("audit.jsonl"));
        assertThatThrownBy(() -> journal.append("unlock", "x", null, null, "released", null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot write the audit journal " + blocker.resolve("audit.jsonl"))
                .hasMessageNotContaining("\n");
    }
}
