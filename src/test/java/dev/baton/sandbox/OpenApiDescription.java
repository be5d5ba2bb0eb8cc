package dev.baton.sandbox;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pinned parts of GitHub's REST API description (src/test/resources/openapi, see its README) and
 * the check of one answer against them: is the status documented for the operation, are the headers
 * it documents there and well-formed, does the body validate against the operation's schema for that
 * status (JSON Schema 2020-12, formats asserted). Statuses GitHub answers on any operation without
 * listing them everywhere (304 to a conditional GET; 4xx/5xx errors) must carry GitHub's documented
 * error bodies: {@code basic-error}, or {@code validation-error} for 422.
 */
final class OpenApiDescription {
    static final String RESOURCE = "/openapi/api.github.com.json";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One documented operation, e.g. "GET /repos/{owner}/{repo}/actions/runs/{run_id}". */
    record Operation(String key, String method, String template, String operationId, JsonNode responses) {
        boolean documents(int status) {
            return responses.has(String.valueOf(status));
        }
    }

    /** A disagreement: where (request, status, JSON path or header), which rule, and what was found. */
    record Divergence(String request, int status, String operationId, String where, String rule, String message) {
        @Override
        public String toString() {
            return request + " -> " + status + " (" + operationId + "): at " + where + " [" + rule + "] " + message;
        }
    }

    private final JsonNode doc;
    private final List<Operation> operations = new ArrayList<>();
    private final SchemaRegistry registry;
    private final Map<String, Schema> compiled = new ConcurrentHashMap<>();

