package dev.baton.watch;

import dev.baton.model.ConcurrencyGroup;
import dev.baton.model.Conclusion;
import dev.baton.model.Event;
import dev.baton.model.Finding;
import dev.baton.model.Run;
import dev.baton.model.RunStatus;
import dev.baton.model.Snapshot;
import dev.baton.model.StateLock;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Two snapshots -> what happened between them. Pure: the same inputs always give the same events. */
public final class SnapshotDiff {
    private SnapshotDiff() {
    }

    /**
     * @param seenPending run id -> group it was last seen pending in (a later cancellation is an eviction)
     */
    public static List<Event> events(Snapshot prev, Snapshot next, Map<Long, String> seenPending) {
        List<Event> out = new ArrayList<>();
        Instant at = next.takenAt();
        boolean first = prev == null || prev.takenAt() == null;
        if (!first) {
            runEvents(prev, next, seenPending, at, out);
            lockEvents(prev, next, at, out);
        }
        Set<String> before = new HashSet<>();
        if (prev != null) prev.findings().forEach(f -> before.add(key(f)));
        for (Finding f : next.findings()) {
            if (f.kind() == Finding.Kind.LOCK_HELD || before.contains(key(f))) continue;
            out.add(sighting(f, at));
        }
        return out;
    }

    /** A finding is new when the previous snapshot had none of its identity (the engine keeps its first sighting by it). */
    private static String key(Finding f) {
        return f.identity();
    }

    private static void runEvents(Snapshot prev, Snapshot next, Map<Long, String> seenPending, Instant at, List<Event> out) {
        Map<Long, Run> old = new HashMap<>();
        for (Run r : prev.runs()) old.put(r.id(), r);
        // oldest first, so events read in the order things happened
        List<Run> ordered = new ArrayList<>(next.runs());
        ordered.sort((a, b) -> Long.compare(a.id(), b.id()));
        for (Run r : ordered) {
            Run p = old.get(r.id());
            if (p != null && p.status() == r.status() && p.conclusion() == r.conclusion()) continue;
            String label = label(r);
            String group = groupOf(r, prev, next, seenPending);
            switch (r.status()) {
                case QUEUED, REQUESTED -> out.add(new Event(at, Event.Kind.RUN_QUEUED, group, label + " queued", r.id()));
                case PENDING -> out.add(new Event(at, Event.Kind.RUN_PENDING, group, label + " pending in " + group, r.id()));
                case WAITING -> out.add(new Event(at, Event.Kind.RUN_WAITING, group, label + " waiting for approval", r.id()));
                case IN_PROGRESS -> out.add(new Event(at, Event.Kind.RUN_STARTED, group, label + " started", r.id()));
                case COMPLETED -> {
                    String evictedFrom = seenPending.get(r.id());
                    Run by = evictedFrom == null ? null : Findings.replacement(next, evictedFrom, r, seenPending);
                    if (r.conclusion() == Conclusion.CANCELLED && by != null) {
                        out.add(new Event(at, Event.Kind.RUN_EVICTED, evictedFrom,
                                label + " evicted by " + Findings.replacer(by) + "; commit " + r.shortSha() + " skipped", r.id(), by.id()));
                    } else {
                        out.add(new Event(at, Event.Kind.RUN_COMPLETED, group, label + " " + r.conclusion().api(), r.id()));
                    }
                }
                default -> {
                }
            }
        }
    }

    /** Run events are about a group: the one the run is (or was last seen) a member of, else its workflow file. */
    static String groupOf(Run r, Snapshot prev, Snapshot next, Map<Long, String> seenPending) {
        for (Snapshot s : new Snapshot[]{next, prev}) {
            for (ConcurrencyGroup g : s.groups()) {
                if (g.members().stream().anyMatch(m -> m.runId() == r.id())) return g.name();
            }
        }
        String pending = seenPending.get(r.id());
        if (pending != null) return pending;
        for (ConcurrencyGroup g : next.groups()) {
            if (!g.pattern() && g.workflows().size() == 1 && g.workflows().contains(r.workflowFile())) return g.name();
        }
        return r.workflowFile();
    }

    /** The event that records a finding's first sighting. */
    public static Event sighting(Finding f, Instant at) {
        return new Event(at, Event.Kind.FINDING, f.subject(), f.kind() + ": " + f.summary(), 0);
    }

    static String label(Run r) {
        return r.workflowFile() + " #" + r.runNumber() + " (" + r.shortSha() + ")";
    }

    private static void lockEvents(Snapshot prev, Snapshot next, Instant at, List<Event> out) {
        Map<String, StateLock> old = new HashMap<>();
        for (StateLock l : prev.locks()) old.put(l.location().uri(), l);
        Set<String> now = new HashSet<>();
        for (StateLock l : next.locks()) {
            String uri = l.location().uri();
            now.add(uri);
            StateLock p = old.get(uri);
            if (p == null) {
                out.add(new Event(at, Event.Kind.LOCK_ACQUIRED, uri, holder(l), 0));
            } else if (!Objects.equals(id(p), id(l))) {
                out.add(new Event(at, Event.Kind.LOCK_HOLDER_CHANGED, uri, holder(p) + " -> " + holder(l), 0));
            }
        }
        for (StateLock p : prev.locks()) {
            if (!now.contains(p.location().uri())) {
                out.add(new Event(at, Event.Kind.LOCK_RELEASED, p.location().uri(), "released (was " + holder(p) + ")", 0));
            }
        }
    }

    private static String id(StateLock l) {
        return l.info() == null ? l.version() : l.info().id();
    }

    static String holder(StateLock l) {
        if (l.info() == null) return "malformed lock";
        return l.info().who() + " " + l.info().operation() + " id " + l.info().shortId();
    }

}
