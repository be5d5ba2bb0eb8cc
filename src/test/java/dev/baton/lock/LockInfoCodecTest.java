package dev.baton.lock;

import dev.baton.model.LockInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class LockInfoCodecTest {
    private static final String TERRAFORM_BODY = "{\"ID\":\"4c8a2e51-1f0b-6c3e-9d7a-2b5e8f0a1c3d\",\"Operation\":\"OperationTypeApply\","
            + "\"Info\":\"\",\"Who\":\"runner@fv-az123-456\",\"Version\":\"1.11.4\",\"Created\":\"2026-11-26T14:03:01.123456789Z\","
            + "\"Path\":\"acme-tfstate/prod/terraform.tfstate\"}";

    @Test
    void decodesTerraformsBody() {
        LockInfoCodec.Decoded d = LockInfoCodec.decode(TERRAFORM_BODY);
        assertThat(d.ok()).isTrue();
        LockInfo info = d.info();
        assertThat(info.id()).isEqualTo("4c8a2e51-1f0b-6c3e-9d7a-2b5e8f0a1c3d");
        assertThat(info.operation()).isEqualTo("OperationTypeApply");
        assertThat(info.info()).isEmpty();
        assertThat(info.who()).isEqualTo("runner@fv-az123-456");
        assertThat(info.version()).isEqualTo("1.11.4");
        assertThat(info.created()).isEqualTo("2026-11-26T14:03:01.123456789Z");
        assertThat(info.createdAt()).isEqualTo(Instant.parse("2026-11-26T14:03:01.123456789Z"));
        assertThat(info.path()).isEqualTo("acme-tfstate/prod/terraform.tfstate");
    }

    @Test
    void encodesByteForByteLikeTerraform() {
        LockInfo info = LockInfoCodec.decode(TERRAFORM_BODY).info();
        assertThat(LockInfoCodec.encode(info)).isEqualTo(TERRAFORM_BODY);
    }

    @Test
    void formatsCreatedAsGoRfc3339NanoInUtc() {
        assertThat(LockInfoCodec.rfc3339Nano(Instant.parse("2026-11-26T14:03:01.123456789Z"))).isEqualTo("2026-11-26T14:03:01.123456789Z");
        // Go drops trailing zeros of the fraction, and the fraction when it is zero
        assertThat(LockInfoCodec.rfc3339Nano(Instant.parse("2026-11-26T14:03:01.120Z"))).isEqualTo("2026-11-26T14:03:01.12Z");
        assertThat(LockInfoCodec.rfc3339Nano(Instant.parse("2026-11-26T14:03:01Z"))).isEqualTo("2026-11-26T14:03:01Z");
    }

    @Test
    void newLockHasTerraformsShape() {
        Instant now = Instant.parse("2026-11-26T14:03:01.5Z");
        LockInfo lock = LockInfoCodec.newLock("OperationTypePlan", "", "ci@host", "1.11.4", "b/k", now);
        assertThat(lock.id()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(LockInfoCodec.encode(lock)).isEqualTo("{\"ID\":\"" + lock.id() + "\",\"Operation\":\"OperationTypePlan\",\"Info\":\"\","
                + "\"Who\":\"ci@host\",\"Version\":\"1.11.4\",\"Created\":\"2026-11-26T14:03:01.5Z\",\"Path\":\"b/k\"}");
    }

    @Test
    void escapesStringsLikeGo() {
        LockInfo lock = new LockInfo("id", "state-mv", "why: <a & b>\n\"q\"\\\u0001\u2028", null, null, null, null, "p");
        String json = LockInfoCodec.encode(lock);
        assertThat(json).contains("\"Info\":\"why: \\u003ca \\u0026 b\\u003e\\n\\\"q\\\"\\\\\\u0001\\u2028\"");
        // null fields are Go's empty strings; no Created is Go's zero time
        assertThat(json).contains("\"Who\":\"\"").contains("\"Created\":\"0001-01-01T00:00:00Z\"");
        assertThat(LockInfoCodec.decode(json).info().info()).isEqualTo(lock.info());
    }

    @Test
    void decodesLenientlyLikeGo() {
        LockInfoCodec.Decoded d = LockInfoCodec.decode("{\"id\":\"abc\",\"operation\":\"init\",\"Extra\":{\"x\":1},\"Version\":\"12\",\"Created\":null}");
        assertThat(d.ok()).isTrue();
        assertThat(d.info().id()).isEqualTo("abc");
        assertThat(d.info().operation()).isEqualTo("init");
        assertThat(d.info().version()).isEqualTo("12");
        assertThat(d.info().createdAt()).isNull();
        assertThat(d.info().who()).isNull();
    }

    /** What Go's json.Unmarshal refuses, Terraform cannot read either: a lock it could not release by ID. */
    @Test
    void aFieldOfTheWrongTypeOrABadTimeIsMalformedAsInGo() {
        assertThat(LockInfoCodec.decode("{\"ID\":5}").error()).isEqualTo("ID is not a string (number)");
        assertThat(LockInfoCodec.decode("{\"ID\":{\"a\":1}}").error()).isEqualTo("ID is not a string (object)");
        assertThat(LockInfoCodec.decode("{\"ID\":\"abc\",\"Version\":12}").error()).isEqualTo("Version is not a string (number)");
        assertThat(LockInfoCodec.decode("{\"ID\":\"abc\",\"Created\":\"yesterday\"}").error()).isEqualTo("Created is not a time: yesterday");
    }

    @Test
    void parsesCreatedWithAnOffset() {
        assertThat(LockInfoCodec.parseCreated("2026-11-26T16:03:01.1+02:00")).isEqualTo(Instant.parse("2026-11-26T14:03:01.1Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "{", "not json", "[1,2]", "\"text\"", "null", "{\"ID\":\"\"}", "{\"Who\":\"x\"}", "{\"ID\":\"a\"} trailing"})
    void malformedBodiesGiveAOneLineReasonNeverAnException(String body) {
        LockInfoCodec.Decoded d = LockInfoCodec.decode(body);
        assertThat(d.ok()).isFalse();
        assertThat(d.info()).isNull();
        assertThat(d.error()).isNotBlank().doesNotContain("\n");
    }

    @Test
    void malformedReasonsSayWhat() {
        assertThat(LockInfoCodec.decode(null).error()).isEqualTo("empty body");
        assertThat(LockInfoCodec.decode("[]").error()).isEqualTo("not a JSON object (array)");
        assertThat(LockInfoCodec.decode("{\"Who\":\"x\"}").error()).isEqualTo("no ID");
        assertThat(LockInfoCodec.decode("{\"ID\": }").error()).startsWith("not JSON at line 1, column 8");
    }

    @Test
    void formatsGoDefaultTimeForMessages() {
        assertThat(LockInfoCodec.goTime(Instant.parse("2026-11-26T14:03:01.123456789Z"))).isEqualTo("2026-11-26 14:03:01.123456789 +0000 UTC");
        assertThat(LockInfoCodec.goTime(Instant.parse("2026-11-26T14:03:01Z"))).isEqualTo("2026-11-26 14:03:01 +0000 UTC");
    }

    @Test
    void rendersTerraformsLockInfoBlock() {
        LockInfo info = LockInfoCodec.decode(TERRAFORM_BODY).info();
        assertThat(LockInfoCodec.lockInfoBlock(info)).isEqualTo("""
                Lock Info:
                  ID:        4c8a2e51-1f0b-6c3e-9d7a-2b5e8f0a1c3d
                  Path:      acme-tfstate/prod/terraform.tfstate
                  Operation: OperationTypeApply
                  Who:       runner@fv-az123-456
                  Version:   1.11.4
                  Created:   2026-11-26 14:03:01.123456789 +0000 UTC
                  Info:     \s
                """);
    }
}
