package dev.baton.watch;

import dev.baton.model.Finding;
import dev.baton.model.Snapshot;
import dev.baton.model.StateLock;

import java.util.ArrayList;
import java.util.List;

/**
 * What a snapshot's findings say about one lock: its problems (STALE, FOREIGN, SPLIT, MALFORMED), else
 * the run that holds it, else that GitHub is unread (unknown), else that no live run can own it. The one
 * reading of the findings that the screen, `locks`, `status` and `unlock` share, so they can never name
 * different holders; render/LockRender words it, the JSON carries {@link #state()} and the holder's run id.
 */
public record LockVerdict(List<State> problems, Finding.Kind worst, Finding held, String unknown) {
    /** A verdict as a word: the worst problem, else who holds it. The JSON's "verdict". */
    public enum State {
        /** A finding names the run that most likely holds it. */
        HELD,
        /** No live run can own it, and no finding says more (yet: a STALE needs the lock to age). */
        NO_LIVE_RUN,
        /** GitHub's runs are not known: no verdict, never a STALE that invites a release. */
        UNKNOWN,
        STALE, FOREIGN, SPLIT, MALFORMED
    }

    public LockVerdict {
        problems = List.copyOf(problems);
    }

    /**
     * The findings about one lock: those whose subject is its URI, and a split lock's (whose subject is the
     * state path and whose evidence names each lock record). The one query the screen's details, `locks`,
     * `unlock` and the verdict share.
     */
    public static List<Finding> findingsAbout(Snapshot s, StateLock lock) {
        String uri = lock.location().uri();
        List<Finding> out = new ArrayList<>();
        for (Finding f : s.findings()) {
            boolean about = f.kind() == Finding.Kind.SPLIT_LOCK ? f.evidence().stream().anyMatch(e -> e.startsWith(uri + " "))
                    : uri.equals(f.subject());
            if (about) out.add(f);
        }
        return out;
    }

    public static LockVerdict of(Snapshot s, StateLock lock) {
        List<State> problems = new ArrayList<>();
        Finding.Kind worst = null;
        Finding held = null;
        for (Finding f : findingsAbout(s, lock)) {
            if (f.kind() == Finding.Kind.LOCK_HELD) {
                held = f;
                continue;
            }
            State problem = switch (f.kind()) {
                case SPLIT_LOCK -> State.SPLIT;
                case FOREIGN_LOCK -> State.FOREIGN;
                case STALE_LOCK -> State.STALE;
                case MALFORMED_LOCK -> State.MALFORMED;
                default -> null;
            };
            if (problem == null || problems.contains(problem)) continue;
            problems.add(problem);
            if (worst == null) worst = f.kind();
        }
        if (lock.malformed() && !problems.contains(State.MALFORMED)) {
            problems.add(State.MALFORMED);
            if (worst == null) worst = Finding.Kind.MALFORMED_LOCK;
        }
        // without GitHub's runs there is no verdict: "unknown", never a STALE that invites a release
        String unknown = problems.isEmpty() && held == null ? LockOwnership.githubUnknown(s) : null;
        return new LockVerdict(problems, worst, problems.isEmpty() ? held : null, unknown);
    }

    /** The worst problem, else HELD, UNKNOWN or NO_LIVE_RUN. */
    public State state() {
        if (!problems.isEmpty()) return problems.get(0);
        if (held != null) return State.HELD;
        return unknown != null ? State.UNKNOWN : State.NO_LIVE_RUN;
    }

    /** The holder's run id, or 0. */
    public long holderRunId() {
        return held == null ? 0 : held.runId();
    }
}
