package dev.baton.github;

import dev.baton.model.Sleeper;
import okhttp3.Interceptor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;

// Over 400 lines: the admission loop, the 60 s window, the primary budget's pacing and the reading of every answer
// share one lock and one state; whose turn it is already lives apart (Turns).
/**
 * Keeps every request baton makes to one GitHub API host with one credential inside GitHub's limits, by
 * waiting, never by failing. One per API host and credential, shared by every {@link GitHubClient} that
 * uses them (the composition root, command/Baton, makes it; the fleet's repositories share it).
 * <ul>
 * <li>Secondary limits: at most {@link Limits#pointsPerMinute} points in any 60 s less a {@link Limits#margin}
 * (GET/HEAD 1, other methods 5) and at most {@link Limits#maxInFlight} requests in flight; cold polls leave a
 * {@link Limits#headroom} of the minute to hot ones and the operator ({@link Limits#ceiling(Priority, boolean)}). When they are short, the
 * most urgent request goes first ({@link Priority}: the operator's, then polls by their repository's heat), and a
 * poll waiting {@link Limits#agedAfter} goes at least every fourth admission, so none starves.</li>
 * <li>Primary budget (x-ratelimit-remaining/reset, read from every answer on the wire): polls take a token
 * from a small bucket refilled at (remaining - reserve) / seconds to reset, so polling alone never spends
 * the budget before the reset; only answers that cost budget take one (a 304 revalidation is free, as
 * GitHub counts it). Mutations and the operator's own commands need no token (the reserve is theirs) and
 * go before waiting polls.</li>
 * <li>A 403/429 with retry-after or an exhausted x-ratelimit-reset holds every request until then; the
 * operator's GETs wait and are retried ({@link ScheduledConnector}), polls are refused at once with the
 * time ({@link Held}) so the watch goes on with the lock stores and shows "rate limited until".</li>
 * </ul>
 * Over 400 lines: the window, the budget's pace, the holds and the admission loop share one lock and one state; whose
 * turn it is among waiting requests is {@link Turns}.
 * <p>
 * Waits go through the injected {@link Sleeper} on the injected clock (tests: a manual clock); a wait for
 * a free slot in flight or for its turn is a wait on its own condition, ended by the release or admission of another request.
 */
