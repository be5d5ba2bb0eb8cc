package dev.baton.workflow;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An event's branches / branches-ignore filter (push, workflow_run) with GitHub's glob syntax: * within a
 * path segment, ** across segments, ? one character, and a later !pattern excluding what an earlier one
 * included. The one reading the sandbox's triggers and rapid-fire's dispatch chain share.
 */
public final class BranchFilter {
    private BranchFilter() {
    }

    /** Whether an event of this on: block fires for branch; no block or no filter: it does. */
    public static boolean matches(Map<String, Object> on, String branch) {
        if (on == null) return true;
        Object inc = on.get("branches");
        Object exc = on.get("branches-ignore");
        if (inc != null) return anyGlob(inc, branch);
        if (exc != null) return !anyGlob(exc, branch);
        return true;
    }

    private static boolean anyGlob(Object patterns, String branch) {
        List<?> l = patterns instanceof List<?> x ? x : List.of(patterns);
        boolean match = false;
        for (Object o : l) {
            String p = String.valueOf(o);
            boolean negate = p.startsWith("!");
            if (negate) p = p.substring(1);
            String regex = Pattern.quote(p).replace("**", "\u0000").replace("*", "\\E[^/]*\\Q").replace("\u0000", "\\E.*\\Q")
                    .replace("?", "\\E.\\Q");
            if (branch.matches(regex)) match = !negate;
        }
        return match;
    }
}
