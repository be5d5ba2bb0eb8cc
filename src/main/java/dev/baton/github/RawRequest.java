package dev.baton.github;

import org.kohsuke.github.connector.GitHubConnectorRequest;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A request for the endpoints hub4j lacks (concurrency groups, dispatch with run details, annotations),
 * sent through the same connector as hub4j's own: same connection pool, cache and rate-limit accounting.
 */
record RawRequest(String method, URL url, Map<String, List<String>> allHeaders, String contentType, byte[] bytes)
        implements GitHubConnectorRequest {

    static RawRequest of(String method, URL url, String authorization, byte[] jsonBody) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.put("Accept", List.of("application/vnd.github+json"));
        headers.put("X-GitHub-Api-Version", List.of("2026-03-10"));
        if (authorization != null) headers.put("Authorization", List.of(authorization));
        if (jsonBody != null) headers.put("Content-Type", List.of("application/json"));
        return new RawRequest(method, url, headers, jsonBody == null ? null : "application/json", jsonBody);
    }

    @Override
    public String header(String name) {
        List<String> values = allHeaders.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    @Override
    public InputStream body() {
        return bytes == null ? null : new ByteArrayInputStream(bytes);
    }

    @Override
    public boolean hasBody() {
        return bytes != null;
    }
}
