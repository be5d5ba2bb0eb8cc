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
                List.of(), WatchSettings.defaults().withInterval(interval), clock, null, PollTimer.sleeping(clock, clock::advance))) {
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
    void theManualClockWaitsForEveryEngineAndMovesToTheEarliestPollDue() throws Exception {
        ManualClock clock = new ManualClock();
        Instant t0 = clock.instant();
        PollTimer timer = PollTimer.sleeping(clock, clock::advance);
        PollTimer.Turns a = timer.turns(); // two engines, both polling
        PollTimer.Turns b = timer.turns();
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch aRan = new CountDownLatch(1);
        CountDownLatch bRan = new CountDownLatch(1);
        b.next(() -> {
            ran.add("b at " + Duration.between(t0, clock.instant()));
            bRan.countDown();
        }, Duration.ofMinutes(5));
        // a still polls: a clock moved now would run b's poll 5 minutes on while a's is on its way
        a.next(() -> {
            ran.add("a at " + Duration.between(t0, clock.instant()));
            aRan.countDown();
        }, Duration.ofMinutes(1));
        assertThat(aRan.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).as("a polls again: the clock waits for it").containsExactly("a at PT1M");
        a.close(); // a closed engine's turn is over: b's poll comes
        assertThat(bRan.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).containsExactly("a at PT1M", "b at PT5M");
    }

    @Test
    void aClosedEnginesPollNeverRuns() throws Exception {
        ManualClock clock = new ManualClock();
        PollTimer timer = PollTimer.sleeping(clock, clock::advance);
        PollTimer.Turns closing = timer.turns();
        PollTimer.Turns other = timer.turns();
        AtomicBoolean ran = new AtomicBoolean();
        closing.next(() -> ran.set(true), Duration.ofMinutes(1));
        closing.close();
        CountDownLatch later = new CountDownLatch(1);
        other.next(later::countDown, Duration.ofMinutes(2)); // due after the closed one's: it would have run first
        assertThat(later.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).as("the closed engine's poll").isFalse();
        other.close();
    }

    @Test
    void theProductsWaitsAreKeptByOneDaemonThreadForEveryEngine() throws Exception {
        List<Thread> threads = new CopyOnWriteArrayList<>();
        CountDownLatch both = new CountDownLatch(2);
        for (int i = 0; i < 2; i++) {
            PollTimer.SHARED.turns().next(() -> {
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
