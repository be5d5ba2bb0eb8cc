package dev.baton.lock;

import dev.baton.model.LockLocation;
import dev.baton.model.StateLock;

import java.util.List;
import java.util.Optional;

/** A LockStore that runs a hook right after each get(): lets a test act between a read and a delete. */
final class HookedStore implements LockStore {
    private final LockStore delegate;
    volatile Runnable afterGet = () -> { };

    HookedStore(LockStore delegate) {
        this.delegate = delegate;
    }

    @Override public LockLocation.Kind kind() { return delegate.kind(); }
    @Override public String name() { return delegate.name(); }
    @Override public List<StateLock> list(LockScope scope) { return delegate.list(scope); }

    @Override
    public Optional<StateLock> get(LockLocation location) {
        Optional<StateLock> lock = delegate.get(location);
        Runnable hook = afterGet;
        afterGet = () -> { }; // once: SafeRelease re-reads after a refused delete
        hook.run();
        return lock;
    }

    @Override public Optional<String> createIfAbsent(LockLocation location, String body) { return delegate.createIfAbsent(location, body); }
    @Override public DeleteOutcome deleteIfUnchanged(LockLocation location, String version) { return delegate.deleteIfUnchanged(location, version); }
    @Override public void deleteUnconditionally(LockLocation location) { delegate.deleteUnconditionally(location); }
    @Override public void close() { delegate.close(); }
}
