package dev.baton.watch;

import dev.baton.github.WorkflowCatalog;
import dev.baton.model.RepoRef;
import dev.baton.model.Snapshot;
import dev.baton.model.StateLock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.baton.watch.FindingsTest.PROD;
import static dev.baton.watch.FindingsTest.T0;
import static dev.baton.watch.FindingsTest.lock;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A backend folder that cannot be read at start (a 429, a 5xx) leaves its locks out of sight; the engine reads
 * the layout again soon, backing off, rather than at the next catalog refresh ten minutes later.
 */
class LayoutRetryTest {
    final EvictionThenStaleLock.MovingClock clock = new EvictionThenStaleLock.MovingClock(T0);
    final List<java.time.Instant> resolvedAt = new ArrayList<>();
    volatile boolean readable;
    final LockSource s3 = new LockSource() {
        @Override public String name() { return "s3://state"; }
        @Override public List<StateLock> list() { return List.of(lock("1111", T0)); }
    };
    final Topology topology = new Topology() {
        @Override
        public Layout resolve(WorkflowCatalog catalog) {
            resolvedAt.add(clock.instant());
            return readable ? new Layout(List.of(PROD), List.of(s3), List.of())
                    : new Layout(List.of(PROD), List.of(), List.of("cannot read the backend files in infra: 429"), true);
        }
    };

    @Test
    void aPartialLayoutIsReadAgainWithinSecondsWithBackoffAndThenNoMore() {
        try (WatchEngine engine = new WatchEngine(new RepoRef("acme", "deploy"), new EvictionThenStaleLock.ScriptedGitHub(),
                topology, List.of(), WatchSettings.defaults(), clock, null)) {
            Snapshot first = engine.pollOnce();
            assertThat(first.locks()).isEmpty();
            assertThat(engine.problems()).anyMatch(p -> p.contains("429"));

            clock.advance(Duration.ofSeconds(5));
            engine.pollOnce();
            assertThat(resolvedAt).as("not before the first wait").hasSize(1);

            clock.advance(Duration.ofSeconds(10)); // 15 s after the failure
            engine.pollOnce();
            assertThat(resolvedAt).as("read again after 15 s").hasSize(2);

            clock.advance(Duration.ofSeconds(20)); // still partial: the next wait is 30 s
            engine.pollOnce();
            assertThat(resolvedAt).hasSize(2);

            readable = true;
            clock.advance(Duration.ofSeconds(10));
            Snapshot back = engine.pollOnce();
            assertThat(resolvedAt).hasSize(3);
            assertThat(back.locks()).as("the lock is back in sight").hasSize(1);
            assertThat(engine.problems()).noneMatch(p -> p.contains("429"));

            clock.advance(Duration.ofMinutes(5));
            engine.pollOnce();
            assertThat(resolvedAt).as("a complete layout waits for the catalog refresh").hasSize(3);
        }
    }
}
