package dev.baton.model;

/** Where baton learned of a concurrency group. */
public enum GroupSource {
    /** GitHub's concurrency-groups API: the truth. */
    API,
    /** Resolved from workflow files and runs (older GHES, or an idle group). */
    WORKFLOW_FILES,
    /** Named in baton's configuration. */
    CONFIG
}
