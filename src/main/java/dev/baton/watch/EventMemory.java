package dev.baton.watch;

import dev.baton.model.Event;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The engine's recent events (the last {@link #CAPACITY}) and their journal. Written by the watch thread and by
 * {@link WatchEngine#record}, read by frontends: the monitor is held only over the memory, never over file I/O.
 */
final class EventMemory {
    static final int CAPACITY = 2000;

    private final Deque<Event> events = new ArrayDeque<>();
    private final EventJournal journal;

    EventMemory(EventJournal journal) {
        this.journal = journal;
    }

    /** Where events are journalled; null when they are not. */
    Path journalFile() {
        return journal == null ? null : journal.file();
    }

    List<Event> recent(int max) {
        synchronized (events) {
            List<Event> all = new ArrayList<>(events);
            return all.subList(Math.max(0, all.size() - max), all.size());
        }
    }

    void remember(List<Event> fresh) {
        if (fresh.isEmpty()) return;
        synchronized (events) {
            for (Event e : fresh) {
                events.addLast(e);
                if (events.size() > CAPACITY) events.removeFirst();
            }
        }
        if (journal != null) journal.append(fresh); // file I/O outside the monitor the screen reads under
    }
}
