package dev.baton.github;

import dev.baton.testkit.ManualClock;

import dev.baton.github.RequestScheduler.Held;
import dev.baton.github.RequestScheduler.Permit;
import dev.baton.github.RequestScheduler.Priority;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The scheduler on a manual clock: its sleeper moves the clock, so every wait is measured, none is spent. */
class RequestSchedulerTest {
    final ManualClock clock = new ManualClock();
    final List<Duration> waits = new ArrayList<>();
    final RequestScheduler scheduler = new RequestScheduler("api.test", clock, d -> {
        synchronized (waits) {
            waits.add(d);
        }
        clock.advance(d);
    });

    /** An answer's headers as GitHub sends them, Date on the manual clock. */
    Map<String, String> answer(int limit, int remaining, Duration resetIn) {
        Map<String, String> h = new HashMap<>();
        h.put("Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(clock.instant().atZone(ZoneOffset.UTC)));
        h.put("X-RateLimit-Limit", String.valueOf(limit));
        h.put("X-RateLimit-Remaining", String.valueOf(remaining));
        h.put("X-RateLimit-Reset", String.valueOf(clock.instant().plus(resetIn).getEpochSecond()));
        h.put("X-RateLimit-Resource", "core");
        return h;
    }

    void send(String method, Priority p) throws Exception {
        try (Permit ignored = scheduler.admit(method, p)) {
            // the request crosses the wire here
        }
    }

    @Test
    void aBurstOfReadsStaysWithin900PointsAMinuteLessTheMarginByWaiting() throws Exception {
        Instant start = clock.instant();
        for (int i = 0; i < 2000; i++) send("GET", Priority.POLL);
        RequestScheduler.Stats s = scheduler.stats();
        assertThat(s.admitted()).isEqualTo(2000);
        assertThat(s.peakPointsPerMinute()).isEqualTo(900 - RequestScheduler.Limits.GITHUB.margin()).isLessThan(900);
        // 855 in the first minute, 855 in the second, the last 290 in the third
        assertThat(Duration.between(start, clock.instant())).isGreaterThanOrEqualTo(Duration.ofMinutes(2)).isLessThan(Duration.ofMinutes(3));
    }

    @Test
    void neverMoreThanTheCeilingInAny60sWhateverTheMixOfPrioritiesAndMethods() throws Exception {
        Priority[] mix = {Priority.HOT, Priority.COLD, Priority.FIRST, Priority.WARM, Priority.BACKGROUND, Priority.COLD};
        List<Instant> sentAt = new ArrayList<>();
        List<Integer> sentPoints = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            String method = i % 7 == 0 ? "POST" : "GET";
            send(method, mix[i % mix.length]);
            sentAt.add(clock.instant());
            sentPoints.add(method.equals("POST") ? 5 : 1);
            if (i % 11 == 0) clock.advance(Duration.ofMillis(700)); // arrivals spread out, not only back to back
        }
        // counted here as GitHub counts: every request of the 60 s before each one, that one included
        int peak = 0;
        for (int i = 0, from = 0, points = 0; i < sentAt.size(); i++) {
            points += sentPoints.get(i);
            while (!sentAt.get(from).isAfter(sentAt.get(i).minusSeconds(60))) points -= sentPoints.get(from++);
            peak = Math.max(peak, points);
        }
        assertThat(peak).isLessThanOrEqualTo(RequestScheduler.Limits.GITHUB.ceiling())
                .isGreaterThan(RequestScheduler.Limits.GITHUB.ceiling(Priority.COLD, false)); // filled past the cold polls' share
    }

    @Test
    void coldPollsLeaveHeadroomAHotPollGoesAtOnceInAMinuteTheyFilled() throws Exception {
        int coldCeiling = RequestScheduler.Limits.GITHUB.ceiling(Priority.COLD, false);
        assertThat(coldCeiling).isLessThan(RequestScheduler.Limits.GITHUB.ceiling());
        for (int i = 0; i < coldCeiling; i++) send("GET", Priority.COLD);
        assertThat(waits).isEmpty();
        send("GET", Priority.HOT);
        send("GET", Priority.WARM);
        assertThat(waits).as("hot and warm polls go into the headroom cold ones leave").isEmpty();
        send("GET", Priority.COLD);
        assertThat(waits).as("the next cold poll waits for the window").isNotEmpty();
    }

