package dev.baton.lint;

import java.util.Map;

/** Finds the exact line of a key or command in a raw file, starting from a line the parser gave. */
final class SourceLines {
    private final Map<String, String> raw;

    SourceLines(Map<String, String> raw) {
        this.raw = raw == null ? Map.of() : raw;
    }

    private String[] lines(String file) {
        String text = raw.get(file);
        return text == null ? null : text.split("\n", -1);
    }

    private static int leading(String line) {
        return line.length() - line.stripLeading().length();
    }

    private static boolean blankOrComment(String line) {
        String s = line.strip();
        return s.isEmpty() || s.startsWith("#");
    }

    /**
     * The line of a direct child key of the mapping that starts at line from (1-based): a mapping key
     * line such as a job's "  deploy:" or "concurrency:", or a list item such as "- name: apply".
     * -1 when absent or unknown.
     */
    int childKey(String file, int from, String key) {
        String[] ls = lines(file);
        if (ls == null || from < 1 || from > ls.length) return -1;
        String first = ls[from - 1];
        int lead = leading(first);
        String body = first.strip();
        if (body.startsWith("- ")) {
            String rest = body.substring(2);
            int content = lead + 2 + leading(rest);
            if (rest.strip().startsWith(key + ":")) return from;
            for (int i = from; i < ls.length; i++) {
                if (blankOrComment(ls[i])) continue;
                int l = leading(ls[i]);
                if (l < content) break;
                if (l == content && ls[i].strip().startsWith(key + ":")) return i + 1;
            }
            return -1;
        }
        int child = -1;
        for (int i = from; i < ls.length; i++) {
            if (blankOrComment(ls[i])) continue;
            int l = leading(ls[i]);
            if (l <= lead) break;
            if (child < 0) child = l;
            if (l == child && ls[i].strip().startsWith(key + ":")) return i + 1;
        }
        int colon = first.indexOf(':');
        if (colon >= 0 && first.substring(colon + 1).contains(key + ":")) return from;
        return -1;
    }

    /** The first line at or after from whose text contains needle; from when not found. */
    int find(String file, int from, String needle) {
        int at = indexOf(file, from, needle);
        return at > 0 ? at : from;
    }

    /** The first line at or after from whose text (outside a # comment) contains needle; -1 when none. */
    int indexOf(String file, int from, String needle) {
        String[] ls = lines(file);
        if (ls == null || needle == null || needle.isBlank()) return -1;
        String n = needle.strip();
        for (int i = Math.max(0, from - 1); i < ls.length; i++) {
            String l = ls[i];
            int hash = l.indexOf('#');
            if (l.contains(n) && (hash < 0 || l.indexOf(n) < hash || n.contains("#"))) return i + 1;
        }
        return -1;
    }
}
