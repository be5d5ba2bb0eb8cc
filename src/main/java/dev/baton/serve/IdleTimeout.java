package dev.baton.serve;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closes a screen nobody typed into for the config's {@code serve: idle_timeout} (default 8h), telling it why: a
 * forgotten session on a bastion keeps an operator's name in the presence line and a viewer's eyes on prod.
 * Only screens are watched (their keys are the activity); a command or a script (`watch`, `logs --follow`) runs
 * as long as it runs. One daemon thread checks every quarter of the limit (at most every minute).
 */
final class IdleTimeout implements Closeable {
    private final Duration limit;
    private final Map<Long, Watched> watched = new ConcurrentHashMap<>();
    private final ScheduledExecutorService reaper;

    private record Watched(Server.Session session, AtomicLong lastKey) {
    }

    IdleTimeout(Duration limit) {
        this.limit = limit;
        this.reaper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "baton-serve-idle");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(50, Math.min(limit.toMillis() / 4, 60_000));
        reaper.scheduleWithFixedDelay(this::reap, every, every, TimeUnit.MILLISECONDS);
    }

    Duration limit() {
        return limit;
    }

    /** A clock of the last key: give it to {@link #keys} and, once the session is in, to {@link #watch}. */
    static AtomicLong clock() {
        return new AtomicLong(System.nanoTime());
    }

    /** The session's keys, each read setting the clock. */
    static InputStream keys(InputStream in, AtomicLong lastKey) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) lastKey.set(System.nanoTime());
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) lastKey.set(System.nanoTime());
                return n;
            }
        };
    }

    void watch(Server.Session session, AtomicLong lastKey) {
        if (session != null) watched.put(session.id(), new Watched(session, lastKey));
    }

    void forget(Server.Session session) {
        if (session != null) watched.remove(session.id());
    }

    /** Sessions watched now (the leak test counts them). */
    int size() {
        return watched.size();
    }

    private void reap() {
        long now = System.nanoTime();
        for (Watched w : watched.values()) {
            if (now - w.lastKey().get() >= limit.toNanos() && watched.remove(w.session().id()) != null) {
                try {
                    w.session().closer().close("closed after " + dev.baton.model.Times.duration(limit) + " without a key (serve: idle_timeout)");
                } catch (RuntimeException e) {
                    // the session is going anyway
                }
            }
        }
    }

    @Override
    public void close() {
        reaper.shutdownNow();
        watched.clear();
    }
}