    @Test
    void anAgedColdPollWithNoneMoreUrgentWaitingKeepsOutOfTheHeadroom() throws Exception {
        Gate gate = new Gate();
        RequestScheduler s = new RequestScheduler("api.test", clock, gate);
        for (int i = 0; i < 800; i++) s.admit("GET", Priority.HOT).close(); // past the cold polls' 684, under 855
        CompletableFuture<Permit> cold = admitAsync(s, Priority.COLD);
        gate.awaitAsleep(1);
        clock.advance(Duration.ofSeconds(20)); // aged
        gate.wakeAll();
        gate.awaitAsleep(1); // it waits for the window again: aged, but first by its own priority
        assertThat(cold).isNotDone();
        s.admit("GET", Priority.HOT).close(); // the headroom is the hot poll's, at once
        assertThat(s.stats().admitted()).isEqualTo(801);
        clock.advance(Duration.ofSeconds(60));
        gate.wakeAll();
        cold.get(10, TimeUnit.SECONDS).close();
    }

    /** A sleeper that sleeps until the test wakes it: several requests asleep at once, woken in a chosen order. */
    static final class Gate implements dev.baton.model.Sleeper {
        private final List<java.util.concurrent.CountDownLatch> asleep = new ArrayList<>();

        @Override
        public void sleep(Duration d) throws InterruptedException {
            java.util.concurrent.CountDownLatch woken = new java.util.concurrent.CountDownLatch(1);
            synchronized (this) {
                asleep.add(woken);
                notifyAll();
            }
            woken.await();
        }

        synchronized void awaitAsleep(int n) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (asleep.size() < n) {
                if (System.nanoTime() > deadline) throw new AssertionError(asleep.size() + " asleep, not " + n);
                wait(100);
            }
        }

        synchronized void wakeFirst() {
            asleep.remove(0).countDown();
        }

