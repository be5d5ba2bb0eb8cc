package dev.baton.github;

import com.sun.net.httpserver.HttpServer;
import dev.baton.sandbox.GitHubServer;
import dev.baton.testkit.GitHubPerTest;
import okhttp3.Cache;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The token stays off the disk cache, while the cache still answers per credential and across restarts. */
class CredentialFingerprintTest {
    static final String TOKEN = "ghp_FingerprintTestToken0123456789abcd";
    static final String OTHER = "ghp_OtherTestToken0123456789abcdefghij";

    @TempDir
    Path cacheDir;
    @RegisterExtension
    final GitHubPerTest sandbox = new GitHubPerTest(GitHubServer.Options.defaults(TOKEN).withExtraToken(OTHER, "other-user"));

    private GitHubClient client(String token) {
        return sandbox.client(token, cacheDir);
    }

    @Test
    void revalidationsStillWorkPerCredentialAndNoCacheFileHoldsTheToken() throws Exception {
        try (GitHubClient first = client(TOKEN)) {
            first.recentRuns(20);
            first.recentRuns(20);
            assertThat(first.meter().notModified()).as("the second poll is a 304").isEqualTo(1);
        }
        try (GitHubClient restarted = client(TOKEN)) { // takes the cache slot the first one freed
            restarted.recentRuns(20);
            assertThat(restarted.meter().notModified()).as("the fingerprint is the same after a restart").isEqualTo(1);
        }
        try (GitHubClient other = client(OTHER)) {
            other.recentRuns(20);
            assertThat(other.meter().notModified()).as("another token's entry is not offered for revalidation").isZero();
        }

        List<Path> files;
        try (Stream<Path> s = Files.list(cacheDir.resolve("0"))) {
            files = s.toList();
        }
        assertThat(files).isNotEmpty().allSatisfy(p -> {
            String text = Files.readString(p, StandardCharsets.ISO_8859_1);
            assertThat(text).doesNotContain(TOKEN).doesNotContain(OTHER).doesNotContainIgnoringCase("authorization: ");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).isEqualTo("rw-------");
        });
        assertThat(files).anySatisfy(p -> assertThat(Files.readString(p)).contains("Vary: Accept, X-Baton-Credential, Cookie")
                .contains(CredentialFingerprint.HEADER + ": " + CredentialFingerprint.fingerprint(
                        "http://127.0.0.1:" + java.net.URI.create(sandbox.server().baseUrl()).getPort(), "Bearer " + OTHER)));
    }

    @Test
    void theCredentialGoesOnlyToItsOriginAndTheFingerprintNeverOnTheWire() throws Exception {
        Map<String, String> seen = new ConcurrentHashMap<>();
        HttpServer blob = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        HttpServer api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        blob.createContext("/", x -> {
            seen.put("blob", String.valueOf(x.getRequestHeaders().getFirst("Authorization")));
            seen.put("blob-fingerprint", String.valueOf(x.getRequestHeaders().getFirst(CredentialFingerprint.HEADER)));
            byte[] body = "log".getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, body.length);
            try (OutputStream o = x.getResponseBody()) {
                o.write(body);
            }
        });
        api.createContext("/", x -> {
            seen.put("api", String.valueOf(x.getRequestHeaders().getFirst("Authorization")));
            seen.put("api-fingerprint", String.valueOf(x.getRequestHeaders().getFirst(CredentialFingerprint.HEADER)));
            x.getResponseHeaders().add("Location", "http://127.0.0.1:" + blob.getAddress().getPort() + "/logs.zip");
            x.sendResponseHeaders(302, -1);
            x.close();
        });
        blob.start();
        api.start();
        try {
            CredentialFingerprint credential = new CredentialFingerprint();
            OkHttpClient http = new OkHttpClient.Builder().addInterceptor(credential.application())
                    .addNetworkInterceptor(credential.network()).cache(new Cache(cacheDir.toFile(), 1 << 20)).build();
            Request request = new Request.Builder().url("http://127.0.0.1:" + api.getAddress().getPort() + "/runs/1/logs")
                    .header("Authorization", "Bearer " + TOKEN).build();
            try (Response r = http.newCall(request).execute()) {
                assertThat(r.body().string()).isEqualTo("log");
            }
        } finally {
            api.stop(0);
            blob.stop(0);
        }
        assertThat(seen).containsEntry("api", "Bearer " + TOKEN).containsEntry("api-fingerprint", "null")
                .containsEntry("blob", "null").containsEntry("blob-fingerprint", "null");
    }

    @Test
    void varyNamesTheFingerprintInsteadOfAuthorization() {
        assertThat(CredentialFingerprint.varyOnFingerprint(okhttp3.Headers.of("Vary", "Accept, Authorization, Cookie", "Vary", "Accept-Encoding"))
                .values("Vary")).containsExactly("Accept, X-Baton-Credential, Cookie", "Accept-Encoding");
        assertThat(CredentialFingerprint.varyOnFingerprint(okhttp3.Headers.of("ETag", "x")).values("Vary"))
                .as("a credential's response is never shared with another credential").containsExactly("X-Baton-Credential");
    }
}
