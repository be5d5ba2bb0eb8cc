package dev.baton.sandbox;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sandbox repository at one instant. files: path -> text (the same at every commit: merges are
 * content-free, they only move the branch); commits oldest first; branches: name -> head sha.
 */
public record SimRepo(long id, String owner, String name, String defaultBranch, Map<String, String> files,
                      List<SimCommit> commits, Map<String, String> branches, Instant createdAt) {
    public SimRepo {
        files = Map.copyOf(files);
        commits = List.copyOf(commits);
        branches = Map.copyOf(branches);
    }

    public String fullName() {
        return owner + "/" + name;
    }

    /** The sha a ref names: a branch (with or without refs/heads/), or a known full or 7+ char sha. */
    public Optional<String> resolve(String ref) {
        if (ref == null || ref.isBlank()) return Optional.empty();
        String r = ref.startsWith("refs/heads/") ? ref.substring("refs/heads/".length()) : ref;
        if (branches.containsKey(r)) return Optional.of(branches.get(r));
        if (r.length() >= 7) {
            for (SimCommit c : commits) if (c.sha().startsWith(r)) return Optional.of(c.sha());
        }
        return Optional.empty();
    }
}