public final class RequestScheduler {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RequestScheduler.class);
    private static final Duration WINDOW = Duration.ofMinutes(1);

    /**
     * Who asks, most urgent first: FIRST (a mutation, the operator's command), then the watch's polls by the heat of
     * their repository (watch/Heat: HOT, WARM, COLD), then BACKGROUND (discovery, what can wait longest). When the
     * budget is short the most urgent waiting request goes first, in arrival order within a priority; a poll that has
     * waited {@link Limits#agedAfter} goes at least every fourth admission, so a cold repository is never starved by hot ones.
     */
    public enum Priority {
        FIRST, HOT, WARM, COLD, BACKGROUND;

        /** The watch's polls whose heat is not told: as hot (one repository watched alone polls at the refresh). */
        public static final Priority POLL = HOT;

        /** Any but FIRST: refused at once during a hold, paced by the primary budget. */
        public boolean poll() {
            return this != FIRST;
        }
    }

    /**
     * GitHub's documented secondary limits; burst: polls allowed at once before the budget's pace applies;
     * longestWait: longer than this a request is refused with the time instead ({@link Held}); margin: points of the
     * minute left unused (GitHub counts a request when it arrives, the scheduler when it admits it: one delayed on its
     * way lands in a later window); agedAfter: a poll waiting this long goes at least every fourth admission.
     */
    public record Limits(int pointsPerMinute, int maxInFlight, int burst, Duration longestWait, int margin, Duration agedAfter,
                         int headroom) {
        public static final Limits GITHUB = new Limits(900, 100, 10, Duration.ofSeconds(60), 45, Duration.ofSeconds(15), 171);

        /** The points the scheduler admits in any 60 s: GitHub's less the margin. */
        public int ceiling() {
            return pointsPerMinute - margin;
        }

        /**
         * The points a request of this priority may fill the minute to: the ceiling for FIRST, HOT and a poll taking its
         * aged turn ahead of a more urgent one (see Turns); less half the headroom for WARM, less all of it for COLD and
         * BACKGROUND - so a minute filled by cold polls (a fleet's start, a backlog) still has room for a hot one at once,
         * not 60 s later when the window turns.
         */
        public int ceiling(Priority p, boolean agedTurn) {
            if (agedTurn || p == Priority.FIRST || p == Priority.HOT) return ceiling();
            return ceiling() - (p == Priority.WARM ? headroom / 2 : headroom);
        }
    }

    /** A request may not go before until: held after a rate-limit answer, or the budget is spent until its reset. */
    public static final class Held extends Exception {
        private final Instant until;
        private final long seconds;

        Held(Instant now, Instant until, String why) {
            super(why, null, false, false);
            this.until = until;
            this.seconds = Math.max(1, (Duration.between(now, until).toMillis() + 999) / 1000);
        }

        public Instant until() {
            return until;
        }

        /** Seconds from the refusal to until, at least 1. */
        public long seconds() {
            return seconds;
        }
    }

    /** What the scheduler saw, for tests and the benchmark. */
    public record Stats(long admitted, long counted, long notModified, int peakInFlight, int peakPointsPerMinute,
                        long waits, long refusals, long holds) {
    }

    private static final ThreadLocal<Priority> CURRENT = ThreadLocal.withInitial(() -> Priority.FIRST);

    /** Runs body with this thread's requests as polls whose heat is not told (as hot). */
    public static <T> T polling(Supplier<T> body) {
        return polling(Priority.POLL, body);
    }

    /** Runs body with this thread's requests at priority p (the watch engine's reads, by their repository's heat). */
    public static <T> T polling(Priority p, Supplier<T> body) {
        return withPriority(p, body).get();
    }

    static Priority currentPriority() {
        return CURRENT.get();
    }

    static <T> Supplier<T> withPriority(Priority p, Supplier<T> body) {
        return () -> {
            Priority before = CURRENT.get();
            CURRENT.set(p);
            try {
                return body.get();
            } finally {
                CURRENT.set(before);
            }
        };
    }

    private final String host;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Limits limits;

    // all guarded by lock: a request waits for its turn on its own condition, so a release wakes one thread, not all
    private final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
    private final ArrayDeque<Spent> window = new ArrayDeque<>();
    private int windowPoints;
    private int inFlight;
    /** The requests waiting to be admitted; only the first of them may take a slot. */
    private final Turns turns;
    private Instant heldUntil = Instant.MIN;
    private int limit = -1;
    private int remaining = -1;
    private Instant reset;
    private double tokens;
    private Instant tokensAt;
    private long admitted, counted, notModified, waits, refusals, holds;
    private int peakInFlight, peakPoints;

    private record Spent(Instant at, int points) {
    }


    /** host: the API host it schedules (for the log); clock and sleeper: how it reads time and waits. */
    public RequestScheduler(String host, Clock clock, Sleeper sleeper, Limits limits) {
        this.host = host;
        this.clock = clock;
        this.sleeper = sleeper;
        this.limits = limits;
        this.tokens = limits.burst();
        this.turns = new Turns(lock, limits.agedAfter());
    }

    public RequestScheduler(String host, Clock clock, Sleeper sleeper) {
        this(host, clock, sleeper, Limits.GITHUB);
    }

    /** GitHub's secondary-limit points of a request: 1 for a read, 5 for a change. */
    static int points(String method) {
        return read(method) ? 1 : 5;
    }

    static boolean read(String method) {
        String m = method.toUpperCase(Locale.ROOT);
        return m.equals("GET") || m.equals("HEAD");
    }

    /** A request in flight: closing it frees its slot. */
    public final class Permit implements AutoCloseable {
        private boolean closed;

        @Override
        public void close() {
            lock.lock();
            try {
                if (closed) return;
                closed = true;
                inFlight--;
                turns.signalFirst(clock.instant());
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Waits until the request may go and takes its slot. A change is always FIRST. Throws {@link Held} instead of
     * waiting past a hold (polls at once, the others when it lasts longer than {@link Limits#longestWait}). Only the
     * most urgent waiting request ({@link Turns#first}) sleeps for the window or the pace; the others wait for their turn,
     * each woken alone when it becomes first.
     */
    public Permit admit(String method, Priority asked) throws InterruptedException, Held {
        int points = points(method);
        Priority p = read(method) ? asked : Priority.FIRST;
        Turns.Ticket ticket;
        lock.lock();
        try {
            ticket = turns.enter(p, clock.instant());
        } finally {
            lock.unlock();
        }
        try {
            while (true) {
                Duration wait;
                lock.lock();
                try {
                    Instant now = clock.instant();
                    turns.awake(ticket);
                    expire(now);
                    Duration hold = positive(now, heldUntil);
                    if (!hold.isZero() && (p.poll() || hold.compareTo(limits.longestWait()) > 0)) {
                        refusals++;
                        throw new Held(now, heldUntil, "requests to " + host + " held after a rate-limit answer");
                    }
                    Duration pace = p.poll() ? paceWait(now) : Duration.ZERO;
                    if (pace.compareTo(limits.longestWait()) > 0) {
                        refusals++;
                        throw new Held(now, now.plus(pace), "the rate-limit budget of " + host + " is spent until its reset");
                    }
                    if (turns.first(now) != ticket) {
                        // the first may be waiting for a signal that never came (it aged, or one ahead of it fell asleep)
                        turns.signalFirst(now);
                        waits++;
                        ticket.turn().await(); // its turn: the requests before it admitted, refused or given up
                        continue;
                    }
                    wait = max(hold, max(pace, pointsWait(now, points, limits.ceiling(p, turns.byAgedTurn(ticket, now)))));
                    if (wait.isZero()) {
                        if (inFlight < limits.maxInFlight()) {
                            take(now, points);
                            turns.admitted(ticket, now);
                            return new Permit();
                        }
                        waits++;
                        ticket.turn().await(); // a release wakes it
                        continue;
                    }
                    waits++;
                    turns.asleep(ticket, now.plus(wait)); // the others wait on: waking them would make a herd
                } finally {
                    lock.unlock();
                }
                sleeper.sleep(wait);
            }
        } finally {
            lock.lock();
            try {
                turns.leave(ticket);
                turns.signalFirst(clock.instant());
            } finally {
                lock.unlock();
            }
        }
    }

    private void take(Instant now, int points) {
        inFlight++;
        admitted++;
        window.addLast(new Spent(now, points));
        windowPoints += points;
        peakInFlight = Math.max(peakInFlight, inFlight);
        peakPoints = Math.max(peakPoints, windowPoints); // a poll's token is taken when its answer costs budget (observe)
    }

    private void expire(Instant now) {
        Instant horizon = now.minus(WINDOW);
        while (!window.isEmpty() && !window.peekFirst().at().isAfter(horizon)) windowPoints -= window.removeFirst().points();
    }

    /** How long until points more fit in the last minute's window under ceiling. */
    private Duration pointsWait(Instant now, int points, int ceiling) {
        int over = windowPoints + points - ceiling;
        if (over <= 0) return Duration.ZERO;
        for (Spent s : window) {
            over -= s.points();
            if (over <= 0) return positive(now, s.at().plus(WINDOW)); // expire() lets it go at that instant
        }
        return WINDOW;
    }

    /** How long a poll waits for a token of the primary budget; zero while the budget is unknown. */
    private Duration paceWait(Instant now) {
        if (limit < 0 || reset == null || !reset.isAfter(now)) return Duration.ZERO;
        // half the budget left: nothing to ration yet (the secondary limits still bound a burst). Pacing from the
        // first request rationed a fresh budget over a reset that a skewed or simulated clock puts hours away
        if (remaining > limit / 2) return Duration.ZERO;
        double rate = rate(now);
        refill(now, rate);
        if (tokens >= 1) return Duration.ZERO;
        if (rate <= 0) return positive(now, reset);
        return Duration.ofMillis((long) Math.ceil((1 - tokens) / rate * 1000));
    }

    /** Tokens per second: what polling may spend so that the reserve is left at the reset. */
    private double rate(Instant now) {
        int reserve = Math.max(2 * limits.burst(), limit / 20); // the burst may come early: the operator keeps at least as much
        double seconds = Math.max(1, Duration.between(now, reset).toMillis() / 1000.0);
        return Math.max(0, remaining - reserve) / seconds;
    }

    private void refill(Instant now, double rate) {
        if (tokensAt != null && now.isAfter(tokensAt)) {
            tokens = Math.min(limits.burst(), tokens + rate * Duration.between(tokensAt, now).toMillis() / 1000.0);
        }
        tokensAt = now;
    }

    // ---- what the answers say --------------------------------------------------------------------

    /** An OkHttp network interceptor: every answer on the wire (a revalidation is a 304 here) reports to {@link #observe}. */
    public Interceptor wire() {
        return chain -> {
            okhttp3.Response response = chain.proceed(chain.request());
            int code = response.code();
            String body = null;
            if ((code == 403 || code == 429) && response.header("Retry-After") == null && response.header("X-RateLimit-Remaining") == null) {
                body = response.peekBody(4096).string(); // a secondary limit may say so only in its message
            }
            observe(code, response::header, body);
            return response;
        };
    }

    /** One answer: its budget headers, whether it cost budget (not a 304), and whether it asks baton to wait. */
    public void observe(int status, Function<String, String> header, String body) {
        lock.lock();
        try {
            observeLocked(status, header, body);
        } finally {
            lock.unlock();
        }
    }

    private void observeLocked(int status, Function<String, String> header, String body) {
        Instant now = clock.instant();
        Instant serverNow = date(header.apply("Date"));
        if (status == 304) {
            notModified++;
        } else {
            counted++;
            if (limit >= 0) {
                refill(now, rate(now));
                tokens -= 1;
            }
        }
        String lim = header.apply("X-RateLimit-Limit");
        String rem = header.apply("X-RateLimit-Remaining");
        String res = header.apply("X-RateLimit-Reset");
        String resource = header.apply("X-RateLimit-Resource");
        if (lim != null && rem != null && res != null && (resource == null || resource.equals("core"))) {
            try {
                Instant r = local(Instant.ofEpochSecond(Long.parseLong(res.trim())), now, serverNow);
                if (limit < 0 || reset == null || !r.equals(reset)) refill(now, 0);
                limit = Integer.parseInt(lim.trim());
                remaining = Integer.parseInt(rem.trim());
                reset = r;
            } catch (NumberFormatException ignored) {
                // a header GitHub does not send: the budget stays as last read
            }
        }
        if (status != 403 && status != 429) return;
        Instant until = null;
        String ra = header.apply("Retry-After");
        if (ra != null) {
            try {
                until = now.plusSeconds(Math.max(1, Long.parseLong(ra.trim())));
            } catch (NumberFormatException e) {
                until = now.plus(WINDOW);
            }
        } else if ("0".equals(rem == null ? null : rem.trim()) && reset != null) {
            until = reset.isAfter(now) ? reset : now.plusSeconds(1);
        } else if (status == 429 || GitHubErrors.secondaryLimit(status, body)) {
            until = now.plus(WINDOW); // GitHub's advice without a retry-after: wait at least a minute
        }
        if (until != null && until.isAfter(heldUntil)) {
            holds++;
            heldUntil = until;
            turns.signalAll(); // queued polls are refused now, not when their turn comes
            LOG.info("GitHub answered {}: requests to {} held for {} s", status, host, Duration.between(now, until).toSeconds());
        }
    }

    /** The server's reset on this clock: the answer's Date tells how far ahead the server's clock is. */
    private static Instant local(Instant serverTime, Instant now, Instant serverNow) {
        return serverNow == null ? serverTime : now.plus(Duration.between(serverNow, serverTime));
    }

    private static Instant date(String value) {
        if (value == null) return null;
        try {
            return java.time.ZonedDateTime.parse(value, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (RuntimeException e) {
            return null;
        }
    }

    // ---- what it tells ---------------------------------------------------------------------------

    /** How much longer polls cannot go, from now on this scheduler's clock; null when they can. */
    public Duration limitedFor() {
        lock.lock();
        try {
            Instant until = limitedUntil();
            return until == null ? null : Duration.between(clock.instant(), until);
        } finally {
            lock.unlock();
        }
    }

    /** Until when polls cannot go (a hold, or the budget spent until its reset); null when they can. */
    public Instant limitedUntil() {
        lock.lock();
        try {
            Instant now = clock.instant();
            if (heldUntil.isAfter(now)) return heldUntil;
            Duration pace = paceWait(now);
            return pace.compareTo(limits.longestWait()) > 0 ? now.plus(pace) : null;
        } finally {
            lock.unlock();
        }
    }

    public Stats stats() {
        lock.lock();
        try {
            return new Stats(admitted, counted, notModified, peakInFlight, peakPoints, waits, refusals, holds);
        } finally {
            lock.unlock();
        }
    }

    public int inFlight() {
        lock.lock();
        try {
            return inFlight;
        } finally {
            lock.unlock();
        }
    }

    public Limits limits() {
        return limits;
    }

    private static Duration positive(Instant now, Instant until) {
        return until.isAfter(now) ? Duration.between(now, until) : Duration.ZERO;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
