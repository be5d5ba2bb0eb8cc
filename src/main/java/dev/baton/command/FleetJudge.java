package dev.baton.command;

import dev.baton.github.GitHubException;
import dev.baton.github.RequestScheduler;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The background judging of an org's repositories: whether each one's workflows declare concurrency groups or
 * run Terraform, read {@link Fleet#PARALLEL} at a time on "baton-fleet-judge" threads, in the order queued
 * (the fleet queues them by priority), while the fleet already shows every name. A verdict stands until the
 * repository's pushed_at moves (the files cannot have changed without a push); an unreadable one is read again
 * at the next discovery; one held back by GitHub's limits is queued again after its retry-after.
 */
final class FleetJudge implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FleetJudge.class);

    enum State {
        QUEUED, READING, RELEVANT, IRRELEVANT, UNREADABLE;

        boolean judged() {
            return this == RELEVANT || this == IRRELEVANT || this == UNREADABLE;
        }
    }

    /** Where a repository stands; why: the error that kept its workflows unread. */
    record Verdict(State state, String why, Instant pushedAt) {
    }

    /** A repository to judge: key (api|owner/name), pushed_at as listed, the reading, and what to do if it is left out. */
    record Job(String key, String name, Instant pushedAt, BooleanSupplier relevant, Runnable leftOut) {
    }

    private final Map<String, Verdict> verdicts = new ConcurrentHashMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final ThreadPoolExecutor pool;
    private final ScheduledExecutorService later;
    private int unsettled; // queued, reading or waiting for a retry; guarded by this
    /** Jobs queued before {@link #start}: a script that only lists (`repo`) reads no workflow. Guarded by this. */
    private final List<Job> held = new java.util.ArrayList<>();
    private boolean started; // guarded by this

    FleetJudge(int parallel) {
        pool = new ThreadPoolExecutor(parallel, parallel, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> daemon(r, "baton-fleet-judge"));
        pool.allowCoreThreadTimeOut(true); // a script that only lists keeps no thread
        later = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "baton-fleet-judge-retry"));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** The verdict on this key, or null when it was never queued (a named repository). */
    Verdict verdict(String key) {
        return verdicts.get(key);
    }

    /** Told after every change of a verdict (on a judging thread). */
    void onChange(Runnable r) {
        listeners.add(r);
    }

    /**
     * Queues these jobs in this order, each unless its verdict stands: already queued or being read, or judged
     * relevant or not at the same pushed_at. Named repositories are RELEVANT at once, without a read.
     */
    void queue(List<Job> jobs, java.util.function.Predicate<String> named) {
        for (Job j : jobs) {
            Verdict v = verdicts.get(j.key());
            if (named.test(j.name())) {
                verdicts.put(j.key(), new Verdict(State.RELEVANT, null, j.pushedAt()));
                continue;
            }
            if (v != null && (v.state() == State.QUEUED || v.state() == State.READING)) continue;
            if (v != null && (v.state() == State.RELEVANT || v.state() == State.IRRELEVANT)
                    && j.pushedAt() != null && j.pushedAt().equals(v.pushedAt())) continue;
            // a repository judged before (unreadable too) keeps its verdict on screen while it is read again:
            // "not judged yet" for one whose last read failed would hide the failure until the new read ends
            verdicts.put(j.key(), v != null ? v : new Verdict(State.QUEUED, null, j.pushedAt()));
            submit(j);
        }
        changed();
    }

    /** Starts reading: what was queued so far, in its order, then every job as it is queued. */
    void start() {
        List<Job> now;
        synchronized (this) {
            if (started) return;
            started = true;
            now = List.copyOf(held);
            held.clear();
        }
        for (Job j : now) execute(j); // counted as unsettled when held
    }

    private void submit(Job j) {
        synchronized (this) {
            unsettled++;
            if (!started) {
                held.add(j);
                return;
            }
        }
        execute(j);
    }

    private void execute(Job j) {
        try {
            pool.execute(() -> run(j));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            settled(); // closed
        }
    }

    private void run(Job j) {
        Verdict before = verdicts.get(j.key());
        boolean rejudged = before != null && before.state().judged();
        if (!rejudged) verdicts.put(j.key(), new Verdict(State.READING, null, j.pushedAt()));
        changed();
        try {
            // background reads, paced as the watch's polls are: at the operator's priority (the thread's default) the
            // judging of 300 went unpaced before every poll, and crossed GitHub's 900 points a minute
            boolean keep = RequestScheduler.polling(() -> j.relevant().getAsBoolean());
            verdicts.put(j.key(), new Verdict(keep ? State.RELEVANT : State.IRRELEVANT, null, j.pushedAt()));
            if (!keep) j.leftOut().run();
        } catch (GitHubException e) {
            if (e.rateLimited()) { // GitHub's limits are no answer about the repository: read again after its wait
                if (!rejudged) verdicts.put(j.key(), new Verdict(State.QUEUED, null, j.pushedAt()));
                long wait = Math.max(1, e.retryAfterSeconds());
                LOG.info("{}: workflows held back by GitHub's limits; read again in {} s", j.name(), wait);
                synchronized (this) {
                    unsettled++;
                }
                try {
                    later.schedule(() -> {
                        submit(j); // before settling the wait: never a moment with nothing unsettled in between
                        settled();
                    }, wait, TimeUnit.SECONDS);
                } catch (java.util.concurrent.RejectedExecutionException closed) {
                    settled();
                }
            } else {
                unreadable(j, e);
            }
        } catch (RuntimeException e) {
            unreadable(j, e);
        } finally {
            settled();
            changed();
        }
    }

    private void unreadable(Job j, RuntimeException e) {
        String why = "workflows not read: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        LOG.info("{}: {} (kept in the fleet as unreadable)", j.name(), why);
        verdicts.put(j.key(), new Verdict(State.UNREADABLE, why, j.pushedAt()));
    }

    private synchronized void settled() {
        unsettled--;
        notifyAll();
    }

    private void changed() {
        for (Runnable r : listeners) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.warn("fleet listener: {}", e.toString());
            }
        }
    }

    /** Waits until nothing is queued, being read or waiting for a retry (scripts' --all). */
    synchronized void awaitSettled() throws InterruptedException {
        while (unsettled > 0) wait();
    }

    /** How many of these keys are judged (relevant, left out or unreadable). */
    int judged(List<String> keys) {
        int n = 0;
        for (String k : keys) {
            Verdict v = verdicts.get(k);
            if (v != null && v.state().judged()) n++;
        }
        return n;
    }

    @Override
    public void close() {
        pool.shutdownNow();
        later.shutdownNow();
        synchronized (this) {
            unsettled = 0;
            notifyAll();
        }
    }
}
