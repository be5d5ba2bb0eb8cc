package dev.baton.sandbox;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which GitHub the sandbox's REST API imitates. {@code api.github.com} (the default) serves every
 * endpoint under "/" and "/api/v3". A GitHub Enterprise Server release serves only under "/api/v3",
 * and only the operations that release's REST API description has: GHES 3.17 to 3.19 have no
 * concurrency-groups endpoints and no POST .../runs/{run_id}/approve (GitHubApiContractTest checks
 * this list against the pinned descriptions).
 */
public enum ApiFlavour {
    CLOUD("api.github.com", null),
    GHES_3_17("ghes-3.17", "3.17.0"),
    GHES_3_18("ghes-3.18", "3.18.0"),
    GHES_3_19("ghes-3.19", "3.19.0");

    /** Routes (as ApiRouter spells them) that no GHES release up to 3.19 describes. */
    private static final Set<String> ABSENT_FROM_GHES = Set.of(
            "GET /repos/{owner}/{repo}/actions/concurrency_groups",
            "GET /repos/{owner}/{repo}/actions/concurrency_groups/{group+}",
            "GET /repos/{owner}/{repo}/actions/runs/{run_id}/concurrency_groups",
            "POST /repos/{owner}/{repo}/actions/runs/{run_id}/approve");

    private final String id;
    private final String enterpriseVersion;

    ApiFlavour(String id, String enterpriseVersion) {
        this.id = id;
        this.enterpriseVersion = enterpriseVersion;
    }

    /** "api.github.com", "ghes-3.19". */
    public String id() {
        return id;
    }

    public boolean enterprise() {
        return enterpriseVersion != null;
    }

    /** What GHES answers in X-GitHub-Enterprise-Version ("3.19.0"); null for api.github.com. */
    public String enterpriseVersion() {
        return enterpriseVersion;
    }

    /** Whether this flavour serves a route ("GET /repos/{owner}/{repo}/actions/runs"). */
    public boolean serves(String route) {
        return !enterprise() || !ABSENT_FROM_GHES.contains(route);
    }

    /** "api.github.com" (also "cloud", "github.com"), "ghes-3.17", "ghes-3.18", "ghes-3.19". */
    public static ApiFlavour parse(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        if (n.equals("cloud") || n.equals("github.com")) return CLOUD;
        for (ApiFlavour f : values()) {
            if (f.id.equals(n)) return f;
        }
        throw new IllegalArgumentException("unknown API '" + name + "' (known: "
                + Arrays.stream(values()).map(ApiFlavour::id).collect(Collectors.joining(", ")) + ")");
    }
}
