package dev.baton.bench;

import dev.baton.testkit.ManualClock;

import dev.baton.github.RequestScheduler;
import dev.baton.model.ApiMode;
import dev.baton.model.Conclusion;
import dev.baton.model.RateLimit;
import dev.baton.model.RepoRef;
import dev.baton.model.Run;
import dev.baton.model.RunStatus;
import dev.baton.model.Snapshot;
import dev.baton.watch.Heat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The request scheduler under a fleet's polls, on a manual clock (an hour takes a second):
 * <ol>
 * <li>One simulated hour of N repositories (3 hot, the rest cold, paced by watch/Heat at a 5 s refresh),
 * each poll three GETs (runs, groups, one group), a hot repository's runs listing changed at every poll (a
 * counted 200), everything else a free 304. Each repository's first poll is uncached (200s). Measured:
 * peak points in any 60 s and the requests a GitHub enforcing 900 points/min would have refused, baton's
 * scheduler beside the same polls sent unscheduled (the baseline, same run).</li>
 * <li>Heat: the same fleet on N threads at once on a clock 30x real time, polls asking at their heat or all in
 * arrival order (the scheduler before priorities): the hot polls' wait for admission.</li>
 * <li>A burst: N repositories' first polls at once on N threads, each request holding its slot for 2 ms
 * of real time (the network): peak in flight against the 100 allowed, same baseline.</li>
 * </ol>
 */
public final class SchedulerBench {
    static final Duration REFRESH = Duration.ofSeconds(5);
    static final Duration HOUR = Duration.ofHours(1);
    static final int HOT = 3;
    static final int REQUESTS_PER_POLL = 3;
    /** A cold poll since the lighter polls: its runs listing alone, unchanged (a 304). */
    static final int LIGHT_COLD_POLL = 1;

    public static void main(String[] args) throws Exception {
        int[] sizes = args.length > 0 ? new int[]{Integer.parseInt(args[0])} : new int[]{50, 300};
        System.out.println("One simulated hour, " + HOT + " hot repositories, the rest cold, refresh " + REFRESH.toSeconds() + " s:");
        System.out.println("repos  GETs/cold poll  client       peak points/min  ratio to 900  refused by a 900/min GitHub  counted  requests  waits  hour took");
        for (int n : sizes) {
            for (int coldGets : new int[]{REQUESTS_PER_POLL, LIGHT_COLD_POLL}) {
                hour(n, coldGets, true);
                hour(n, coldGets, false);
            }
        }
        System.out.println();
        System.out.println("Hot polls' wait for the scheduler, " + HEAT_MINUTES + " simulated minutes on a clock " + SPEED
                + "x real time, one thread a repository, every repository's first poll at once:");
        System.out.println("repos  GETs/cold poll  admitted in       hot wait p50  p95     max     p95 after minute 2  cold wait p95  max     peak points/min");
        for (int n : sizes) {
            for (int coldGets : new int[]{REQUESTS_PER_POLL, LIGHT_COLD_POLL}) {
                heat(n, coldGets, true);
                heat(n, coldGets, false);
            }
        }
        System.out.println();
        System.out.println("A burst of every repository's first poll at once, 2 ms per request:");
        System.out.println("repos  client       peak in flight  ratio to 100");
        int[] bursts = args.length > 0 ? sizes : new int[]{50, 300, 1000};
        for (int n : bursts) {
            burst(n, true);
            burst(n, false);
        }
    }

