package dev.baton.command;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bounded hand-over from the engine's thread to a streaming command (`watch`): when the command cannot keep up
 * (its SSH client stopped reading), the oldest snapshot gives way to the newest instead of piling up. Every
 * snapshot is whole state and events are read from the engine's memory, so a dropped one loses nothing shown.
 */
final class Mailbox<T> {
    private final ArrayBlockingQueue<T> slots;

    Mailbox(int capacity) {
        this.slots = new ArrayBlockingQueue<>(Math.max(1, capacity));
    }

    /** Called by the one engine thread: never blocks. */
    void put(T item) {
        while (!slots.offer(item)) slots.poll();
    }

    T poll(long millis) throws InterruptedException {
        return slots.poll(millis, TimeUnit.MILLISECONDS);
    }

    int size() {
        return slots.size();
    }
}
