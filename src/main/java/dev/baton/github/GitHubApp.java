package dev.baton.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.model.RepoRef;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Authentication as a GitHub App installation, the way organisations run shared tools: an RS256 JSON Web
 * Token signed with the app's private key proves the app; the installation token it buys (valid one
 * hour) is what every API call carries, renewed five minutes before it expires so that a long watch never
 * meets a 401. The JWT is built with the JDK's own RSA signature (no JWT library: it is three base64url
 * parts). Tokens are never logged or put in an exception's message.
 */
public final class GitHubApp {
    /** GitHub refuses a JWT that lives longer than ten minutes; 60 s back-dating absorbs clock drift. */
    static final Duration JWT_LIFE = Duration.ofMinutes(9);
    static final Duration RENEW_BEFORE = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final String apiUrl;
    private final String appId;
    private final PrivateKey key;
    private final RepoRef repo;
    private final Clock clock;
    private final HttpClient http;
    private volatile Long installationId;
    private String token;
    private Instant expiresAt = Instant.MIN;

    /**
     * @param installationId the installation to act as; null: the one installed on repo (GET /repos/{repo}/installation)
     */
    public GitHubApp(String apiUrl, String appId, PrivateKey key, Long installationId, RepoRef repo, Clock clock, Duration timeout) {
        this.apiUrl = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
        this.appId = appId;
        this.key = key;
        this.installationId = installationId;
        this.repo = repo;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** "Bearer ghs_...": the current installation token, bought or renewed when it has less than five minutes left. */
    public synchronized String authorization() {
        Instant now = clock.instant();
        if (token == null || !now.isBefore(expiresAt.minus(RENEW_BEFORE))) renew(now);
        return "Bearer " + token;
    }

    /** The app's id (no secret): which budget its installation tokens draw on. */
    public String appId() {
        return appId;
    }

    /** When the token in use expires (Instant.MIN before the first). */
    public synchronized Instant expiresAt() {
        return expiresAt;
    }

    private void renew(Instant now) {
        String jwt = jwt(now);
        long id = installationId != null ? installationId : discover(jwt);
        installationId = id;
        JsonNode body = send("POST", "/app/installations/" + id + "/access_tokens", jwt, "an installation token");
        String t = body.path("token").asText("");
        if (t.isEmpty()) throw new GitHubException(0, "GitHub App: no token in GitHub's answer for installation " + id);
        token = t;
        try {
            expiresAt = Instant.parse(body.path("expires_at").asText());
        } catch (RuntimeException e) {
            expiresAt = now.plus(Duration.ofHours(1)); // GitHub's documented lifetime
        }
    }

    private long discover(String jwt) {
        if (repo == null) throw new GitHubException(0, "GitHub App: no installation id and no repository to find it by");
        JsonNode body = send("GET", "/repos/" + repo + "/installation", jwt, "the app's installation on " + repo);
        long id = body.path("id").asLong(0);
        if (id == 0) throw new GitHubException(0, "GitHub App: app " + appId + " is not installed on " + repo);
        return id;
    }

    private JsonNode send(String method, String path, String jwt, String what) {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(apiUrl + path))
                .header("Authorization", "Bearer " + jwt)
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28")
                .timeout(Duration.ofSeconds(30));
        req.method(method, method.equals("POST") ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody());
        HttpResponse<String> r;
        try {
            r = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw GitHubException.wrap("GitHub App: " + what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitHubException(0, "GitHub App: interrupted while asking for " + what);
        }
        JsonNode body;
        try {
            body = JSON.readTree(r.body());
        } catch (IOException e) {
            body = JSON.createObjectNode();
        }
        if (r.statusCode() >= 300) {
            String message = body.path("message").asText("");
            String hint = r.statusCode() == 401 ? " (check the app id and that the private key is the app's current one)" : "";
            throw new GitHubException(r.statusCode(), "GitHub App: " + what + ": " + r.statusCode()
                    + (message.isEmpty() ? "" : " " + GitHubException.firstLine(message)) + hint);
        }
        return body;
    }

    /** An RS256 JWT: issued 60 s ago (clock drift), expiring in nine minutes, issuer the app id. */
    String jwt(Instant now) {
        String header = B64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = B64.encodeToString(("{\"iat\":" + now.minusSeconds(60).getEpochSecond() + ",\"exp\":"
                + now.plus(JWT_LIFE).getEpochSecond() + ",\"iss\":" + JSON.valueToTree(appId) + "}").getBytes(StandardCharsets.UTF_8));
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
            return header + "." + claims + "." + B64.encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("GitHub App: cannot sign the JWT with the private key: " + e.getMessage(), e);
        }
    }

    /**
     * The app's private key from a PEM file: GitHub hands out PKCS#1 ("BEGIN RSA PRIVATE KEY"); PKCS#8
     * ("BEGIN PRIVATE KEY", as openssl pkcs8 writes it) is read too. The error never quotes the file.
     */
    public static PrivateKey readPrivateKey(Path pem) {
        String text;
        try {
            text = Files.readString(pem, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the GitHub App private key " + pem + ": " + e.getMessage());
        }
        boolean pkcs1 = text.contains("-----BEGIN RSA PRIVATE KEY-----");
        if (!pkcs1 && !text.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new IllegalArgumentException(pem + " is not a PEM private key (expected BEGIN RSA PRIVATE KEY or BEGIN PRIVATE KEY)");
        }
        String b64 = text.replaceAll("-----(BEGIN|END) (RSA )?PRIVATE KEY-----", "").replaceAll("\\s", "");
        try {
            byte[] der = Base64.getDecoder().decode(b64);
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs1 ? pkcs8(der) : der));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalArgumentException(pem + " is not a readable RSA private key");
        }
    }

    /** Wraps a PKCS#1 RSAPrivateKey in PKCS#8's PrivateKeyInfo: version 0, the rsaEncryption algorithm, the key as an octet string. */
    static byte[] pkcs8(byte[] pkcs1) {
        byte[] rsaAlgorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[]{0x02, 0x01, 0x00});
        body.writeBytes(rsaAlgorithm);
        body.writeBytes(der(0x04, pkcs1));
        return der(0x30, body.toByteArray());
    }

    private static byte[] der(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else {
            int bytes = n > 0xffffff ? 4 : n > 0xffff ? 3 : n > 0xff ? 2 : 1;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) out.write(n >>> (8 * i));
        }
        out.writeBytes(content);
        return out.toByteArray();
    }
}