        synchronized void wakeAll() {
            asleep.forEach(java.util.concurrent.CountDownLatch::countDown);
            asleep.clear();
        }
    }

    /** 10 points a minute, no margin, a poll ages after agedAfter: small numbers, the same rules. */
    RequestScheduler small(Gate gate, Duration agedAfter) {
        return new RequestScheduler("api.test", clock, gate, new RequestScheduler.Limits(10, 100, 10, Duration.ofSeconds(60), 0, agedAfter, 0));
    }

    static CompletableFuture<Permit> admitAsync(RequestScheduler s, Priority p) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return s.admit("GET", p);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "request");
            t.setDaemon(true);
            return t;
        }));
    }

    static long done(List<CompletableFuture<Permit>> fs) {
        return fs.stream().filter(CompletableFuture::isDone).count();
    }

    static void awaitCount(java.util.function.LongSupplier count, long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (count.getAsLong() < atLeast) {
            if (System.nanoTime() > deadline) throw new AssertionError(count.getAsLong() + ", not " + atLeast);
            Thread.sleep(2);
        }
    }

    @Test
    void aHotPollGoesBeforeAColdOneQueuedEarlierWhenTheBudgetIsShort() throws Exception {
        Gate gate = new Gate();
        RequestScheduler s = small(gate, Duration.ofHours(1));
        Instant t0 = clock.instant();
        for (int i = 0; i < 10; i++) {
            s.admit("GET", Priority.FIRST).close(); // the minute's 10 points, one a second
            clock.advance(Duration.ofSeconds(1));
        }
        CompletableFuture<Permit> cold = admitAsync(s, Priority.COLD);
        gate.awaitAsleep(1); // cold came first: it waits for the window
        CompletableFuture<Permit> hot = admitAsync(s, Priority.HOT);
        gate.awaitAsleep(2);
        clock.advance(Duration.between(clock.instant(), t0.plusSeconds(60))); // one point free: t0's
        long waits = s.stats().waits();
        gate.wakeFirst(); // cold wakes first, and finds the hot poll ahead of it
        awaitCount(() -> s.stats().waits(), waits + 1);
        assertThat(cold).as("the cold poll gave the free point up").isNotDone();
        gate.wakeAll();
        hot.get(10, TimeUnit.SECONDS).close();
        gate.awaitAsleep(1); // cold again waits for the window: the point went to the hot poll
        assertThat(cold).isNotDone();
        assertThat(s.stats().admitted()).isEqualTo(11);
        clock.advance(Duration.ofSeconds(1));
        gate.wakeAll();
        cold.get(10, TimeUnit.SECONDS).close();
    }

    @Test
    void aColdPollQueuedBehindManyHotOnesGoesOnceItWaitedItsBound() throws Exception {
        Gate gate = new Gate();
        RequestScheduler s = small(gate, Duration.ofSeconds(15));
        for (int i = 0; i < 10; i++) s.admit("GET", Priority.FIRST).close(); // the minute's 10 points, all now
        CompletableFuture<Permit> cold = admitAsync(s, Priority.COLD);
        gate.awaitAsleep(1);
        List<CompletableFuture<Permit>> hot = new ArrayList<>();
        for (int i = 0; i < 25; i++) hot.add(admitAsync(s, Priority.HOT));
        gate.awaitAsleep(2); // the first hot poll waits for the window; the others behind it on the monitor
        awaitCount(() -> s.stats().waits(), 2 + 24);
        clock.advance(Duration.ofSeconds(60)); // 10 points free; the cold poll has waited 60 s
        gate.wakeAll();
        awaitCount(() -> s.stats().admitted(), 20);
        gate.awaitAsleep(1); // the next in line waits for the window again
        awaitCount(() -> done(hot) + (cold.isDone() ? 1 : 0), 10); // each admitted request's thread has returned
        assertThat(cold).as("aged past 15 s: before the 25 hot polls queued after it").isDone();
        assertThat(hot.stream().filter(CompletableFuture::isDone).count()).isEqualTo(9);
        cold.get().close();
        drain(s, gate, 36);
    }

    /** Lets the rest through, a minute's 10 points at a time, so that no thread is left waiting. */
    void drain(RequestScheduler s, Gate gate, long total) throws InterruptedException {
        while (s.stats().admitted() < total) {
            long next = Math.min(total, s.stats().admitted() + 10);
            clock.advance(Duration.ofSeconds(60));
            gate.wakeAll();
            awaitCount(() -> s.stats().admitted(), next);
            if (next < total) gate.awaitAsleep(1);
        }
    }

    @Test
    void aBacklogOfAgedColdPollsLetsAHotOneThroughAtOnce() throws Exception {
        Gate gate = new Gate();
        RequestScheduler s = small(gate, Duration.ofSeconds(15));
        Instant t0 = clock.instant();
        for (int i = 0; i < 2; i++) s.admit("GET", Priority.FIRST).close();
        clock.advance(Duration.ofSeconds(10));
        for (int i = 0; i < 8; i++) s.admit("GET", Priority.FIRST).close(); // 2 points free at t0 + 60 s, 8 more at t0 + 70 s
        List<CompletableFuture<Permit>> cold = new ArrayList<>();
        for (int i = 0; i < 10; i++) cold.add(admitAsync(s, Priority.COLD));
        gate.awaitAsleep(1);
        awaitCount(() -> s.stats().waits(), 10);
        clock.advance(Duration.ofSeconds(20)); // the cold polls have waited 20 s: aged
        CompletableFuture<Permit> hot = admitAsync(s, Priority.HOT);
        awaitCount(() -> s.stats().waits(), 11); // behind the oldest aged one, whose turn it is
        clock.advance(Duration.between(clock.instant(), t0.plusSeconds(60)));
        gate.wakeAll();
        awaitCount(() -> s.stats().admitted(), 12);
        gate.awaitAsleep(1);
        awaitCount(() -> done(cold) + (hot.isDone() ? 1 : 0), 2);
        assertThat(cold.stream().filter(CompletableFuture::isDone).count()).as("the oldest aged cold poll had its turn").isEqualTo(1);
        assertThat(hot).as("then the hot one, not after the 9 other aged ones").isDone();
        drain(s, gate, 21);
    }

    @Test
    void withoutTheBoundHotPollsGoFirstAndTheColdOneWaits() throws Exception {
        // the same queue with a bound longer than the test: the cold poll is last, so the test above is the bound's doing
        Gate gate = new Gate();
        RequestScheduler s = small(gate, Duration.ofHours(1));
        for (int i = 0; i < 10; i++) s.admit("GET", Priority.FIRST).close();
        CompletableFuture<Permit> cold = admitAsync(s, Priority.COLD);
        gate.awaitAsleep(1);
        List<CompletableFuture<Permit>> hot = new ArrayList<>();
        for (int i = 0; i < 25; i++) hot.add(admitAsync(s, Priority.HOT));
        gate.awaitAsleep(2);
        awaitCount(() -> s.stats().waits(), 2 + 24);
        clock.advance(Duration.ofSeconds(60));
        gate.wakeAll();
        awaitCount(() -> s.stats().admitted(), 20);
        gate.awaitAsleep(1);
        awaitCount(() -> done(hot), 10);
        assertThat(cold).isNotDone();
        assertThat(hot.stream().filter(CompletableFuture::isDone).count()).isEqualTo(10);
        drain(s, gate, 36);
        cold.get(10, TimeUnit.SECONDS).close();
    }

    @Test
    void aChangeCostsFivePoints() throws Exception {
        for (int i = 0; i < 171; i++) send("POST", Priority.FIRST);
        assertThat(waits).isEmpty();
        send("GET", Priority.FIRST);
        assertThat(waits).as("171 changes are 855 points, the ceiling: the next request waits for the window").isNotEmpty();
        assertThat(scheduler.stats().peakPointsPerMinute()).isLessThanOrEqualTo(855);
    }

    @Test
    void atMostOneHundredInFlightTheNextWaitsForARelease() throws Exception {
        List<Permit> held = new ArrayList<>();
        for (int i = 0; i < 100; i++) held.add(scheduler.admit("GET", Priority.POLL));
        CompletableFuture<Permit> next = CompletableFuture.supplyAsync(() -> admit(Priority.POLL));
        awaitWaiting();
        assertThat(next).isNotDone();
        assertThat(scheduler.inFlight()).isEqualTo(100);
        held.remove(0).close();
        next.get(10, TimeUnit.SECONDS).close();
        assertThat(scheduler.stats().peakInFlight()).isEqualTo(100);
    }

    @Test
    void theOperatorsRequestTakesTheFreedSlotBeforeAWaitingPoll() throws Exception {
        List<Permit> held = new ArrayList<>();
        for (int i = 0; i < 100; i++) held.add(scheduler.admit("GET", Priority.POLL));
        CompletableFuture<Permit> poll = CompletableFuture.supplyAsync(() -> admit(Priority.POLL));
        awaitWaiting();
        CompletableFuture<Permit> operator = CompletableFuture.supplyAsync(() -> admit(Priority.FIRST));
        awaitWaiting();
        held.remove(0).close();
        operator.get(10, TimeUnit.SECONDS);
        assertThat(poll).as("the poll came first but waits").isNotDone();
        held.remove(0).close();
        poll.get(10, TimeUnit.SECONDS);
    }

    @Test
    void pollsArePacedSoThatTheBudgetLastsUntilItsReset() throws Exception {
        Duration hour = Duration.ofMinutes(20);
        int limit = 100;
        int remaining = 60;
        Instant reset = clock.instant().plus(hour);
        scheduler.observe(200, answer(limit, remaining, hour)::get, null);
        int polls = 0;
        while (clock.instant().isBefore(reset.minusSeconds(1)) && remaining > 0) {
            try {
                send("GET", Priority.POLL);
            } catch (Held h) {
                break; // the budget left is the operator's: polls would wait past the longest wait
            }
            polls++;
            remaining--;
            scheduler.observe(200, answer(limit, remaining, Duration.between(clock.instant(), reset))::get, null);
        }
        // reserve: 20 (twice the burst); polling may spend the rest, the burst's 10 early
        assertThat(remaining).as("left for the operator at the reset").isGreaterThanOrEqualTo(10);
        assertThat(polls).as("paced, not stopped").isGreaterThan(30);
        assertThat(waits).isNotEmpty();
    }

    @Test
    void aFreshBudgetIsNotRationedWhateverItsResetSays() throws Exception {
        // a sandbox's scaled clock (or a skewed one) puts the reset hours away: a near-full budget still polls freely
        scheduler.observe(200, answer(5000, 4990, Duration.ofHours(3))::get, null);
        for (int i = 0; i < 40; i++) send("GET", Priority.POLL);
        assertThat(waits).as("40 polls from 4990 of 5000 need no pacing").isEmpty();
    }

    @Test
    void notModifiedAnswersCostNoBudgetAndAreNeverPaced() throws Exception {
        scheduler.observe(200, answer(100, 25, Duration.ofHours(1))::get, null);
        for (int i = 0; i < 50; i++) {
            send("GET", Priority.POLL);
            scheduler.observe(304, answer(100, 24, Duration.ofHours(1))::get, null);
        }
        assertThat(waits).isEmpty();
        assertThat(scheduler.stats().notModified()).isEqualTo(50);
        assertThat(scheduler.stats().counted()).isEqualTo(1);
    }

    @Test
    void theOperatorIsNotPacedWhenPollsAre() throws Exception {
        scheduler.observe(200, answer(100, 21, Duration.ofHours(1))::get, null); // one above the reserve
        for (int i = 0; i < 10; i++) {
            send("GET", Priority.POLL);
            scheduler.observe(200, answer(100, 20, Duration.ofHours(1))::get, null);
        }
        assertThatThrownBy(() -> send("GET", Priority.POLL)).isInstanceOf(Held.class);
        assertThat(scheduler.limitedUntil()).as("polls are held: the screen says until when").isNotNull();
        send("GET", Priority.FIRST);
        send("POST", Priority.POLL); // a change is the operator's whoever sends it
        assertThat(waits).isEmpty();
    }

    @Test
    void aRetryAfterHoldsEveryRequestPollsAreToldTheOperatorWaits() throws Exception {
        Instant t0 = clock.instant();
        scheduler.observe(429, Map.of("Retry-After", "30")::get, null);
        assertThat(scheduler.limitedUntil()).isEqualTo(t0.plusSeconds(30));
        assertThatThrownBy(() -> send("GET", Priority.POLL)).isInstanceOfSatisfying(Held.class,
                h -> assertThat(h.until()).isEqualTo(t0.plusSeconds(30)));
        send("GET", Priority.FIRST);
        assertThat(clock.instant()).as("the operator's request went once the hold was over").isEqualTo(t0.plusSeconds(30));
        assertThat(scheduler.limitedUntil()).isNull();
        send("GET", Priority.POLL);
    }

    @Test
    void aHoldLongerThanAMinuteIsRefusedWithItsTime() throws Exception {
        Instant t0 = clock.instant();
        scheduler.observe(403, answer(5000, 0, Duration.ofMinutes(40))::get, null);
        assertThatThrownBy(() -> send("GET", Priority.FIRST)).isInstanceOfSatisfying(Held.class,
                h -> assertThat(h.until()).isEqualTo(t0.plus(Duration.ofMinutes(40))));
        assertThat(clock.instant()).isEqualTo(t0);
    }

    @Test
    void theResetIsReadOnTheServersClockFromItsDateHeader() throws Exception {
        Instant t0 = clock.instant();
        Map<String, String> h = answer(5000, 0, Duration.ofSeconds(45));
        // the server's clock is 10 minutes ahead of ours: Date and reset both say so
        h.put("Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(t0.plus(Duration.ofMinutes(10)).atZone(ZoneOffset.UTC)));
        h.put("X-RateLimit-Reset", String.valueOf(t0.plus(Duration.ofMinutes(10)).plusSeconds(45).getEpochSecond()));
        scheduler.observe(403, h::get, null);
        assertThat(scheduler.limitedUntil()).isEqualTo(t0.plusSeconds(45));
    }

    @Test
    void aSecondaryLimitWithoutHeadersHoldsAMinuteAPermissionErrorHoldsNothing() throws Exception {
        scheduler.observe(403, Map.<String, String>of()::get, "{\"message\":\"Resource not accessible by integration\"}");
        assertThat(scheduler.limitedUntil()).isNull();
        Instant t0 = clock.instant();
        scheduler.observe(403, Map.<String, String>of()::get, "{\"message\":\"You have exceeded a secondary rate limit.\"}");
        assertThat(scheduler.limitedUntil()).isEqualTo(t0.plusSeconds(60));
    }

    private Permit admit(Priority p) {
        try {
            return scheduler.admit("GET", p);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Until one more thread waits on the scheduler's monitor (a condition, not a guess of time). */
    private int waiting = 0;

    private void awaitWaiting() throws InterruptedException {
        long before = waiting;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (scheduler.stats().waits() <= before) {
            if (System.nanoTime() > deadline) throw new AssertionError("no request came to wait");
            Thread.sleep(5);
        }
        waiting = (int) scheduler.stats().waits();
    }
}
