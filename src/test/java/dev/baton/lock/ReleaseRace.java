package dev.baton.lock;

import dev.baton.model.LockInfo;
import dev.baton.model.LockLocation;
import dev.baton.model.StateLock;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The release race left to the scheduler: right after the safe release's read, a concurrent thread
 * releases the lock as its holder would (unconditionally) and a new run acquires it, with a random
 * head start. Workers race on their own keys at once, so a store's round trips overlap instead of
 * adding up; every race is still one read, one replacement and one check.
 */
final class ReleaseRace {
    private ReleaseRace() {
    }

    static final class Tally {
        int races;
        int wrongDeletions;
        final Map<ReleaseResult.Outcome, Integer> outcomes = new EnumMap<>(ReleaseResult.Outcome.class);

        private void add(Tally o) {
            races += o.races;
            wrongDeletions += o.wrongDeletions;
            o.outcomes.forEach((k, v) -> outcomes.merge(k, v, Integer::sum));
        }
    }

    /** at(worker, i): the key of one race. */
    static Tally run(LockStore store, int workers, int perWorker, BiFunction<Integer, Integer, LockLocation> at) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(workers * 2);
        try {
            List<Future<Tally>> tallies = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                int worker = w;
                tallies.add(pool.submit(() -> race(store, perWorker, i -> at.apply(worker, i), pool)));
            }
            Tally total = new Tally();
            for (Future<Tally> t : tallies) total.add(t.get(5, TimeUnit.MINUTES));
            return total;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Tally race(LockStore store, int iterations, java.util.function.IntFunction<LockLocation> at,
                              ExecutorService pool) throws Exception {
        HookedStore hooked = new HookedStore(store);
        SafeRelease release = new SafeRelease(hooked);
        Tally tally = new Tally();
        for (int i = 0; i < iterations; i++) {
            LockLocation where = at.apply(i);
            LockInfo a = LockInfoCodec.newLock("OperationTypeApply", "", "a@runner", "1.11.4", where.key(), Instant.now());
            assertThat(store.createIfAbsent(where, LockInfoCodec.encode(a))).as("acquire %s", where).isPresent();
            CountDownLatch read = new CountDownLatch(1);
            hooked.afterGet = read::countDown;
            long headStart = ThreadLocalRandom.current().nextBoolean() ? 0 : ThreadLocalRandom.current().nextLong(3_000_000);
            Future<LockInfo> replaced = pool.submit(() -> {
                read.await();
                LockSupport.parkNanos(headStart);
                store.deleteUnconditionally(where); // the holder's own (Terraform) release
                LockInfo b = LockInfoCodec.newLock("OperationTypeApply", "", "b@runner", "1.11.4", where.key(), Instant.now());
                return store.createIfAbsent(where, LockInfoCodec.encode(b)).isPresent() ? b : null;
            });
            ReleaseResult r = release.release(where, a.id(), false);
            tally.races++;
            tally.outcomes.merge(r.outcome(), 1, Integer::sum);
            LockInfo newer = replaced.get(30, TimeUnit.SECONDS);
            Optional<StateLock> left = store.get(where);
            if (newer != null && (left.isEmpty() || !newer.id().equals(left.get().info().id()))) tally.wrongDeletions++;
        }
        return tally;
    }
}
