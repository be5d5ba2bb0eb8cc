package dev.baton.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * GitHub's secondary rate limits of the REST API, per token: at most {@code pointsPerMinute} points in
 * any 60 s (a GET, HEAD or OPTIONS costs 1 point, any other method 5) and at most {@code concurrent}
 * requests in flight. A request over either is refused with {@code status} (GitHub answers 403 or 429)
 * and a {@code retry-after}: the seconds until enough points leave the window, or
 * {@code concurrencyRetryAfter} for too many in flight. Also the server's counters for tests and
 * benchmarks: requests per repository, points, peaks, and how many answers each limit gave.
 * Wall-clock time (the server's clock), as clients read retry-after against it.
 */
public final class SecondaryLimits {
    /**
     * pointsPerMinute, concurrent: the limits (0 = off); status: 403 or 429; concurrencyRetryAfter:
     * the retry-after of a refusal for too many requests in flight.
     */
    public record Limits(int pointsPerMinute, int concurrent, int status, Duration concurrencyRetryAfter) {
        public Limits {
            if (pointsPerMinute < 0 || concurrent < 0) throw new IllegalArgumentException("limits must not be negative");
            if (status != 403 && status != 429) throw new IllegalArgumentException("a secondary limit answers 403 or 429, not " + status);
            concurrencyRetryAfter = concurrencyRetryAfter == null ? Duration.ofSeconds(1) : concurrencyRetryAfter;
        }

        /** No secondary limit (the default: existing tests and demos never meet one). */
        public static final Limits OFF = new Limits(0, 0, 403, Duration.ofSeconds(1));

        /** GitHub's documented REST values: 900 points a minute, 100 requests in flight; answered 403. */
        public static final Limits GITHUB = new Limits(900, 100, 403, Duration.ofSeconds(1));

        public Limits withStatus(int s) {
            return new Limits(pointsPerMinute, concurrent, s, concurrencyRetryAfter);
        }
    }

    /** A refusal: the status and the seconds to put in retry-after. */
    public record Refusal(int status, long retryAfterSeconds, String why) {
    }

    /** The counters at one instant. */
    public record Counts(long requests, Map<String, Long> requestsByRepo, long points, int peakPointsPerMinute,
                         int peakInFlight, long secondaryAnswers, long primaryAnswers) {
    }

    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final Clock clock;
    private volatile Limits limits = Limits.OFF;
    private final Map<String, Spend> spends = new HashMap<>();
    private final Map<String, Long> byRepo = new TreeMap<>();
    /** Admitted requests per path (no query): which reads were repeated, for tests and benchmarks. */
    private final Map<String, Long> byPath = new HashMap<>();
    private long requests;
    private long points;
    private int peakPoints;
    private int peakInFlight;
    private final AtomicLong secondaryAnswers = new AtomicLong();
    private final AtomicLong primaryAnswers = new AtomicLong();

    private static final class Spend {
        final ArrayDeque<Instant> at = new ArrayDeque<>();
        final ArrayDeque<Integer> cost = new ArrayDeque<>();
        int inWindow;
        int inFlight;
    }

    public SecondaryLimits(Clock clock) {
        this.clock = clock;
    }

    public Limits limits() {
        return limits;
    }

    /** Changes the limits at once (tests and benchmarks switch them on a running server). */
    public void limits(Limits l) {
        limits = java.util.Objects.requireNonNull(l, "limits");
    }

    /** GitHub's cost of a REST request in secondary-limit points. */
    static int cost(String method) {
        String m = method.toUpperCase(Locale.ROOT);
        return m.equals("GET") || m.equals("HEAD") || m.equals("OPTIONS") ? 1 : 5;
    }

    /**
     * Admits a request of token (counted against path's repository) or refuses it. An admitted request
     * must be {@link #exit exited} when answered.
     */
    public synchronized Refusal enter(String token, String method, String path) {
        Limits l = limits;
        Instant now = clock.instant();
        Spend s = spends.computeIfAbsent(token, t -> new Spend());
        while (!s.at.isEmpty() && !s.at.peekFirst().isAfter(now.minus(WINDOW))) {
            s.at.pollFirst();
            s.inWindow -= s.cost.pollFirst();
        }
        int c = cost(method);
        if (l.concurrent() > 0 && s.inFlight >= l.concurrent()) {
            secondaryAnswers.incrementAndGet();
            return new Refusal(l.status(), Math.max(1, l.concurrencyRetryAfter().toSeconds()), "concurrent");
        }
        if (l.pointsPerMinute() > 0 && s.inWindow + c > l.pointsPerMinute()) {
            // when enough of the oldest points have left the window for this one to fit
            int over = s.inWindow + c - l.pointsPerMinute();
            Instant free = now;
            var times = s.at.iterator();
            var costs = s.cost.iterator();
            while (over > 0 && times.hasNext()) {
                free = times.next().plus(WINDOW);
                over -= costs.next();
            }
            secondaryAnswers.incrementAndGet();
            long wait = Math.max(1, Duration.between(now, free).toMillis() / 1000 + 1);
            return new Refusal(l.status(), wait, "points");
        }
        s.at.addLast(now);
        s.cost.addLast(c);
        s.inWindow += c;
        s.inFlight++;
        requests++;
        points += c;
        peakPoints = Math.max(peakPoints, s.inWindow);
        peakInFlight = Math.max(peakInFlight, s.inFlight);
        String repo = repoOf(path);
        if (repo != null) byRepo.merge(repo, 1L, Long::sum);
        byPath.merge(path, 1L, Long::sum);
        return null;
    }

    /** The admitted request of token has been answered. */
    public synchronized void exit(String token) {
        Spend s = spends.get(token);
        if (s != null && s.inFlight > 0) s.inFlight--;
    }

    /** A primary-limit refusal (403 with x-ratelimit-remaining 0) was answered. */
    void primaryAnswered() {
        primaryAnswers.incrementAndGet();
    }

    public synchronized Counts counts() {
        return new Counts(requests, Map.copyOf(byRepo), points, peakPoints, peakInFlight, secondaryAnswers.get(), primaryAnswers.get());
    }

    /** How many admitted requests named each path (no query), since the start or the last {@link #reset}. */
    public synchronized Map<String, Long> requestsByPath() {
        return Map.copyOf(byPath);
    }

    /** Zeroes the counters and every token's window (a benchmark's warm-up is over). */
    public synchronized void reset() {
        spends.values().forEach(s -> {
            s.at.clear();
            s.cost.clear();
            s.inWindow = 0;
        });
        byRepo.clear();
        byPath.clear();
        requests = 0;
        points = 0;
        peakPoints = 0;
        peakInFlight = 0;
        secondaryAnswers.set(0);
        primaryAnswers.set(0);
    }

    /** "owner/name" (lower case) of a /repos/{owner}/{repo}/... path, else null. */
    static String repoOf(String path) {
        if (!path.startsWith("/repos/")) return null;
        String[] p = path.split("/", 5);
        return p.length >= 4 && !p[2].isEmpty() && !p[3].isEmpty() ? (p[2] + "/" + p[3]).toLowerCase(Locale.ROOT) : null;
    }
}
