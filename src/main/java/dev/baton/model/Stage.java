package dev.baton.model;

import java.time.Instant;
import java.util.List;

/** One environment of the pipeline (dev -> preprod -> production) and what it last deployed. */
public record Stage(String name, int order, List<String> groups, String lastDeployedSha, long lastDeployedRunId,
                    Instant lastDeployedAt, List<Long> activeRunIds) {
    public Stage {
        groups = groups == null ? List.of() : List.copyOf(groups);
        activeRunIds = activeRunIds == null ? List.of() : List.copyOf(activeRunIds);
    }
}
