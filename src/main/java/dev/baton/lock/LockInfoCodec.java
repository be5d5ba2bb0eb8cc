package dev.baton.lock;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.model.LockInfo;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Terraform's LockInfo JSON, byte for byte as Terraform's Go code writes it (json.Marshal of
 * statemgr.LockInfo): keys ID, Operation, Info, Who, Version, Created, Path in that order, Go's
 * string escaping (HTML characters as \u003c...), Created as Go's RFC3339Nano in UTC (trailing
 * zeros of the fraction dropped). Decoding is lenient like Go's (keys case-insensitive, unknown keys
 * ignored) and never throws: a malformed body comes back with a one-line reason.
 */
public final class LockInfoCodec {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter GO_DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT);
    /** Go's zero time.Time, what Terraform writes when Created was never set. */
    private static final String GO_ZERO_TIME = "0001-01-01T00:00:00Z";

    private LockInfoCodec() {
    }

    /** A decoded body: info, or (when malformed) null and a one-line error. */
    public record Decoded(LockInfo info, String error) {
        public boolean ok() {
            return info != null;
        }
    }

    /** A new lock as Terraform creates one (random UUID, Created now in UTC). */
    public static LockInfo newLock(String operation, String info, String who, String version, String path, Instant now) {
        String created = rfc3339Nano(now);
        return new LockInfo(UUID.randomUUID().toString(), operation, info, who, version, created, now, path);
    }

    /** The JSON Terraform writes. created (Terraform's text) wins over createdAt when both are set. */
    public static String encode(LockInfo lock) {
        String created = lock.created() != null ? lock.created()
                : lock.createdAt() != null ? rfc3339Nano(lock.createdAt()) : GO_ZERO_TIME;
        StringBuilder out = new StringBuilder(256).append('{');
        field(out, "ID", lock.id()).append(',');
        field(out, "Operation", lock.operation()).append(',');
        field(out, "Info", lock.info()).append(',');
        field(out, "Who", lock.who()).append(',');
        field(out, "Version", lock.version()).append(',');
        field(out, "Created", created).append(',');
        field(out, "Path", lock.path());
        return out.append('}').toString();
    }

    /**
     * Why bytes are not a UTF-8 text Terraform could have written (gzip, UTF-16, invalid sequences),
     * or null when they are. Such a body is malformed, never a reason to give up on the whole store.
     */
    public static String notUtf8(byte[] bytes) {
        if (bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) return "not a lock: gzip-compressed bytes";
        if (bytes.length >= 2 && ((bytes[0] & 0xff) == 0xfe && (bytes[1] & 0xff) == 0xff || (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xfe)) {
            return "not a lock: UTF-16 text (Terraform writes UTF-8)";
        }
        try {
            java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes));
            return null;
        } catch (java.nio.charset.CharacterCodingException e) {
            return "not a lock: invalid UTF-8 bytes";
        }
    }

    /** Decodes a lock body; never throws. A body without an ID is malformed: it cannot be released by ID. */
    public static Decoded decode(String body) {
        if (body == null || body.isBlank()) return malformed("empty body");
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            return malformed("not JSON" + where + ": " + firstLine(e.getOriginalMessage()));
        }
        if (root == null || !root.isObject()) {
            return malformed("not a JSON object (" + (root == null ? "nothing" : root.getNodeType().name().toLowerCase(Locale.ROOT)) + ")");
        }
        // Go's json.Unmarshal refuses a non-string for a string field, so Terraform itself could not read such a lock
        for (String field : FIELDS) {
            JsonNode v = node(root, field);
            if (v != null && !v.isNull() && !v.isTextual()) return malformed(field + " is not a string (" + v.getNodeType().name().toLowerCase(Locale.ROOT) + ")");
        }
        String id = text(root, "ID");
        if (id == null || id.isBlank()) return malformed("no ID");
        String created = text(root, "Created");
        if (created != null && !created.isBlank() && parseCreated(created) == null) return malformed("Created is not a time: " + firstLine(created));
        return new Decoded(new LockInfo(id, text(root, "Operation"), text(root, "Info"), text(root, "Who"),
                text(root, "Version"), created, parseCreated(created), text(root, "Path")), null);
    }

    /** RFC 3339 with any fraction and offset, as Go's time.Time unmarshals it; null when unparsable. */
    public static Instant parseCreated(String created) {
        if (created == null || created.isBlank()) return null;
        try {
            return OffsetDateTime.parse(created.trim(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Go's RFC3339Nano in UTC: "2026-11-26T14:03:01.123456789Z", trailing fraction zeros dropped. */
    public static String rfc3339Nano(Instant t) {
        OffsetDateTime utc = t.atOffset(ZoneOffset.UTC);
        return DATE_TIME.format(utc) + fraction(utc.getNano()) + "Z";
    }

    /** Go's default time format (time.Time.String()) in UTC: "2026-11-26 14:03:01.123456789 +0000 UTC". */
    public static String goTime(Instant t) {
        OffsetDateTime utc = t.atOffset(ZoneOffset.UTC);
        return GO_DATE_TIME.format(utc) + fraction(utc.getNano()) + " +0000 UTC";
    }

    /** Terraform's "Lock Info:" block, as printed under "Error acquiring the state lock". */
    public static String lockInfoBlock(LockInfo lock) {
        String created = lock.createdAt() != null ? goTime(lock.createdAt()) : nz(lock.created());
        return "Lock Info:\n"
                + "  ID:        " + nz(lock.id()) + "\n"
                + "  Path:      " + nz(lock.path()) + "\n"
                + "  Operation: " + nz(lock.operation()) + "\n"
                + "  Who:       " + nz(lock.who()) + "\n"
                + "  Version:   " + nz(lock.version()) + "\n"
                + "  Created:   " + created + "\n"
                + "  Info:      " + nz(lock.info()) + "\n";
    }

    private static String fraction(int nanos) {
        if (nanos == 0) return "";
        String digits = String.format(Locale.ROOT, "%09d", nanos);
        int end = digits.length();
        while (digits.charAt(end - 1) == '0') end--;
        return "." + digits.substring(0, end);
    }

    private static Decoded malformed(String why) {
        return new Decoded(null, why);
    }

    private static final String[] FIELDS = {"ID", "Operation", "Info", "Who", "Version", "Created", "Path"};

    /** Go matches struct fields case-insensitively; the exact key wins when both are present. */
    private static String text(JsonNode obj, String key) {
        JsonNode v = node(obj, key);
        if (v == null || v.isNull()) return null;
        return v.isValueNode() ? v.asText() : v.toString();
    }

    private static JsonNode node(JsonNode obj, String key) {
        JsonNode v = obj.get(key);
        if (v == null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equalsIgnoreCase(key)) {
                    v = e.getValue();
                    break;
                }
            }
        }
        return v;
    }

    private static StringBuilder field(StringBuilder out, String key, String value) {
        out.append('"').append(key).append("\":");
        return goString(out, value == null ? "" : value);
    }

    /** Go's encoding/json string escaping with its default HTML escaping. */
    private static StringBuilder goString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '<', '>', '&', '\u2028', '\u2029' -> out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                default -> {
                    if (c < 0x20) out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        return out.append('"');
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
