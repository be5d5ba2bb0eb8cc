package dev.baton.watch;

import dev.baton.model.Finding;
import dev.baton.model.Snapshot;
import dev.baton.model.StateLock;

import java.util.ArrayList;
import java.util.List;

/**
 * What a snapshot's findings say about one lock: its problems (STALE, FOREIGN, SPLIT, MALFORMED), else
 * the run that holds it. The one reading of the findings that the screen, `locks` and `unlock` share,
 * so they can never name different holders.
 */
public record LockVerdict(List<String> problems, Finding.Kind worst, Finding held, String unknown) {
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
        List<String> problems = new ArrayList<>();
        Finding.Kind worst = null;
        Finding held = null;
        for (Finding f : findingsAbout(s, lock)) {
            if (f.kind() == Finding.Kind.LOCK_HELD) {
                held = f;
                continue;
            }
            String word = switch (f.kind()) {
                case SPLIT_LOCK -> "SPLIT";
                case FOREIGN_LOCK -> "FOREIGN";
                case STALE_LOCK -> "STALE";
                case MALFORMED_LOCK -> "MALFORMED";
                default -> null;
            };
            if (word == null || problems.contains(word)) continue;
            problems.add(word);
            if (worst == null) worst = f.kind();
        }
        if (lock.malformed() && !problems.contains("MALFORMED")) {
            problems.add("MALFORMED");
            if (worst == null) worst = Finding.Kind.MALFORMED_LOCK;
        }
        // without GitHub's runs there is no verdict: "unknown", never a STALE that invites a release
        String unknown = problems.isEmpty() && held == null ? LockOwnership.githubUnknown(s) : null;
        return new LockVerdict(List.copyOf(problems), worst, problems.isEmpty() ? held : null, unknown);
    }

    /** The holder's run id, or 0. */
    public long holderRunId() {
        return held == null ? 0 : held.runId();
    }

    /** "STALE", "STALE SPLIT", "held by run #58 (deploy.yml)", "unknown: GitHub unread", or "no live run". */
    public String text() {
        if (!problems.isEmpty()) return String.join(" ", problems);
        if (held != null) return held.summary();
        return unknown != null ? "unknown: " + (unknown.startsWith("GitHub unread") ? "GitHub unread" : unknown) : "no live run";
    }
}
