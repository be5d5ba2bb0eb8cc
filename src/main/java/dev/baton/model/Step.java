package dev.baton.model;

import java.time.Instant;

public record Step(int number, String name, RunStatus status, Conclusion conclusion, Instant startedAt, Instant completedAt) {
}
