package dev.baton.render;

import dev.baton.model.Finding;
import dev.baton.model.Severity;
import dev.baton.model.Times;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** A finding as every frontend shows it: its kind in words, one line with its evidence below, its details. */
public final class FindingRender {
    private FindingRender() {
    }

    /** "STALE LOCK" for STALE_LOCK. */
    public static String kind(Finding.Kind k) {
        return k == null ? Times.UNKNOWN : k.name().replace('_', ' ');
    }

    /** The role a finding of this severity is drawn in. */
    public static String role(Severity s) {
        return s == Severity.ERROR ? "error" : s == Severity.WARNING ? "warn" : "info";
    }

    /** "14:03:00 WARNING EVICTED  deploy-production: #57 evicted by ...", the time (first seen) in zone. */
    public static String line(Finding f, ZoneId zone) {
        return Times.clock(f.seenAt(), zone) + ' ' + f.severity() + ' ' + kind(f.kind()) + "  " + f.subject() + ": " + f.summary();
    }

    /** Findings as `status` lists them: each line, its evidence indented below; times in UTC. */
    public static List<String> lines(List<Finding> findings) {
        List<String> out = new ArrayList<>();
        for (Finding f : findings) {
            out.add(line(f, ZoneOffset.UTC));
            for (String e : f.evidence()) out.add("    - " + e);
        }
        return out;
    }

    /** The screen's pop-up on a finding: what, when first seen, the evidence. */
    public static String details(Finding f, ZoneId zone) {
        StringBuilder sb = new StringBuilder();
        sb.append(f.severity()).append(' ').append(f.kind()).append("  ").append(f.subject()).append('\n')
                .append(f.summary()).append('\n').append("first seen ").append(Times.clock(f.seenAt(), zone)).append('\n');
        if (!f.evidence().isEmpty()) sb.append("\nevidence:\n");
        for (String e : f.evidence()) sb.append("  ").append(e).append('\n');
        return sb.toString();
    }
}
