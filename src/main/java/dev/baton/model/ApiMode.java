package dev.baton.model;

/** How baton learns group membership: GitHub's concurrency-groups API, or resolving workflow files. */
public enum ApiMode { CONCURRENCY_API, WORKFLOW_FILES, UNKNOWN }
