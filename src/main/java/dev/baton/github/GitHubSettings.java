package dev.baton.github;

import dev.baton.model.RepoRef;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How to reach GitHub. apiUrl: https://api.github.com, https://HOST/api/v3 (GHES) or the sandbox.
 * cacheDir holds OkHttp's HTTP cache, which turns unchanged polls into free 304 revalidations. The credential
 * is a token (personal, fine-grained, `gh auth token`) or a GitHub App, whose installation tokens renew.
 */
public record GitHubSettings(String apiUrl, String token, RepoRef repo, Path cacheDir, Duration timeout, GitHubApp app) {
    public static final String DEFAULT_API = "https://api.github.com";

    public GitHubSettings(String apiUrl, String token, RepoRef repo, Path cacheDir, Duration timeout) {
        this(apiUrl, token, repo, cacheDir, timeout, null);
    }

    /** The Authorization header of the next request ("Bearer ..."), or null without a credential. */
    public String authorization() {
        if (app != null) return app.authorization();
        return token == null ? null : "Bearer " + token;
    }

    /**
     * Which rate-limit budget these requests draw on, never the secret itself: the API URL and the App's id or a
     * fingerprint of the token. One {@link RequestScheduler} per key (command/Baton keeps them).
     */
    public String budgetKey() {
        String who = app != null ? "app:" + app.appId() : token == null ? "anonymous" : CredentialFingerprint.fingerprint(apiUrl, "Bearer " + token);
        return apiUrl + " " + who;
    }

    public boolean hasCredential() {
        return app != null || token != null;
    }

    public GitHubSettings {
        apiUrl = apiUrl == null || apiUrl.isBlank() ? DEFAULT_API : stripSlash(apiUrl.trim());
        timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public String toString() {
        // never print the token
        return "GitHubSettings[" + apiUrl + ", " + repo + ", token=" + (app != null ? "GitHub App" : token == null ? "none" : "set") + "]";
    }
}
