package dev.baton.github;

import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the credential out of OkHttp's disk cache. GitHub answers {@code Vary: Authorization}, so the
 * cache stores the request's Authorization header, the token in clear text, next to every response.
 * Above the cache ({@link #application()}) the header is swapped for a fingerprint, {@code
 * X-Baton-Credential: sha256:<32 hex>} (a hash of the origin and the header value, so entries stay per
 * credential and survive a restart); below it, on the wire only ({@link #network()}), the real header is
 * put back and the fingerprint removed, and the response's Vary names the fingerprint instead of
 * Authorization. The cache sees, stores and matches only the fingerprint.
 * <p>
 * The credential is put back only for the origin it was given for: a redirect to another host (GitHub's
 * log downloads go to blob storage) goes without it, as OkHttp does with a plain Authorization header.
 */
final class CredentialFingerprint {
    static final String HEADER = "X-Baton-Credential";
    private static final String AUTHORIZATION = "Authorization";

    private record Credential(String authorization, String origin) {
    }

    private final Map<String, Credential> byFingerprint = new ConcurrentHashMap<>();

    /** Add with addInterceptor: replaces Authorization by its fingerprint before the cache sees the request. */
    Interceptor application() {
        return chain -> {
            Request request = chain.request();
            String authorization = request.header(AUTHORIZATION);
            Request.Builder b = request.newBuilder().removeHeader(HEADER);
            if (authorization != null) {
                String origin = origin(request.url());
                String fingerprint = fingerprint(origin, authorization);
                byFingerprint.putIfAbsent(fingerprint, new Credential(authorization, origin));
                b.removeHeader(AUTHORIZATION).header(HEADER, fingerprint);
            }
            return chain.proceed(b.build());
        };
    }

    /** Add with addNetworkInterceptor, before any other: puts the credential back on the wire only. */
    Interceptor network() {
        return chain -> {
            Request cached = chain.request();
            String fingerprint = cached.header(HEADER);
            Request wire = cached;
            if (fingerprint != null) {
                Request.Builder b = cached.newBuilder().removeHeader(HEADER);
                Credential c = byFingerprint.get(fingerprint);
                if (c != null && c.origin().equals(origin(cached.url()))) b.header(AUTHORIZATION, c.authorization());
                wire = b.build();
            }
            Response response = chain.proceed(wire);
            // the cache stores the varying headers of response.request: the fingerprinted one, not the wire's
            Response.Builder r = response.newBuilder().request(cached);
            if (fingerprint != null) r.headers(varyOnFingerprint(response.headers()));
            return r.build();
        };
    }

    /** Vary: Authorization becomes Vary: X-Baton-Credential; the response to a credential always varies on it. */
    static Headers varyOnFingerprint(Headers headers) {
        List<String> vary = headers.values("Vary");
        List<String> rewritten = new ArrayList<>();
        boolean named = false;
        for (String value : vary) {
            List<String> fields = new ArrayList<>();
            for (String f : value.split(",")) {
                String field = f.trim();
                if (field.isEmpty()) continue;
                if (field.equalsIgnoreCase(AUTHORIZATION) || field.equalsIgnoreCase(HEADER)) {
                    if (named) continue;
                    field = HEADER;
                    named = true;
                }
                if (field.equals("*")) named = true; // nothing is cached
                fields.add(field);
            }
            if (!fields.isEmpty()) rewritten.add(String.join(", ", fields));
        }
        if (!named) rewritten.add(HEADER);
        Headers.Builder b = headers.newBuilder().removeAll("Vary");
        for (String v : rewritten) b.add("Vary", v);
        return b.build();
    }

    static String fingerprint(String origin, String authorization) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] d = sha.digest(("baton-http-cache\n" + origin + "\n" + authorization).getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder("sha256:");
            for (int i = 0; i < 16; i++) hex.append(String.format("%02x", d[i]));
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }

    private static String origin(HttpUrl url) {
        return url.scheme() + "://" + url.host() + ":" + url.port();
    }
}
