package dev.baton.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The repositories one GitHub server serves, each over its own engine's state, in listing order; the
 * first is the primary one (its faults apply to the whole server, and paths without an owner/repo,
 * such as the default log downloads, read it). Looked up by "owner/name" case-insensitively, as GitHub does.
 */
public final class SandboxRepos {
    private final List<SandboxState> states;
    private final List<SimRepo> repos;
    private final Map<String, SandboxState> byName = new LinkedHashMap<>();

    private SandboxRepos(List<SandboxState> states) {
        if (states.isEmpty()) throw new IllegalArgumentException("a sandbox serves at least one repository");
        this.states = List.copyOf(states);
        List<SimRepo> rs = new ArrayList<>(states.size());
        for (SandboxState s : states) {
            SimRepo r = s.repo();
            rs.add(r);
            if (byName.put(key(r.owner(), r.name()), s) != null) throw new IllegalArgumentException("two repositories named " + r.fullName());
        }
        this.repos = List.copyOf(rs);
    }

    public static SandboxRepos of(List<SandboxState> states) {
        return new SandboxRepos(states);
    }

    public static SandboxRepos of(SandboxState state) {
        return new SandboxRepos(List.of(state));
    }

    public SandboxState primary() {
        return states.get(0);
    }

    public List<SandboxState> all() {
        return states;
    }

    /** The repository owner/name, or null when none is served under that name. */
    public SandboxState find(String owner, String name) {
        return owner == null || name == null ? null : byName.get(key(owner, name));
    }

    /** The repositories as they were when the server started (names, ids, creation time), in listing order. */
    List<SimRepo> repos() {
        return repos;
    }

    /** Whether this is the primary repository (its log downloads keep the short path). */
    boolean isPrimary(SandboxState s) {
        return s == states.get(0);
    }

    private final java.util.Set<String> archived = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.Set<String> contentsForbidden = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Marks a repository archived: the org's listing says {@code "archived": true} (tests of a fleet's discovery). */
    public void archive(String fullName) {
        archived.add(fullName.toLowerCase(Locale.ROOT));
    }

    boolean archived(SimRepo r) {
        return archived.contains(key(r.owner(), r.name()));
    }

    /**
     * Its files can no longer be read with the sandbox's tokens: contents answer 403 "Resource not accessible by
     * integration", as GitHub does for an App installation without the contents permission on it.
     */
    public void forbidContents(String fullName) {
        contentsForbidden.add(fullName.toLowerCase(Locale.ROOT));
    }

    boolean contentsForbidden(String owner, String name) {
        return owner != null && name != null && contentsForbidden.contains(key(owner, name));
    }

    public int size() {
        return states.size();
    }

    private static String key(String owner, String name) {
        return owner.toLowerCase(Locale.ROOT) + "/" + name.toLowerCase(Locale.ROOT);
    }
}
