package dev.baton.sandbox;

import dev.baton.workflow.WorkflowSpec;

import java.time.Instant;

/** A workflow file as the engine holds it: its parse (null with error set when it does not parse). */
final class WorkflowDef {
    final long id;
    final String path;
    final WorkflowSpec spec;
    final String error;
    final Instant createdAt;
    long runCounter;

    WorkflowDef(long id, String path, WorkflowSpec spec, String error, Instant createdAt) {
        this.id = id;
        this.path = path;
        this.spec = spec;
        this.error = error;
        this.createdAt = createdAt;
    }

    /** GitHub shows the name key, else the path. */
    String name() {
        return spec == null ? path : spec.displayName();
    }

    String file() {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }

    SimWorkflow view() {
        return new SimWorkflow(id, name(), path, "active", createdAt, createdAt);
    }
}
