package dev.baton.command;

import dev.baton.lock.LockScope;
import dev.baton.lock.LockStore;
import dev.baton.model.LockLocation;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What every repository of a process shares: one lock store client per kind; one listing of a bucket or table
 * (scope) for all the repositories in it, reused for listingFresh after it was read; one token per API host.
 * The seam for a request scheduler per API host and credential: it belongs here, beside the tokens.
 */
final class FleetShared {
    private final Duration listingFresh;
    private final Map<LockLocation.Kind, LockStore> stores = new HashMap<>();
    private final Map<String, Lazy<String>> tokens = new ConcurrentHashMap<>();
    private final Map<String, Listing> listings = new ConcurrentHashMap<>();

    FleetShared(Duration listingFresh) {
        this.listingFresh = listingFresh;
    }

    synchronized LockStore store(LockLocation.Kind kind, Supplier<LockStore> create) {
        return stores.computeIfAbsent(kind, k -> create.get());
    }

    /** The API host's token, asked for once (`gh auth token` is a process each time). */
    String token(String apiUrl, Supplier<String> ask) {
        String t = tokens.computeIfAbsent(apiUrl, k -> new Lazy<>(() -> java.util.Objects.requireNonNullElse(ask.get(), ""))).get();
        return t.isEmpty() ? null : t;
    }

    /** The scope's locks: a listing read less than listingFresh ago by any repository, else read now. */
    List<dev.baton.model.StateLock> list(LockStore store, LockScope scope) {
        Listing l = listings.computeIfAbsent(store.kind() + " " + scope, k -> new Listing());
        synchronized (l) {
            long now = System.nanoTime();
            if (l.locks != null && now - l.readAt < listingFresh.toNanos()) return l.locks;
            l.locks = null;
            List<dev.baton.model.StateLock> read = store.list(scope); // a failure is each asker's own, never kept
            l.locks = List.copyOf(read);
            l.readAt = now;
            l.reads++;
            return l.locks;
        }
    }

    /** How many times each scope was read from its store (tests: one listing for the repositories in a bucket). */
    Map<String, Integer> listingReads() {
        Map<String, Integer> out = new java.util.TreeMap<>();
        listings.forEach((k, v) -> {
            synchronized (v) {
                out.put(k, v.reads);
            }
        });
        return out;
    }

    private static final class Listing {
        List<dev.baton.model.StateLock> locks;
        long readAt;
        int reads;
    }
}
