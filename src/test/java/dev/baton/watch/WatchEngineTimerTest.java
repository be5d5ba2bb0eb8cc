package dev.baton.watch;

import dev.baton.model.Run;
import dev.baton.model.RepoRef;
import dev.baton.model.Snapshot;
import dev.baton.testkit.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The time between the engine's polls is kept by its {@link PollTimer}: the product's shared timer thread, or a test's
 * sleeper that moves a manual clock, so that a story on the sandbox's manual clock spends no wall time between polls.
 */
class WatchEngineTimerTest {
    /** A GitHub with nothing running, answering at once. */
    static final class QuietGitHub extends WatchEngineThreadsTest.HangingGitHub {
        @Override
        public Map<String, String> files(String folder, String... suffixes) {
            return Map.of();
        }

        @Override
        public List<Run> recentRuns(int perPage) {
            return List.of();
        }
    }

    @Test
    void onAManualClockEachWaitBetweenPollsMovesTheClockByTheInterval() throws Exception {
        ManualClock clock = new ManualClock();
        Instant start = clock.instant();
        Duration interval = Duration.ofMinutes(5); // an hour of polls would take an hour of wall time on the shared timer
        List<Instant> polled = new CopyOnWriteArrayList<>();
        CountDownLatch twelve = new CountDownLatch(12);
        try (WatchEngine engine = new WatchEngine(new RepoRef("acme", "app"), new QuietGitHub(), Topology.fixed(Topology.Layout.EMPTY),
                List.of(), WatchSettings.defaults().withInterval(interval), clock, null, PollTimer.sleeping(clock::advance))) {
            engine.subscribe((Snapshot s) -> {
                polled.add(s.takenAt());
                twelve.countDown();
            });
            engine.start();
            assertThat(twelve.await(30, TimeUnit.SECONDS)).as("twelve polls, an hour apart from the first to the last").isTrue();
        }
        List<Instant> first = polled.subList(0, 12);
        for (int i = 0; i < first.size(); i++) assertThat(first.get(i)).isEqualTo(start.plus(interval.multipliedBy(i)));
    }

    @Test
    void aCancelledWaitNeverRunsItsTask() throws Exception {
        CountDownLatch asleep = new CountDownLatch(1);
        CountDownLatch wake = new CountDownLatch(1);
        PollTimer timer = PollTimer.sleeping(d -> {
            asleep.countDown();
            wake.await();
        });
        AtomicBoolean ran = new AtomicBoolean();
        PollTimer.Cancellable first = timer.schedule(() -> ran.set(true), Duration.ofSeconds(5));
        assertThat(asleep.await(5, TimeUnit.SECONDS)).isTrue();
        first.cancel(); // an engine closed while its wait moves the clock
        CountDownLatch next = new CountDownLatch(1);
        timer.schedule(next::countDown, Duration.ZERO); // waits run one at a time, in order: this one comes after
        wake.countDown();
        assertThat(next.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).as("the cancelled task").isFalse();
    }

    @Test
    void theProductsWaitsAreKeptByOneDaemonThreadForEveryEngine() throws Exception {
        List<Thread> threads = new CopyOnWriteArrayList<>();
        CountDownLatch both = new CountDownLatch(2);
        for (int i = 0; i < 2; i++) {
            PollTimer.SHARED.schedule(() -> {
                threads.add(Thread.currentThread());
                both.countDown();
            }, Duration.ofMillis(10));
        }
        assertThat(both.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(threads).hasSize(2).allSatisfy(t -> {
            assertThat(t.getName()).isEqualTo("baton-watch-timer");
            assertThat(t.isDaemon()).isTrue();
        });
        assertThat(threads.get(0)).isSameAs(threads.get(1));
    }
}