    /** One simulated hour of polls; scheduled: through the scheduler, else sent when due. */
    static void hour(int repos, int coldGets, boolean scheduled) throws Exception {
        ManualClock clock = new ManualClock();
        Instant start = clock.instant();
        RequestScheduler scheduler = new RequestScheduler("bench", clock, clock::advance);
        Window enforcer = new Window(); // what a GitHub enforcing 900 points per minute would count
        int remaining = 5000;
        Instant reset = start.plus(HOUR);
        long counted = 0, requests = 0, refused = 0;
        PriorityQueue<Due> queue = new PriorityQueue<>();
        for (int i = 0; i < repos; i++) queue.add(new Due(start, i, true));
        while (!queue.isEmpty()) {
            Due d = queue.poll();
            if (!d.at.isBefore(start.plus(HOUR))) break;
            if (clock.instant().isBefore(d.at)) clock.advance(Duration.between(clock.instant(), d.at));
            Instant began = clock.instant();
            boolean hot = d.repo < HOT;
            int gets = d.first || hot ? REQUESTS_PER_POLL : coldGets;
            for (int r = 0; r < gets; r++) {
                RequestScheduler.Permit permit = null;
                if (scheduled) {
                    permit = RequestScheduler.polling(() -> {
                        try {
                            return scheduler.admit("GET", RequestScheduler.Priority.POLL);
                        } catch (RequestScheduler.Held | InterruptedException e) {
                            return null;
                        }
                    });
                    if (permit == null) break; // held: the rest of this poll waits for the next one
                }
                requests++;
                if (!enforcer.add(clock.instant(), 1)) refused++;
                boolean changed = d.first || (hot && r == 0);
                if (changed) {
                    counted++;
                    remaining--;
                }
                if (scheduled) {
                    scheduler.observe(changed ? 200 : 304, headers(clock.instant(), remaining, reset)::get, null);
                    permit.close();
                }
            }
            queue.add(new Due(began.plus(Heat.interval(heat(hot, start, clock.instant()), REFRESH)), d.repo, false));
        }
        Duration took = Duration.between(start, clock.instant());
        System.out.printf("%5d  %14d  %-11s  %15d  %11.2fx  %27d  %7d  %8d  %5d  %s%n", repos, coldGets, scheduled ? "scheduled" : "unscheduled",
                enforcer.peak, enforcer.peak / 900.0, refused, counted, requests, scheduled ? scheduler.stats().waits() : 0,
                took.toMinutes() + " min");
    }

    static final int HEAT_MINUTES = 10;
    static final int SPEED = 30;

