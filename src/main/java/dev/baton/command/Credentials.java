package dev.baton.command;

import dev.baton.github.GitHubApp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static dev.baton.command.Baton.firstNonBlank;

/**
 * Who a {@link Baton} is on GitHub: a GitHub App's installation, else a token (the repository's token_env, GH_TOKEN,
 * GITHUB_TOKEN, `gh auth token`), and the name of that source for `doctor` and errors. Apart from the composition
 * root so that the root reads as what it builds; a token is returned, never printed or logged.
 */
final class Credentials {
    private final Baton baton;

    Credentials(Baton baton) {
        this.baton = baton;
    }

    /**
     * BATON_GITHUB_APP_ID with BATON_GITHUB_APP_PRIVATE_KEY (a PEM file) authenticate as that App's installation on
     * the repository (or BATON_GITHUB_APP_INSTALLATION_ID); they take precedence over a token. Null when unset.
     */
    GitHubApp app() {
        String id = firstNonBlank(baton.env().get("BATON_GITHUB_APP_ID"));
        String key = firstNonBlank(baton.env().get("BATON_GITHUB_APP_PRIVATE_KEY"));
        if (id == null && key == null) return null;
        if (id == null || key == null) {
            throw new IllegalArgumentException("a GitHub App needs both BATON_GITHUB_APP_ID and BATON_GITHUB_APP_PRIVATE_KEY (a PEM file)");
        }
        String inst = firstNonBlank(baton.env().get("BATON_GITHUB_APP_INSTALLATION_ID"));
        Long installation;
        try {
            installation = inst == null ? null : Long.valueOf(inst.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("BATON_GITHUB_APP_INSTALLATION_ID must be a number, not '" + inst + "'");
        }
        return new GitHubApp(baton.apiUrl(), id.trim(), GitHubApp.readPrivateKey(Path.of(key.trim())), installation, baton.repo(),
                Clock.systemUTC(), Duration.ofSeconds(10));
    }

    /**
     * The repository's token_env variable when the configuration names one (nothing else: a github.com token is
     * never sent to another host); else GH_TOKEN, GITHUB_TOKEN, else `gh auth token` (as gh itself and most tools
     * do), asked once per API host in a fleet.
     */
    String token() {
        Config.Repository repoConfig = baton.repoConfig();
        if (repoConfig != null && repoConfig.tokenEnv() != null) {
            String t = firstNonBlank(baton.env().get(repoConfig.tokenEnv().strip()));
            return t == null ? null : t.trim();
        }
        return baton.member() ? baton.shared().token(baton.apiUrl(), this::usualToken) : usualToken();
    }

    String usualToken() {
        String t = firstNonBlank(baton.env().get("GH_TOKEN"), baton.env().get("GITHUB_TOKEN"));
        if (t != null) return t.trim();
        try {
            Process p = new ProcessBuilder("gh", "auth", "token").redirectErrorStream(false).start();
            p.getOutputStream().close();
            if (!p.waitFor(3, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.exitValue() == 0 && !out.isEmpty() ? out : null;
        } catch (IOException e) {
            return null; // no gh installed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Where the credential comes from, by name (never the token itself). */
    String source() {
        String app = firstNonBlank(baton.env().get("BATON_GITHUB_APP_ID"));
        if (app != null) return "GitHub App " + app.trim();
        Config.Repository repoConfig = baton.repoConfig();
        if (repoConfig != null && repoConfig.tokenEnv() != null) return repoConfig.tokenEnv().strip();
        if (firstNonBlank(baton.env().get("GH_TOKEN")) != null) return "GH_TOKEN";
        if (firstNonBlank(baton.env().get("GITHUB_TOKEN")) != null) return "GITHUB_TOKEN";
        return token() != null ? "gh auth token" : "none";
    }
}
