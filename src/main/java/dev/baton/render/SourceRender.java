package dev.baton.render;

import dev.baton.model.Snapshot;
import dev.baton.model.Times;

import java.util.ArrayList;
import java.util.List;

/** What a snapshot lacks: the sources (GitHub, lock stores) that did not answer its poll. */
public final class SourceRender {
    private SourceRender() {
    }

    /**
     * The lock sources that did not answer the last poll, as one line ("locks unknown: s3://b unread since
     * 23:56:13 UTC: cannot connect (...)"), or null when every one did: their locks are unknown, never "none held".
     */
    public static String unreadLockSources(Snapshot s) {
        List<String> out = s.unreadLockSources().stream().sorted(java.util.Comparator.comparing(h -> h.source()))
                .map(h -> h.unread(t -> Times.clock(t) + " UTC")).toList();
        return out.isEmpty() ? null : "locks unknown: " + String.join("; ", out);
    }

    /**
     * "rate limited until 14:03:05" (time in zone) while GitHub's limits hold baton's requests (a 403/429 that asked
     * for a wait, or a budget spent until its reset): a wait, not an error. Null when nothing holds them.
     */
    public static String rateLimited(Snapshot s, java.time.ZoneId zone) {
        java.time.Instant until = s.rateLimit() == null ? null : s.rateLimit().limitedUntil();
        return until == null ? null : "rate limited until " + Times.clock(until, zone);
    }

    /**
     * What a snapshot lacks, as one line for stderr: GitHub unread (runs and groups as of its last answer, lock
     * verdicts unknown) and lock stores unread (their locks unknown). Null when every source answered.
     */
    public static String unread(Snapshot s) {
        List<String> parts = new ArrayList<>();
        var gh = s.health().get("github");
        if (gh != null && !gh.healthy()) parts.add(gh.unread(t -> Times.clock(t) + " UTC") + " (lock verdicts unknown)");
        String locks = unreadLockSources(s);
        if (locks != null) parts.add(locks);
        return parts.isEmpty() ? null : String.join("; ", parts);
    }
}
