package dev.baton.sandbox;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One API request as the endpoints see it: the path with any "/api/v3" prefix removed, decoded
 * query parameters, the path parameters of the matched route, and the base URL the client used, so
 * that every URL in an answer points back at this server under the same prefix.
 */
public final class ApiRequest {
    private final String method;
    private final String path;
    private final Map<String, List<String>> query;
    private final Map<String, String> headers;
    private final byte[] body;
    private final String apiBase;
    private final String webBase;
    private Map<String, String> pathParams = Map.of();
    private String login;

    ApiRequest(String method, String path, String rawQuery, Map<String, String> headers, byte[] body,
               String apiBase, String webBase) {
        this.method = method.toUpperCase(Locale.ROOT);
        this.path = path;
        this.query = parseQuery(rawQuery);
        this.headers = headers;
        this.body = body == null ? new byte[0] : body;
        this.apiBase = apiBase;
        this.webBase = webBase;
    }

    /** For tests and tools: a GET with a query string. */
    public static ApiRequest get(String path, String rawQuery, String apiBase) {
        return new ApiRequest("GET", path, rawQuery, Map.of(), null, apiBase, apiBase);
    }

    public String method() {
        return method;
    }

    /** The path below the API root, e.g. "/repos/o/r/actions/runs". */
    public String path() {
        return path;
    }

    /** The API root the client used: "http://127.0.0.1:P" or "http://127.0.0.1:P/api/v3". */
    public String apiBase() {
        return apiBase;
    }

    /** The root of html_url links: "http://127.0.0.1:P". */
    public String webBase() {
        return webBase;
    }

    public byte[] body() {
        return body;
    }

    /** A request header by lower-case name, or null. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public String param(String name) {
        String v = pathParams.get(name);
        if (v == null) throw new IllegalArgumentException("no path parameter " + name);
        return v;
    }

    public String paramOr(String name, String dflt) {
        return pathParams.getOrDefault(name, dflt);
    }

    public long longParam(String name) {
        try {
            return Long.parseLong(param(name));
        } catch (NumberFormatException e) {
            throw ApiException.notFound();
        }
    }

    /** The login the request's token belongs to (null before authentication, and for blob downloads). */
    public String login() {
        return login;
    }

    void login(String user) {
        this.login = user;
    }

    void pathParams(Map<String, String> params) {
        this.pathParams = Map.copyOf(params);
    }

    /** The first value of a query parameter, or null (also for an empty value). */
    public String query(String name) {
        List<String> values = query.get(name);
        if (values == null || values.isEmpty() || values.get(0).isEmpty()) return null;
        return values.get(0);
    }

    public int intQuery(String name, int dflt) {
        String v = query(name);
        if (v == null) return dflt;
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    public Map<String, List<String>> queryParams() {
        return query;
    }

    /** This request's URL (API root + path) with the given query parameters replaced or removed (null). */
    public String urlWith(Map<String, String> replace) {
        Map<String, List<String>> q = new LinkedHashMap<>(query);
        replace.forEach((k, v) -> {
            if (v == null) q.remove(k);
            else q.put(k, List.of(v));
        });
        StringBuilder sb = new StringBuilder(apiBase).append(path);
        char sep = '?';
        for (Map.Entry<String, List<String>> e : q.entrySet()) {
            for (String v : e.getValue()) {
                sb.append(sep).append(encode(e.getKey())).append('=').append(encode(v));
                sep = '&';
            }
        }
        return sb.toString();
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static Map<String, List<String>> parseQuery(String raw) {
        if (raw == null || raw.isEmpty()) return Collections.emptyMap();
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return Collections.unmodifiableMap(out);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }
}
