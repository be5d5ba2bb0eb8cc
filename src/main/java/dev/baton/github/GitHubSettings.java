package dev.baton.github;

import dev.baton.model.RepoRef;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How to reach GitHub. apiUrl: https://api.github.com, https://HOST/api/v3 (GHES) or the sandbox.
 * cacheDir holds OkHttp's HTTP cache, which turns unchanged polls into free 304 revalidations.
 */
public record GitHubSettings(String apiUrl, String token, RepoRef repo, Path cacheDir, Duration timeout) {
    public static final String DEFAULT_API = "https://api.github.com";

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
        return "GitHubSettings[" + apiUrl + ", " + repo + ", token=" + (token == null ? "none" : "set") + "]";
    }
}