    private OpenApiDescription(JsonNode doc) {
        this.doc = doc;
        for (Map.Entry<String, JsonNode> e : doc.get("operations").properties()) {
            String key = e.getKey();
            int space = key.indexOf(' ');
            operations.add(new Operation(key, key.substring(0, space), key.substring(space + 1),
                    e.getValue().get("operationId").asString(), e.getValue().get("responses")));
        }
        SchemaRegistryConfig config = SchemaRegistryConfig.builder().formatAssertionsEnabled(true)
                .pathType(com.networknt.schema.path.PathType.JSON_PATH).build();
        registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                b -> b.schemaRegistryConfig(config));
    }

    /** The pinned description on the test class path. */
    static OpenApiDescription load() {
        try (InputStream in = OpenApiDescription.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException(RESOURCE + " is not on the class path");
            return new OpenApiDescription(JSON.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a path no operation describes is checked as: any status but 404 is a divergence; 404 is basic-error. */
    static Operation unknownPath(String method, String path) {
        return new Operation(method + " " + path, method, path, "(no operation)", JSON.createObjectNode());
    }

    /** "23.0.2": the version of the @octokit/openapi package the copy was taken from. */
    String version() {
        return doc.get("source").get("version").asString();
    }

    List<Operation> operations() {
        return List.copyOf(operations);
    }

    /** The operation keys a GHES release's description has ("3.19"), in the order of {@link #operations()}. */
    List<String> ghesOperations(String release) {
        List<String> out = new ArrayList<>();
        JsonNode list = doc.get("ghes").get(release);
        if (list == null) throw new IllegalArgumentException("no GHES release " + release + " in the pinned description");
        list.forEach(n -> out.add(n.asString()));
        return out;
    }

    /**
     * The operation a request path (below the API root, without query) belongs to. Parameters match one
     * segment; a trailing {path} or {concurrency_group_name} takes the rest of the path (slashes
     * included), and {path} may be empty: GET .../contents is the repository's root directory.
     */
    Optional<Operation> operation(String method, String path) {
        String[] segs = split(path);
        for (Operation op : operations) {
            if (op.method.equals(method) && matches(split(op.template), segs)) return Optional.of(op);
        }
        return Optional.empty();
    }

    /** Operations whose template is the given router template (the router names parameters its own way). */
    Optional<Operation> operationOfRoute(String method, String routeTemplate) {
        String[] route = split(routeTemplate);
        for (Operation op : operations) {
            if (!op.method.equals(method)) continue;
            String[] t = split(op.template);
            String[] r = route;
            if (r.length == t.length - 1 && t[t.length - 1].equals("{path}")) {
                // ".../contents": the root directory, the same operation with an empty path
                r = java.util.Arrays.copyOf(r, r.length + 1);
                r[r.length - 1] = "{path}";
            }
            if (r.length != t.length) continue;
            boolean same = true;
            for (int i = 0; i < t.length && same; i++) {
                same = isParam(t[i]) ? isParam(r[i]) : t[i].equals(r[i]);
            }
            if (same) return Optional.of(op);
        }
        return Optional.empty();
    }

    private static boolean matches(String[] template, String[] segs) {
        for (int i = 0; i < template.length; i++) {
            String t = template[i];
            boolean last = i == template.length - 1;
            if (last && t.equals("{path}")) return segs.length >= i;
            if (last && t.equals("{concurrency_group_name}")) return segs.length > i;
            if (i >= segs.length) return false;
            if (isParam(t)) {
                if (segs[i].isEmpty()) return false;
            } else if (!t.equals(segs[i])) {
                return false;
            }
        }
        return template.length == segs.length;
    }

    private static boolean isParam(String seg) {
        return seg.startsWith("{") && seg.endsWith("}");
    }

    private static String[] split(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.endsWith("/")) p = p.substring(0, p.length() - 1);
        return p.isEmpty() ? new String[0] : p.split("/", -1);
    }

    /**
     * Checks one answer to an operation. request: "GET /repos/..." as sent (for messages only);
     * headers: names in any case; body: the raw text (empty for none). Empty result: it agrees.
     */
    List<Divergence> check(Operation op, String request, int status, Map<String, String> headers, String body) {
        List<Divergence> out = new ArrayList<>();
        Map<String, String> h = new LinkedHashMap<>();
        headers.forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT), v));
        JsonNode documented = op.responses.get(String.valueOf(status));
        JsonNode schema;
        String schemaKey;
        if (documented != null) {
            schema = documented.get("schema");
            schemaKey = op.key + " " + status;
            if (documented.has("headers")) {
                for (Map.Entry<String, JsonNode> e : documented.get("headers").properties()) {
                    checkHeader(op, request, status, e.getKey(), e.getValue(), h.get(e.getKey().toLowerCase(Locale.ROOT)), out);
                }
            }
        } else if (status == 304 && op.method.equals("GET")) {
            schema = null;
            schemaKey = null;
        } else if (status >= 400) {
            String def = status == 422 ? "validation-error" : "basic-error";
            schema = JSON.createObjectNode().put("$ref", "#/$defs/" + def);
            schemaKey = "error " + def;
        } else {
            out.add(new Divergence(request, status, op.operationId, "status", "documented-status",
                    "the description documents " + fieldNames(op.responses) + " only"));
            return out;
        }
        if (status == 304 || status == 204 || status == 302) {
            if (!body.isEmpty()) out.add(new Divergence(request, status, op.operationId, "body", "empty", "a " + status + " carries no body"));
            return out;
        }
        if (schema == null) return out;
        String type = h.getOrDefault("content-type", "");
        if (!type.startsWith("application/json")) {
            out.add(new Divergence(request, status, op.operationId, "header Content-Type", "media-type",
                    "expected application/json, got '" + type + "'"));
        }
        JsonNode instance;
        try {
            instance = JSON.readTree(body);
        } catch (JacksonException e) {
            out.add(new Divergence(request, status, op.operationId, "body", "json", "not JSON: " + e.getOriginalMessage()));
            return out;
        }
        Schema s = compiled.computeIfAbsent(schemaKey, k -> compile(schema));
        for (Error e : s.validate(instance)) {
            if (acceptedBeyondTheDescription(e)) continue;
            String where = e.getInstanceLocation().toString();
            if (e.getProperty() != null && "required".equals(e.getKeyword())) where = where + "." + e.getProperty();
            out.add(new Divergence(request, status, op.operationId, where, e.getKeyword(), e.getMessage()));
        }
        return out;
    }

    /** GitHub's bot commit addresses (49699333+dependabot[bot]@users.noreply.github.com): not RFC 5321, sent all the same. */
    private static final java.util.regex.Pattern BOT_ADDRESS =
            java.util.regex.Pattern.compile("\\d+\\+[A-Za-z0-9-]+\\[bot]@users\\.noreply\\.github\\.com");

    /**
     * What real GitHub sends that the description does not promise, and a client must take: a bot's
     * address where the schema says format: email. (Unknown fields, null in nullable fields and a
     * string "status" in error bodies need no exception: the schemas allow them.)
     */
    private static boolean acceptedBeyondTheDescription(Error e) {
        if (!"format".equals(e.getKeyword()) || e.getInstanceNode() == null) return false;
        JsonNode format = e.getSchemaNode();
        String name = format == null ? "" : format.isString() ? format.asString() : format.path("format").asString("");
        return name.equals("email") && BOT_ADDRESS.matcher(e.getInstanceNode().asString("")).matches();
    }

    private void checkHeader(Operation op, String request, int status, String name, JsonNode schema, String value,
                             List<Divergence> out) {
        if (value == null) {
            // Link is sent only when there is another page; every other documented header always
            if (!name.equalsIgnoreCase("Link")) {
                out.add(new Divergence(request, status, op.operationId, "header " + name, "required", "missing"));
            }
            return;
        }
        if ("integer".equals(schema.path("type").asString(""))) {
            try {
                Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                out.add(new Divergence(request, status, op.operationId, "header " + name, "type", "'" + value + "' is not an integer"));
            }
        }
        if (name.equalsIgnoreCase("Link") && !value.matches("(<[^>]+>; rel=\"\\w+\")(, <[^>]+>; rel=\"\\w+\")*")) {
            out.add(new Divergence(request, status, op.operationId, "header Link", "format", "'" + value + "' is not RFC 8288 links"));
        }
    }

    private Schema compile(JsonNode schema) {
        ObjectNode root = JSON.createObjectNode();
        root.put("$schema", SpecificationVersion.DRAFT_2020_12.getDialectId());
        root.setAll((ObjectNode) schema.deepCopy());
        root.set("$defs", doc.get("$defs"));
        return registry.getSchema(com.networknt.schema.SchemaLocation.of("https://baton.invalid/openapi/"
                + Integer.toHexString(schema.hashCode()) + ".json"), root);
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.propertyNames().forEach(out::add);
        return out;
    }
}
