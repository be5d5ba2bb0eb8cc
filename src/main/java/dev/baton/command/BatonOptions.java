package dev.baton.command;

import java.nio.file.Path;
import java.util.List;

/**
 * What the command line and environment said about the shared parts, before any connection is made.
 * repos: every --repo given (the first is the current repository); orgs: every --org; all: --all, the
 * whole fleet (the configuration's repositories and orgs) rather than one repository.
 */
public record BatonOptions(List<String> repos, Path configFile, boolean readOnly, List<String> orgs, boolean all) {
    public BatonOptions {
        repos = repos == null ? List.of() : List.copyOf(repos);
        orgs = orgs == null ? List.of() : List.copyOf(orgs);
    }

    /** One repository (or none: BATON_REPO, the configuration's first), as before the fleet. */
    public BatonOptions(String repo, Path configFile, boolean readOnly) {
        this(repo == null ? List.of() : List.of(repo), configFile, readOnly, List.of(), false);
    }

    /** The current repository as the command line names it, or null. */
    public String repo() {
        return repos.isEmpty() ? null : repos.get(0);
    }

    /** More than one repository is watched: several --repo, an --org, or --all. */
    public boolean fleet() {
        return all || repos.size() > 1 || !orgs.isEmpty();
    }
}
