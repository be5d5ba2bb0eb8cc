package dev.baton.sandbox;

import dev.baton.model.Conclusion;
import dev.baton.model.RunStatus;

import java.time.Instant;

/** A step of a job as GitHub reports it: number from 1 ("Set up job"), status queued|in_progress|completed. */
public record SimStep(int number, String name, RunStatus status, Conclusion conclusion,
                      Instant startedAt, Instant completedAt) {
}
