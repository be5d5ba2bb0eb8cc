package dev.baton.github;

import dev.baton.github.RequestScheduler.Priority;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Whose turn it is among the requests waiting in a {@link RequestScheduler}: by priority, oldest first within one; a
 * poll that has waited agedAfter goes at the latest after {@link #AGED_EVERY} admissions of others (FIRST excepted), so
 * a cold repository is never starved and a steady backlog of aged cold polls does not push hot ones behind it. Each
 * request waits on its own condition and only the new first is woken: with 300 polls queued, waking all of them at every
 * admission was a herd. Every method is called with the scheduler's lock held.
 */
final class Turns {
    /** While others wait, a poll that has waited agedAfter goes at the latest after this many admissions of others. */
    static final int AGED_EVERY = 3;

    record Ticket(Priority priority, long seq, Instant since, Condition turn) {
    }

    private final ReentrantLock lock;
    private final Duration agedAfter;
    private final List<Ticket> queue = new ArrayList<>();
    /**
     * Tickets whose request sleeps for the window or the pace, with the instant it wakes: not woken by a signal, so not
     * given an aged turn until that instant. Once it has passed the request is on its way back (woken by the same
     * instant as the others), and its aged turn waits for it rather than going to whichever thread got the lock first.
     */
    private final java.util.Map<Ticket, Instant> asleep = new java.util.HashMap<>();
    private long tickets;
    /** Admissions since the last of a poll that had waited agedAfter. */
    private int othersSinceAged = AGED_EVERY;

    Turns(ReentrantLock lock, Duration agedAfter) {
        this.lock = lock;
        this.agedAfter = agedAfter;
    }

    Ticket enter(Priority p, Instant now) {
        Ticket t = new Ticket(p, tickets++, now, lock.newCondition());
        queue.add(t);
        return t;
    }

    void leave(Ticket t) {
        queue.remove(t);
        asleep.remove(t);
    }

    /** t sleeps until wakes. */
    void asleep(Ticket t, Instant wakes) {
        asleep.put(t, wakes);
    }

    /** t is awake: it holds the scheduler's lock. */
    void awake(Ticket t) {
        asleep.remove(t);
    }

    private boolean sleepsPast(Ticket t, Instant now) {
        Instant wakes = asleep.get(t);
        return wakes != null && wakes.isAfter(now);
    }

    boolean aged(Ticket t, Instant now) {
        return t.priority().poll() && !t.since().isAfter(now.minus(agedAfter));
    }

    /** The waiting request that goes next, or null when none waits. */
    Ticket first(Instant now) {
        Ticket best = best();
        Ticket aged = agedTurn(best, now);
        return aged != null ? aged : best;
    }

    /**
     * Whether t is first by its aged turn, ahead of a more urgent request: then it may fill the minute to the ceiling
     * (or it would starve under hot polls that keep the window full); first by priority, its own ceiling applies, so
     * that aged cold polls do not fill the headroom left for hot ones.
     */
    boolean byAgedTurn(Ticket t, Instant now) {
        Ticket best = best();
        return best != t && agedTurn(best, now) == t;
    }

    private Ticket best() {
        Ticket best = null;
        for (Ticket t : queue) {
            if (best == null || t.priority().ordinal() < best.priority().ordinal()
                    || t.priority() == best.priority() && t.seq() < best.seq()) best = t;
        }
        return best;
    }

    /** The oldest aged poll awake (or due to wake) when it is its turn (after AGED_EVERY others, never before FIRST); else null. */
    private Ticket agedTurn(Ticket best, Instant now) {
        if (best == null || best.priority() == Priority.FIRST || othersSinceAged < AGED_EVERY) return null;
        Ticket oldestAged = null;
        for (Ticket t : queue) {
            if (aged(t, now) && !sleepsPast(t, now) && (oldestAged == null || t.seq() < oldestAged.seq())) oldestAged = t;
        }
        return oldestAged;
    }

    /** t was admitted: counts the admissions since an aged poll's. */
    void admitted(Ticket t, Instant now) {
        othersSinceAged = aged(t, now) ? 0 : othersSinceAged + 1;
    }

    /** Wakes the request that goes next, if any, to try again; the others wait on. */
    void signalFirst(Instant now) {
        Ticket t = first(now);
        if (t != null) t.turn().signal();
    }

    /** Wakes every waiting request (a hold: the polls among them are refused at once). */
    void signalAll() {
        for (Ticket t : queue) t.turn().signal();
    }
}
