package dev.baton.model;

import java.time.Instant;
import java.util.List;

public record Job(long id, long runId, String name, RunStatus status, Conclusion conclusion,
                  Instant startedAt, Instant completedAt, List<Step> steps, String checkRunUrl, String htmlUrl) {
    public Job {
        steps = steps == null ? List.of() : List.copyOf(steps);
    }
}
