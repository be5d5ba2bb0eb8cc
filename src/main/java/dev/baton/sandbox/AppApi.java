package dev.baton.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The GitHub App endpoints over {@link SandboxApp}: the app's installations and installation tokens
 * (JWT-authenticated; {@link GitHubServer} verifies the JWT before these run), the installation on a
 * repository, and the repositories an installation token reaches. With no app configured the JWT
 * routes answer 401, as GitHub does for a JWT it cannot decode.
 */
final class AppApi {
    private static final String DOCS = "https://docs.github.com/rest/apps/apps";

    private final Supplier<SandboxRepos> repos;
    private final GitHubServer server;

    AppApi(Supplier<SandboxRepos> repos, GitHubServer server) {
        this.repos = repos;
        this.server = server;
    }

    void register(ApiRouter api) {
        api.get("/app/installations", this::installations)
                .post("/app/installations/{installation_id}/access_tokens", this::accessToken)
                .get("/repos/{owner}/{repo}/installation", this::repoInstallation)
                .get("/installation/repositories", this::repositories);
    }

    /** Paths that take the app's JWT instead of a token. */
    static boolean jwtRoute(String path) {
        return path.startsWith("/app/") || path.equals("/app") || path.matches("/repos/[^/]+/[^/]+/installation/?");
    }

    private SandboxApp app() {
        SandboxApp a = server.app();
        if (a == null) throw new ApiException(401, "A JSON web token could not be decoded", DOCS);
        return a;
    }

    private SandboxRepos repos() {
        SandboxRepos r = repos.get();
        if (r == null) throw new ApiException(503, "The sandbox is starting; try again in a moment.");
        return r;
    }

    private ApiResponse installations(ApiRequest req) {
        return ApiResponse.ok(List.of(installation(req, app())));
    }

    private ApiResponse accessToken(ApiRequest req) {
        SandboxApp a = app();
        if (!String.valueOf(a.installationId()).equals(req.param("installation_id"))) {
            throw new ApiException(404, "Not Found", DOCS + "#create-an-installation-access-token-for-an-app");
        }
        Map.Entry<String, Instant> t = a.issue(server.options().clock().instant());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("token", t.getKey());
        m.put("expires_at", GitHubJson.time(t.getValue()));
        m.put("permissions", permissions());
        m.put("repository_selection", a.repositorySelection());
        return ApiResponse.json(201, m);
    }

    private ApiResponse repoInstallation(ApiRequest req) {
        SandboxApp a = app();
        SandboxState s = repos().find(req.param("owner"), req.param("repo"));
        if (s == null || !a.reaches(req.param("owner"), req.param("repo"))) {
            throw new ApiException(404, "Not Found", DOCS + "#get-a-repository-installation-for-the-authenticated-app");
        }
        return ApiResponse.ok(installation(req, a));
    }

    /** Only an installation token lists its installation's repositories (all of the account's). */
    private ApiResponse repositories(ApiRequest req) {
        SandboxApp a = server.app();
        if (a == null || !a.botLogin().equals(req.login())) {
            throw new ApiException(403, "You must authenticate with an installation access token in order to list repositories for an installation.",
                    "https://docs.github.com/rest/apps/installations#list-repositories-accessible-to-the-app-installation");
        }
        List<SandboxState> owned = new ArrayList<>();
        SandboxRepos all = repos();
        for (int i = 0; i < all.size(); i++) {
            SimRepo r = all.repos().get(i);
            if (a.reaches(r.owner(), r.name())) owned.add(all.all().get(i));
        }
        Paging.Page<SandboxState> page = Paging.pages(owned, req);
        List<Map<String, Object>> list = new ArrayList<>();
        for (SandboxState s : page.items()) list.add(FleetApi.repository(req, s.repo()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total_count", page.totalCount());
        body.put("repository_selection", a.repositorySelection());
        body.put("repositories", list);
        return page.linked(ApiResponse.ok(body));
    }

    private static Map<String, Object> permissions() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("actions", "write");
        p.put("contents", "read");
        p.put("deployments", "write");
        p.put("metadata", "read");
        return p;
    }

    private static Map<String, Object> installation(ApiRequest req, SandboxApp a) {
        String api = req.apiBase() + "/app/installations/" + a.installationId();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.installationId());
        Map<String, Object> account = GitHubJson.user(req, a.account(), "Organization");
        // an organisation's account: simple-user's fields and the description's enterprise ones (its anyOf)
        account.put("name", a.account());
        account.put("slug", a.account());
        account.put("created_at", "2020-01-01T00:00:00Z");
        account.put("updated_at", "2020-01-01T00:00:00Z");
        m.put("account", account);
        m.put("repository_selection", a.repositorySelection());
        m.put("access_tokens_url", api + "/access_tokens");
        m.put("repositories_url", req.apiBase() + "/installation/repositories");
        m.put("html_url", req.webBase() + "/organizations/" + a.account() + "/settings/installations/" + a.installationId());
        m.put("app_id", a.appId());
        m.put("app_slug", a.slug());
        m.put("target_id", account.get("id"));
        m.put("target_type", "Organization");
        m.put("permissions", permissions());
        m.put("events", List.of("workflow_run"));
        m.put("created_at", "2025-01-01T00:00:00Z");
        m.put("updated_at", "2025-01-01T00:00:00Z");
        m.put("single_file_name", null);
        m.put("has_multiple_single_files", false);
        m.put("single_file_paths", List.of());
        m.put("suspended_by", null);
        m.put("suspended_at", null);
        return m;
    }
}
