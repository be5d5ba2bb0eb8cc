package dev.baton.watch;

import dev.baton.github.WorkflowCatalog;

import java.util.List;

/**
 * Turns the repository's workflow files (and whatever else it reads: backend files, configuration) into
 * the environments and lock sources to watch. Called again whenever the catalog is reloaded, so a backend
 * that was unreachable at start-up is picked up later without a restart.
 */
public interface Topology {
    Layout resolve(WorkflowCatalog catalog);

    /** The layout to start from before GitHub first answers (the last one resolved, if kept): EMPTY by default. */
    default Layout remembered() {
        return Layout.EMPTY;
    }

    /** Called once as the first catalog is fetched: start building, in the background, what the layout will likely need. */
    default void prewarm() {
    }

    /**
     * @param partial some of what the layout is read from could not be read (a backend folder answered 429 or
     *                5xx): the engine asks again soon instead of at the next catalog refresh, so locks that
     *                were out of sight come back within a minute or two
     */
    record Layout(List<EnvironmentSpec> environments, List<LockSource> lockSources, List<String> problems, boolean partial) {
        public Layout {
            environments = List.copyOf(environments);
            lockSources = List.copyOf(lockSources);
            problems = problems == null ? List.of() : List.copyOf(problems);
        }

        public Layout(List<EnvironmentSpec> environments, List<LockSource> lockSources, List<String> problems) {
            this(environments, lockSources, problems, false);
        }

        public static final Layout EMPTY = new Layout(List.of(), List.of(), List.of());
    }

    /** A fixed layout, for tests and for configurations that name everything. */
    static Topology fixed(Layout layout) {
        return catalog -> layout;
    }
}
