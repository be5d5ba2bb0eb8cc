package dev.baton.watch;

import dev.baton.github.DispatchResult;
import dev.baton.github.GitHubPort;
import dev.baton.github.GroupDetail;
import dev.baton.github.RequestMeter;
import dev.baton.model.Job;
import dev.baton.model.RateLimit;
import dev.baton.model.RepoRef;
import dev.baton.model.Run;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The engine never holds a monitor across I/O: while a poll hangs on GitHub, frontends still read the
 * latest snapshot and events, and close() returns within its deadline (it used to wait on the poll's
 * monitor for as long as the poll took, and forever when the poll waited on the closer).
 */
public class WatchEngineThreadsTest {
    /** A GitHub that answers nothing until interrupted, as one behind a dead link does until its timeout. */
    public static class HangingGitHub implements GitHubPort {
        final CountDownLatch entered = new CountDownLatch(1);

        @Override
        public Map<String, String> files(String folder, String... suffixes) {
            entered.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new dev.baton.github.GitHubException(0, "interrupted");
        }

        @Override public List<Run> recentRuns(int perPage) { return List.of(); }
        @Override public Run run(long runId) { throw new UnsupportedOperationException(); }
        @Override public List<Job> jobs(long runId) { return List.of(); }
        @Override public Optional<List<String>> activeGroupNames() { return Optional.of(List.of()); }
        @Override public Optional<GroupDetail> group(String name) { return Optional.empty(); }
        @Override public List<String> annotations(long checkRunId) { return List.of(); }
        @Override public DispatchResult dispatch(String w, String ref, Map<String, String> inputs) { throw new UnsupportedOperationException(); }
        @Override public List<Run> dispatchedRuns(String w, Instant since) { return List.of(); }
        @Override public void cancel(long runId) { throw new UnsupportedOperationException(); }
        @Override public List<dev.baton.model.PendingDeployment> pendingDeployments(long runId) { return List.of(); }
        @Override public void reviewDeployments(long runId, List<Long> ids, boolean approve, String comment) { throw new UnsupportedOperationException(); }
        @Override public List<String> jobLog(long jobId) { return List.of(); }
        @Override public RateLimit rateLimit() { return RateLimit.UNKNOWN; }
        @Override public RequestMeter meter() { return new RequestMeter(); }
    }

    @Test
    void aHangingPollBlocksNeitherReadersNorClose() throws Exception {
        HangingGitHub github = new HangingGitHub();
        WatchEngine engine = new WatchEngine(new RepoRef("acme", "app"), github, Topology.fixed(Topology.Layout.EMPTY), List.of(),
                WatchSettings.defaults(), Clock.systemUTC(), null);
        engine.start();
        assertThat(github.entered.await(5, TimeUnit.SECONDS)).as("the poll reached GitHub").isTrue();

        assertTimeoutPreemptively(Duration.ofSeconds(1), () -> {
            assertThat(engine.latest()).isNotNull();
            assertThat(engine.recentEvents(10)).isEmpty();
        }, "readers wait for nothing while a poll is in flight");
        long t0 = System.nanoTime();
        assertTimeoutPreemptively(WatchEngine.CLOSE_DEADLINE.plusSeconds(2), engine::close, "close has a deadline");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThanOrEqualTo(WatchEngine.CLOSE_DEADLINE.plusSeconds(1));
        assertThat(engine.pollOnce()).as("a poll asked for after close answers the latest snapshot").isSameAs(engine.latest());
    }

    @Test
    void pollOnceFromManyThreadsPollsOnTheWatchThreadOneAtATime() throws Exception {
        java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
        java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        HangingGitHub quiet = new HangingGitHub() {
            @Override
            public Map<String, String> files(String folder, String... suffixes) {
                return Map.of();
            }

            @Override
            public List<Run> recentRuns(int perPage) {
                threads.add(Thread.currentThread().getName());
                most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                inFlight.decrementAndGet();
                return List.of();
            }
        };
        try (WatchEngine engine = new WatchEngine(new RepoRef("acme", "app"), quiet, Topology.fixed(Topology.Layout.EMPTY), List.of(),
                WatchSettings.defaults(), Clock.systemUTC(), null)) {
            List<Thread> callers = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Thread t = new Thread(engine::pollOnce);
                callers.add(t);
                t.start();
            }
            for (Thread t : callers) t.join(5000);
            assertThat(most.get()).as("polls never overlap").isEqualTo(1);
            assertThat(threads).containsExactly("baton-watch");
        }
    }
}
