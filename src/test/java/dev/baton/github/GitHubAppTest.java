package dev.baton.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.baton.command.Baton;
import dev.baton.command.BatonOptions;
import dev.baton.model.RepoRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The App's side of GitHub at the port boundary: a loopback HTTP server that checks each JWT's RS256
 * signature with the app's public key, as GitHub does, and sells installation tokens that expire.
 */
class GitHubAppTest {
    static final ObjectMapper JSON = new ObjectMapper();
    /** One RSA key for the class: 2048-bit generation is the slow part of these tests, more so on C1 (no BigInteger intrinsics). */
    static final KeyPair KEYS = rsa();
    KeyPair keys;

    static KeyPair rsa() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
    HttpServer server;
    Instant now = Instant.parse("2026-12-03T10:00:00Z");
    final AtomicInteger sold = new AtomicInteger();
    final List<String> problems = new ArrayList<>();
    final List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();

    final Clock clock = new Clock() {
        @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    };

    @BeforeEach
    void start() throws Exception {
        keys = KEYS;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            String why = verify(ex.getRequestHeaders().getFirst("Authorization"));
            String path = ex.getRequestURI().getPath();
            String body;
            int status = 200;
            if (why != null) {
                problems.add(why);
                status = 401;
                body = "{\"message\":\"A JSON web token could not be decoded\"}";
            } else if (path.equals("/repos/acme/deploy/actions/runs")) {
                seen.add(ex.getRequestHeaders().getFirst("Authorization"));
                body = "{\"total_count\":0,\"workflow_runs\":[]}";
            } else if (path.equals("/repos/acme/deploy/installation")) {
                body = "{\"id\":42}";
            } else if (path.equals("/app/installations/42/access_tokens") && ex.getRequestMethod().equals("POST")) {
                status = 201;
                body = "{\"token\":\"ghs_" + sold.incrementAndGet() + "\",\"expires_at\":\"" + now.plus(Duration.ofHours(1)) + "\"}";
            } else {
                status = 404;
                body = "{\"message\":\"Not Found\"}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, bytes.length);
            ex.getResponseBody().write(bytes);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** GitHub's checks of an app JWT: RS256 by the app's key, issuer the app id, at most ten minutes of life. */
    private String verify(String authorization) {
        if (authorization != null && authorization.startsWith("Bearer ghs_")) return null; // an installation token it sold
        try {
            String[] parts = authorization.substring("Bearer ".length()).split("\\.");
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initVerify(keys.getPublic());
            rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!rsa.verify(Base64.getUrlDecoder().decode(parts[2]))) return "bad signature";
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            if (!claims.path("iss").asText().equals("1234")) return "iss " + claims.path("iss");
            long life = claims.path("exp").asLong() - claims.path("iat").asLong();
            if (life > 600) return "lives " + life + " s";
            if (claims.path("iat").asLong() > now.getEpochSecond()) return "issued in the future";
            return null;
        } catch (Exception e) {
            return e.toString();
        }
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** GitHub hands out PKCS#1 PEM; the JDK writes PKCS#8: unwrap its last octet string. */
    private Path pkcs1Pem(Path dir) throws Exception {
        byte[] p8 = keys.getPrivate().getEncoded();
        int i = 2 + (p8[1] & 0x80) / 0x80 * (p8[1] & 0x7f); // past the outer SEQUENCE header
        i += 3 + 15; // version 0, rsaEncryption AlgorithmIdentifier
        int lenBytes = (p8[i + 1] & 0x80) != 0 ? (p8[i + 1] & 0x7f) : 0;
        byte[] p1 = Arrays.copyOfRange(p8, i + 2 + lenBytes, p8.length);
        Path pem = dir.resolve("app.pem");
        Files.writeString(pem, "-----BEGIN RSA PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(p1)
                + "\n-----END RSA PRIVATE KEY-----\n");
        return pem;
    }

    @Test
    void aTokenIsBoughtWithAVerifiedJwtAndRenewedFiveMinutesBeforeItExpires(@TempDir Path dir) throws Exception {
        GitHubApp app = new GitHubApp(url(), "1234", GitHubApp.readPrivateKey(pkcs1Pem(dir)), null, RepoRef.parse("acme/deploy"),
                clock, Duration.ofSeconds(5));
        assertThat(app.authorization()).isEqualTo("Bearer ghs_1");
        assertThat(problems).isEmpty();
        now = now.plus(Duration.ofMinutes(54));
        assertThat(app.authorization()).as("54 minutes in: the same token").isEqualTo("Bearer ghs_1");
        now = now.plus(Duration.ofMinutes(1)).plusSeconds(1);
        assertThat(app.authorization()).as("under five minutes left: renewed").isEqualTo("Bearer ghs_2");
        assertThat(app.expiresAt()).isEqualTo(now.plus(Duration.ofHours(1)));
        assertThat(sold).hasValue(2);
        assertThat(problems).isEmpty();
    }

    @Test
    void batonCallsTheApiWithTheInstallationTokenWhenTheAppIsConfigured(@TempDir Path dir) throws Exception {
        now = Instant.now().plusSeconds(5); // baton signs on the system clock
        Path pem = pkcs1Pem(dir);
        Map<String, String> env = Map.of("GITHUB_API_URL", url(), "BATON_REPO", "acme/deploy", "GH_TOKEN", "ghp_not_used",
                "BATON_GITHUB_APP_ID", "1234", "BATON_GITHUB_APP_PRIVATE_KEY", pem.toString(),
                "XDG_CACHE_HOME", dir.resolve("cache").toString(), "XDG_STATE_HOME", dir.resolve("state").toString(),
                "XDG_CONFIG_HOME", dir.resolve("config").toString());
        try (Baton baton = new Baton(env, new BatonOptions(null, null, false))) {
            assertThat(baton.tokenSource()).isEqualTo("GitHub App 1234");
            assertThat(baton.github().recentRuns(1)).isEmpty();
        }
        assertThat(seen).containsExactly("Bearer ghs_1");
        assertThat(problems).isEmpty();

        Map<String, String> half = Map.of("BATON_REPO", "acme/deploy", "BATON_GITHUB_APP_ID", "1234",
                "XDG_CACHE_HOME", dir.resolve("cache").toString(), "XDG_CONFIG_HOME", dir.resolve("config").toString());
        try (Baton baton = new Baton(half, new BatonOptions(null, null, false))) {
            assertThatThrownBy(baton::github).hasMessageContaining("needs both BATON_GITHUB_APP_ID and BATON_GITHUB_APP_PRIVATE_KEY");
        }
    }

    @Test
    void pkcs8KeysAreReadAndAWrongKeyIsRefusedWithoutQuotingIt(@TempDir Path dir) throws Exception {
        Path p8 = dir.resolve("p8.pem");
        Files.writeString(p8, "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(keys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        GitHubApp app = new GitHubApp(url(), "1234", GitHubApp.readPrivateKey(p8), 42L, null, clock, Duration.ofSeconds(5));
        assertThat(app.authorization()).isEqualTo("Bearer ghs_1");

        Path other = dir.resolve("other.pem");
        Files.writeString(other, "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(rsa().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        GitHubApp wrong = new GitHubApp(url(), "1234", GitHubApp.readPrivateKey(other), 42L, null, clock, Duration.ofSeconds(5));
        assertThatThrownBy(wrong::authorization).isInstanceOf(GitHubException.class)
                .hasMessage("GitHub App: an installation token: 401 A JSON web token could not be decoded"
                        + " (check the app id and that the private key is the app's current one)");

        Path junk = dir.resolve("junk.pem");
        Files.writeString(junk, "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> GitHubApp.readPrivateKey(junk)).hasMessage(junk + " is not a readable RSA private key");
        Files.writeString(junk, "ghp_secret");
        assertThatThrownBy(() -> GitHubApp.readPrivateKey(junk)).hasMessageNotContaining("ghp_secret")
                .hasMessageContaining("is not a PEM private key");
    }
}
