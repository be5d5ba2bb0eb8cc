package dev.baton;

import dev.baton.github.GitHubApp;
import dev.baton.github.GitHubClient;
import dev.baton.github.GitHubSettings;
import dev.baton.model.RepoRef;
import dev.baton.sandbox.GitHubServer;
import dev.baton.sandbox.SandboxApp;
import dev.baton.sandbox.SimEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * baton's GitHub App authentication against the sandbox's App: the sandbox writes the private key, verifies
 * the RS256 JWT (signature, iat, exp at most ten minutes on), issues installation tokens that expire, and
 * answers 401 "Bad credentials" to an expired one; baton's GitHubApp discovers the installation, buys a
 * token, and renews it across an expiry while baton's client (hub4j) keeps reading. One clock, moved by
 * hand, is both the server's and the client's: no waiting.
 */
class GitHubAppSandboxTest {
    private static final String USER_TOKEN = "ghp_appsandboxusertoken";
    private static final RepoRef REPO = RepoRef.parse("acme/sentiment-analyzer");

    @TempDir
    Path dir;
    private final dev.baton.testkit.ManualClock clock = new dev.baton.testkit.ManualClock(Instant.parse("2026-12-03T12:00:00Z"));
    private SimEngine engine;
    private GitHubServer server;
    private SandboxApp app;
    private final HttpClient http = HttpClient.newHttpClient();
    /** The app's key, made once for the class: each 2048-bit RSA key takes 0.3-2 s to make. */
    private static final java.security.KeyPair KEYS = SandboxApp.newKeys();

    @BeforeEach
    void start() {
        engine = SimEngine.create();
        app = SandboxApp.forAccount("acme", KEYS);
        app.tokenLifetime(Duration.ofMinutes(20));
        server = new GitHubServer(engine.state(), new GitHubServer.Options("127.0.0.1", 0, USER_TOKEN, "sandbox-user", 5000, clock, Map.of()))
                .app(app).start();
    }

    @AfterEach
    void stop() {
        server.stop();
        engine.close();
    }

    private HttpResponse<String> send(String method, String path, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).header("Authorization", "Bearer " + bearer);
        b.method(method, method.equals("POST") ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody());
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void batonsAppReadsAcrossAnExpiredInstallationTokenWithoutAnError() throws Exception {
        Path pem = dir.resolve("app.pem");
        app.writePrivateKey(pem);
        assertThat(Files.readString(pem)).startsWith("-----BEGIN RSA PRIVATE KEY-----\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pem))).isEqualTo("rw-------");

        // no installation id: baton finds it through GET /repos/{repo}/installation
        GitHubApp batonApp = new GitHubApp(server.baseUrl(), String.valueOf(app.appId()), GitHubApp.readPrivateKey(pem), null, REPO,
                clock, Duration.ofSeconds(10));
        GitHubClient client = new GitHubClient(new GitHubSettings(server.baseUrl(), null, REPO, dir.resolve("cache"), Duration.ofSeconds(10), batonApp));
        engine.state().dispatch("deploy-dev.yml", "main", Map.of(), null);
        assertThat(client.recentRuns(10)).hasSize(1);
        assertThat(app.issued()).isEqualTo(1);
        assertThat(batonApp.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(20)));
        String first = batonApp.authorization().substring("Bearer ".length());
        assertThat(first).startsWith("ghs_");

        // the token expires on the server; the next read renews it and works
        clock.advance(Duration.ofMinutes(21));
        HttpResponse<String> expired = send("GET", "/repos/" + REPO, first);
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(expired.body()).contains("Bad credentials");
        engine.state().dispatch("deploy-dev.yml", "main", Map.of(), null);
        assertThat(client.recentRuns(10)).hasSize(2);
        assertThat(app.issued()).isEqualTo(2);
        assertThat(batonApp.authorization()).doesNotContain(first);

        // and again, renewed five minutes before the expiry as baton does, never meeting a 401
        clock.advance(Duration.ofMinutes(16));
        assertThat(client.recentRuns(10)).hasSize(2);
        assertThat(app.issued()).isEqualTo(3);
    }

    @Test
    void theAppsEndpointsTakeOnlyAValidJwt() throws Exception {
        PrivateKey key = readKey();
        long now = clock.instant().getEpochSecond();
        String good = jwt(key, now - 60, now + 540, app.appId());
        HttpResponse<String> installations = send("GET", "/app/installations", good);
        assertThat(installations.statusCode()).isEqualTo(200);
        assertThat(installations.body()).contains("\"id\":" + app.installationId(), "\"app_id\":" + app.appId());

        assertThat(send("GET", "/app/installations", USER_TOKEN).statusCode()).isEqualTo(401);
        KeyPairGenerator otherKeys = KeyPairGenerator.getInstance("RSA");
        otherKeys.initialize(1024); // any key but the app's: its size does not matter, a small one is made at once
        PrivateKey other = otherKeys.genKeyPair().getPrivate();
        assertThat(send("GET", "/app/installations", jwt(other, now - 60, now + 540, app.appId())).body()).contains("could not be decoded");
        assertThat(send("GET", "/app/installations", jwt(key, now - 60, now + 660, app.appId())).body()).contains("too far in the future");
        assertThat(send("GET", "/app/installations", jwt(key, now - 700, now - 10, app.appId())).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/app/installations", jwt(key, now + 300, now + 500, app.appId())).body()).contains("'Issued at' claim");
        assertThat(send("GET", "/app/installations", jwt(key, now - 60, now + 540, 1)).statusCode()).isEqualTo(401);

        HttpResponse<String> token = send("POST", "/app/installations/" + app.installationId() + "/access_tokens", good);
        assertThat(token.statusCode()).isEqualTo(201);
        assertThat(token.body()).contains("\"expires_at\":\"2026-12-03T12:20:00Z\"");
        String ghs = token.body().replaceAll(".*\"token\":\"(ghs_[A-Za-z0-9]+)\".*", "$1");
        assertThat(send("POST", "/app/installations/999/access_tokens", good).statusCode()).isEqualTo(404);
        // a JWT is not a token for the rest of the API
        assertThat(send("GET", "/repos/" + REPO, good).statusCode()).isEqualTo(401);

        HttpResponse<String> repos = send("GET", "/installation/repositories", ghs);
        assertThat(repos.statusCode()).isEqualTo(200);
        assertThat(repos.body()).contains("\"total_count\":1", "\"full_name\":\"acme/sentiment-analyzer\"");
        assertThat(send("GET", "/installation/repositories", USER_TOKEN).statusCode()).isEqualTo(403);
        clock.advance(Duration.ofMinutes(20));
        assertThat(send("GET", "/installation/repositories", ghs).statusCode()).isEqualTo(401);
    }

    private PrivateKey readKey() throws Exception {
        Path pem = dir.resolve("key.pem");
        app.writePrivateKey(pem);
        return GitHubApp.readPrivateKey(pem);
    }

    private static String jwt(PrivateKey key, long iat, long exp, long iss) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String head = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString(("{\"iat\":" + iat + ",\"exp\":" + exp + ",\"iss\":\"" + iss + "\"}").getBytes(StandardCharsets.UTF_8));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(key);
        rsa.update((head + "." + claims).getBytes(StandardCharsets.US_ASCII));
        return head + "." + claims + "." + b64.encodeToString(rsa.sign());
    }

}