    /**
     * N repositories polled at once on N threads through one scheduler, on a clock running SPEED times real time (its
     * sleeper sleeps 1/SPEED of a wait): 3 hot every 5 s (3 GETs), the rest cold every 60 s (coldGets GETs); every
     * first poll 3 GETs, all at the start. byHeat: each poll asks at its heat; else all as POLL, i.e. arrival order
     * (the scheduler before priorities). Measured: each request's wait from asking to admission, in simulated seconds.
     */
    static void heat(int repos, int coldGets, boolean byHeat) throws Exception {
        long t0 = System.nanoTime();
        Instant start = Instant.parse("2026-12-03T14:00:00Z");
        java.time.Clock clock = new java.time.Clock() {
            @Override public Instant instant() { return start.plusNanos((System.nanoTime() - t0) * SPEED); }
            @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
            @Override public java.time.Clock withZone(java.time.ZoneId z) { return this; }
        };
        RequestScheduler scheduler = new RequestScheduler("bench", clock, d -> {
            long nanos = d.toNanos() / SPEED;
            if (nanos > 0) Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        });
        Instant end = start.plus(Duration.ofMinutes(HEAT_MINUTES));
        List<Double> hotWaits = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Double> coldWaits = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Double> hotSteady = java.util.Collections.synchronizedList(new ArrayList<>()); // asked after the first 2 minutes
        Instant steady = start.plus(Duration.ofMinutes(2));
        Window enforcer = new Window();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < repos; i++) {
            boolean hot = i < HOT;
            RequestScheduler.Priority p = !byHeat ? RequestScheduler.Priority.POLL : hot ? RequestScheduler.Priority.HOT : RequestScheduler.Priority.COLD;
            Duration interval = Heat.interval(hot ? Heat.Level.HOT : Heat.Level.COLD, REFRESH);
            Thread t = new Thread(() -> {
                try {
                    boolean first = true;
                    for (Instant due = start; due.isBefore(end); due = due.plus(interval)) {
                        Duration until = Duration.between(clock.instant(), due);
                        if (!until.isNegative()) Thread.sleep(Math.max(0, until.toMillis() / SPEED));
                        int gets = first || hot ? REQUESTS_PER_POLL : coldGets;
                        first = false;
                        for (int r = 0; r < gets; r++) {
                            Instant asked = clock.instant();
                            try (RequestScheduler.Permit ignored = scheduler.admit("GET", p)) {
                                Instant admitted = clock.instant();
                                synchronized (enforcer) {
                                    enforcer.add(admitted, 1);
                                }
                                double waited = Duration.between(asked, admitted).toMillis() / 1000.0;
                                (hot ? hotWaits : coldWaits).add(waited);
                                if (hot && asked.isAfter(steady)) hotSteady.add(waited);
                            }
                        }
                        if (clock.instant().isAfter(due.plus(interval))) due = clock.instant().minus(interval); // a late poll: the next one from now
                    }
                } catch (InterruptedException | RequestScheduler.Held e) {
                    // the end, or the budget: not here (no primary budget is read)
                }
            }, "repo-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) t.join();
        System.out.printf("%5d  %14d  %-16s  %10.1f s  %5.1f s  %5.1f s  %17.1f s  %11.1f s  %5.1f s  %d%n", repos, coldGets,
                byHeat ? "order of heat" : "order of arrival", pct(hotWaits, 0.5), pct(hotWaits, 0.95), pct(hotWaits, 1.0),
                pct(hotSteady, 0.95), pct(coldWaits, 0.95), pct(coldWaits, 1.0), enforcer.peak);
    }

    static double pct(List<Double> xs, double q) {
        List<Double> s = new ArrayList<>(xs);
        if (s.isEmpty()) return 0;
        s.sort(null);
        return s.get(Math.min(s.size() - 1, Math.max(0, (int) Math.ceil(s.size() * q) - 1)));
    }

    /** A hot repository has a run in progress; a cold one last ran two hours ago. */
    static Heat.Level heat(boolean hot, Instant start, Instant now) {
        Run r = new Run(1, "deploy", ".github/workflows/deploy.yml", 1, 1, "push", "a", "abc", "main", "t",
                hot ? RunStatus.IN_PROGRESS : RunStatus.COMPLETED, hot ? null : Conclusion.SUCCESS,
                start.minus(Duration.ofHours(2)), start.minus(Duration.ofHours(2)), start.minus(Duration.ofHours(2)), null);
        Snapshot s = new Snapshot(now, RepoRef.parse("acme/app"), ApiMode.CONCURRENCY_API, RateLimit.UNKNOWN, List.of(r), List.of(),
                List.of(), List.of(), List.of(), Map.of());
        return Heat.of(s, now);
    }

    static Map<String, String> headers(Instant now, int remaining, Instant reset) {
        return Map.of("Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(now.atZone(ZoneOffset.UTC)),
                "X-RateLimit-Limit", "5000", "X-RateLimit-Remaining", String.valueOf(Math.max(0, remaining)),
                "X-RateLimit-Reset", String.valueOf(reset.getEpochSecond()), "X-RateLimit-Resource", "core");
    }

    record Due(Instant at, int repo, boolean first) implements Comparable<Due> {
        @Override
        public int compareTo(Due o) {
            int c = at.compareTo(o.at);
            return c != 0 ? c : Integer.compare(repo, o.repo);
        }
    }

    /** Points in the last 60 s as GitHub would count them; add says whether the request fit under 900. */
    static final class Window {
        final ArrayDeque<Instant> sent = new ArrayDeque<>();
        int peak;

        boolean add(Instant at, int points) {
            while (!sent.isEmpty() && !sent.peekFirst().isAfter(at.minusSeconds(60))) sent.removeFirst();
            for (int i = 0; i < points; i++) sent.addLast(at);
            peak = Math.max(peak, sent.size());
            return sent.size() <= 900;
        }
    }

    /** Every repository's first poll at once: N threads, each request holding its slot 2 ms. */
    static void burst(int repos, boolean scheduled) throws Exception {
        ManualClock clock = new ManualClock();
        RequestScheduler scheduler = new RequestScheduler("bench", clock, clock::advance);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(repos);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(repos);
        List<Throwable> errors = new ArrayList<>();
        for (int i = 0; i < repos; i++) {
            pool.execute(() -> {
                try {
                    go.await();
                    for (int r = 0; r < REQUESTS_PER_POLL; r++) {
                        RequestScheduler.Permit p = scheduled ? scheduler.admit("GET", RequestScheduler.Priority.FIRST) : null;
                        peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                        Thread.sleep(2); // the network (a benchmark's stand-in; the product never sleeps)
                        inFlight.decrementAndGet();
                        if (p != null) p.close();
                    }
                } catch (Throwable t) {
                    synchronized (errors) {
                        errors.add(t);
                    }
                } finally {
                    done.countDown();
                }
            });
        }
        go.countDown();
        done.await();
        pool.shutdown();
        if (!errors.isEmpty()) throw new IllegalStateException(errors.get(0));
        System.out.printf("%5d  %-11s  %14d  %11.2fx%n", repos, scheduled ? "scheduled" : "unscheduled", peak.get(), peak.get() / 100.0);
    }
}
