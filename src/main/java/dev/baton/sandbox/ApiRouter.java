package dev.baton.sandbox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Method + path-template routing ("/repos/{owner}/{repo}/actions/runs/{run_id}"). A parameter
 * matches one path segment, except a trailing "{name+}" that takes the rest of the path (for
 * file paths and group names with slashes). Segments are matched after percent-decoding.
 */
public final class ApiRouter {
    /** An endpoint. */
    @FunctionalInterface
    public interface Handler {
        ApiResponse handle(ApiRequest request);
    }

    private record Route(String method, String[] segments, Handler handler) {
    }

    /** The result of a lookup: the handler, its route ("GET /template") and path parameters, or why none matched. */
    record Match(Handler handler, String route, Map<String, String> params, boolean pathKnown) {
    }

    private final List<Route> routes = new ArrayList<>();

    public ApiRouter get(String template, Handler handler) {
        return add("GET", template, handler);
    }

    public ApiRouter post(String template, Handler handler) {
        return add("POST", template, handler);
    }

    public ApiRouter add(String method, String template, Handler handler) {
        routes.add(new Route(method, split(template), handler));
        return this;
    }

    /** Every route as "METHOD /template", in registration order (for the contract test's coverage). */
    List<String> routes() {
        List<String> out = new ArrayList<>();
        for (Route r : routes) out.add(r.method + " /" + String.join("/", r.segments));
        return out;
    }

    Match match(String method, String path) {
        String[] segs = split(path);
        boolean pathKnown = false;
        for (Route r : routes) {
            Map<String, String> params = bind(r.segments, segs);
            if (params == null) continue;
            pathKnown = true;
            if (r.method.equals(method) || (method.equals("HEAD") && r.method.equals("GET"))) {
                return new Match(r.handler, r.method + " /" + String.join("/", r.segments), params, true);
            }
        }
        return new Match(null, null, Map.of(), pathKnown);
    }

    private static Map<String, String> bind(String[] template, String[] segs) {
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < template.length; i++) {
            String t = template[i];
            boolean param = t.startsWith("{") && t.endsWith("}");
            if (param && t.endsWith("+}") && i == template.length - 1) {
                if (segs.length <= i) return null;
                params.put(t.substring(1, t.length() - 2), String.join("/", java.util.Arrays.copyOfRange(segs, i, segs.length)));
                return params;
            }
            if (i >= segs.length) return null;
            if (param) {
                if (segs[i].isEmpty()) return null;
                params.put(t.substring(1, t.length() - 1), segs[i]);
            } else if (!t.equals(segs[i])) {
                return null;
            }
        }
        return template.length == segs.length ? params : null;
    }

    private static String[] split(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.endsWith("/")) p = p.substring(0, p.length() - 1);
        if (p.isEmpty()) return new String[0];
        String[] raw = p.split("/", -1);
        for (int i = 0; i < raw.length; i++) {
            raw[i] = decodeSegment(raw[i]);
        }
        return raw;
    }

    private static String decodeSegment(String s) {
        if (s.indexOf('%') < 0) return s;
        try {
            return java.net.URLDecoder.decode(s.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }
}
