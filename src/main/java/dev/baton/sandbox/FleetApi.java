package dev.baton.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The endpoints that list the sandbox's repositories, what a client discovering a fleet calls: the
 * organisation ({@code GET /orgs/{org}}) and its repositories ({@code GET /orgs/{org}/repos}, paged
 * with GitHub's Link header). Repositories are listed by full name (GitHub's {@code sort=full_name};
 * every sandbox repository was created at the same instant, so the default {@code created} order is
 * the same).
 */
final class FleetApi {
    private static final String DOCS = "https://docs.github.com/rest/repos/repos#list-organization-repositories";

    private final Supplier<SandboxRepos> repos;

    FleetApi(Supplier<SandboxRepos> repos) {
        this.repos = repos;
    }

    void register(ApiRouter api) {
        api.get("/orgs/{org}", this::organization)
                .get("/orgs/{org}/repos", this::orgRepos);
    }

    private SandboxRepos repos() {
        SandboxRepos r = repos.get();
        if (r == null) throw new ApiException(503, "The sandbox is starting; try again in a moment.");
        return r;
    }

    /** The repositories of an owner (case-insensitive), by full name; 404 when it owns none. */
    private List<SandboxState> of(String org) {
        List<SandboxState> out = new ArrayList<>();
        SandboxRepos all = repos();
        for (int i = 0; i < all.size(); i++) {
            if (all.repos().get(i).owner().equalsIgnoreCase(org)) out.add(all.all().get(i));
        }
        if (out.isEmpty()) throw new ApiException(404, "Not Found", DOCS);
        return out;
    }

    private ApiResponse orgRepos(ApiRequest req) {
        List<SandboxState> owned = of(req.param("org"));
        Paging.Page<SandboxState> page = Paging.pages(owned, req);
        List<Map<String, Object>> out = new ArrayList<>();
        SandboxRepos all = repos();
        for (SandboxState s : page.items()) {
            Map<String, Object> r = repository(req, s.repo());
            if (all.archived(s.repo())) r.put("archived", true);
            out.add(r);
        }
        return page.linked(ApiResponse.ok(out));
    }

    /** A repository as GET /repos/{owner}/{repo} shows it, pushed_at being its newest commit. */
    static Map<String, Object> repository(ApiRequest req, SimRepo repo) {
        Instant pushed = repo.commits().isEmpty() ? repo.createdAt() : repo.commits().get(repo.commits().size() - 1).timestamp();
        return GitHubJson.repository(req, repo, pushed, pushed);
    }

    private ApiResponse organization(ApiRequest req) {
        List<SandboxState> owned = of(req.param("org"));
        SimRepo first = owned.get(0).repo();
        String login = first.owner();
        String api = req.apiBase() + "/orgs/" + login;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("login", login);
        m.put("id", GitHubJson.userId(login));
        m.put("node_id", GitHubJson.nodeId("O", GitHubJson.userId(login)));
        m.put("url", api);
        m.put("repos_url", api + "/repos");
        m.put("events_url", api + "/events");
        m.put("hooks_url", api + "/hooks");
        m.put("issues_url", api + "/issues");
        m.put("members_url", api + "/members{/member}");
        m.put("public_members_url", api + "/public_members{/member}");
        m.put("avatar_url", req.webBase() + "/avatars/" + login);
        m.put("description", "baton sandbox organisation");
        m.put("name", login);
        m.put("twitter_username", null);
        m.put("is_verified", false);
        m.put("has_organization_projects", false);
        m.put("has_repository_projects", false);
        m.put("public_repos", 0);
        m.put("public_gists", 0);
        m.put("followers", 0);
        m.put("following", 0);
        m.put("html_url", req.webBase() + "/" + login);
        m.put("type", "Organization");
        m.put("total_private_repos", owned.size());
        m.put("owned_private_repos", owned.size());
        m.put("created_at", GitHubJson.time(first.createdAt()));
        m.put("updated_at", GitHubJson.time(first.createdAt()));
        m.put("archived_at", null);
        return ApiResponse.ok(m);
    }
}
