package dev.baton.command;

import dev.baton.github.GitHubClient;
import dev.baton.github.GitHubSettings;
import dev.baton.github.WorkflowCatalog;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * GitHub's: GET /orgs/{org}/repos through hub4j, then each repository's workflow files. One client per API host
 * and credential for the fleet's life, so that its HTTP cache makes the hourly listing conditional (ETags: 304s).
 */
final class OrgDirectory implements Fleet.Directory, AutoCloseable {
    private final Baton root;
    private final Map<String, GitHubClient> clients = new ConcurrentHashMap<>();

    OrgDirectory(Baton root) {
        this.root = root;
    }

    @Override
    public List<String> repositories(Config.Org org, String apiUrl, String token) {
        return listing(org, apiUrl, token).stream().filter(r -> !r.archived()).map(GitHubClient.OrgRepository::fullName).toList();
    }

    @Override
    public List<GitHubClient.OrgRepository> listing(Config.Org org, String apiUrl, String token) {
        return client(apiUrl, token).organizationListing(org.org().strip());
    }

    private GitHubClient client(String apiUrl, String token) {
        // the credential's scheduler, shared with every member: a client of its own would spend points the
        // others do not see, and the first minute's polls would then cross GitHub's 900 points
        String key = apiUrl + "|" + token; // in memory only, never written or logged
        return clients.computeIfAbsent(key, k -> {
            // a cache folder of the org listings' own (a member's is its repository's): the hourly listing's 304s
            java.nio.file.Path cache = Config.githubCacheDir(root.env()).resolve("orgs").resolve(Baton.segment(Fleet.hostOf(apiUrl)));
            GitHubSettings settings = new GitHubSettings(apiUrl, token, null, cache, Duration.ofSeconds(10));
            return new GitHubClient(settings, root.sleeper(), root.scheduler(settings));
        });
    }

    @Override
    public boolean relevant(Baton member) {
        // through the member's own client, its read left for its watch: the first poll's catalog is this read, so a
        // judged repository's workflows are read once (each of 300 listed twice was 300 more requests at a start)
        return Fleet.relevant(WorkflowCatalog.loadHandingOn(member.github()));
    }

    @Override
    public void close() {
        clients.values().forEach(GitHubClient::close);
        clients.clear();
    }
}
