package dev.baton.sandbox;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An HTTP client of the sandbox's GitHub API that checks every answer against the pinned description
 * ({@link OpenApiDescription}) and records which operation answered which status. Divergences are
 * collected, not thrown, so one run of a story lists them all.
 */
final class ContractProbe {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final OpenApiDescription description;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final String apiRoot;
    private final String token;
    private final List<OpenApiDescription.Divergence> divergences = new ArrayList<>();
    private final Map<String, Set<Integer>> exercised;

    /** apiRoot: "http://127.0.0.1:P" or ".../api/v3"; exercised: shared by the probes of one test class. */
    ContractProbe(OpenApiDescription description, String apiRoot, String token, Map<String, Set<Integer>> exercised) {
        this.description = description;
        this.apiRoot = apiRoot;
        this.token = token;
        this.exercised = exercised;
    }

    HttpResponse<String> get(String pathOrUrl, String... headers) {
        return send("GET", pathOrUrl, null, token, headers);
    }

    HttpResponse<String> post(String pathOrUrl, String body) {
        return send("POST", pathOrUrl, body, token);
    }

    /** token null: no Authorization header. headers: name, value, name, value ... */
    HttpResponse<String> send(String method, String pathOrUrl, String body, String token, String... headers) {
        String url = pathOrUrl.startsWith("http") ? pathOrUrl : apiRoot + pathOrUrl;
        if (!url.startsWith(apiRoot + "/")) throw new IllegalArgumentException(url + " is not below " + apiRoot);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .header("Accept", "application/vnd.github+json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) b.header("Authorization", "Bearer " + token);
        for (int i = 0; i + 1 < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        String rawPath = URI.create(url).getRawPath().substring(URI.create(apiRoot).getRawPath().length());
        if (rawPath.isEmpty()) rawPath = "/";
        String request = method + " " + rawPath + (URI.create(url).getRawQuery() == null ? "" : "?" + URI.create(url).getRawQuery());
        Map<String, String> h = new LinkedHashMap<>();
        r.headers().map().forEach((k, v) -> h.put(k, String.join(", ", v)));
        var op = description.operation(method, rawPath);
        if (op.isPresent()) {
            divergences.addAll(description.check(op.get(), request, r.statusCode(), h, r.body()));
            synchronized (exercised) {
                exercised.computeIfAbsent(op.get().key(), k -> new TreeSet<>()).add(r.statusCode());
            }
        } else if (r.statusCode() == 404) {
            // a path no operation describes: GitHub's plain 404
            divergences.addAll(description.check(OpenApiDescription.unknownPath(method, rawPath), request, 404, h, r.body()));
        } else {
            divergences.add(new OpenApiDescription.Divergence(request, r.statusCode(), "-", "path", "described-operation",
                    "no operation of the description has this path"));
        }
        return r;
    }

    static JsonNode json(HttpResponse<String> r) {
        return JSON.readTree(r.body());
    }

    List<OpenApiDescription.Divergence> divergences() {
        return List.copyOf(divergences);
    }

    /** Operation key -> statuses answered, sorted. */
    Map<String, Set<Integer>> exercised() {
        synchronized (exercised) {
            return new TreeMap<>(exercised);
        }
    }
}
