package dev.baton.command;

import java.util.Collection;
import java.util.Locale;

/** The "did you mean" of every name an operator types: a command, a group, an environment, a lock key. */
public final class Names {
    private Names() {
    }

    /**
     * The candidate closest to what was typed, or null when none is close: a case-insensitive prefix either
     * way, else at most 2 edits (1 for names of 4 characters or fewer).
     */
    public static String closest(String typed, Collection<String> candidates) {
        String t = typed.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            String n = c.toLowerCase(Locale.ROOT);
            if (n.equals(t)) return c;
            // more than 2 characters apart in length is more than 2 edits apart: over any allowance, so the length
            // difference stands in for the distance (a 100,000-character typo is not compared cell by cell)
            int apart = Math.abs(t.length() - n.length());
            int d = apart > 2 ? apart : distance(t, n);
            if (t.length() >= 3 && (n.startsWith(t) || t.startsWith(n))) d = Math.min(d, 1);
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        int allowed = t.length() <= 4 ? 1 : 2;
        return bestDistance <= allowed ? best : null;
    }

    /** "; did you mean 'X'?" or otherwise. */
    public static String didYouMean(String typed, Collection<String> candidates, String otherwise) {
        String near = closest(typed, candidates);
        return near == null ? otherwise : "; did you mean '" + near + "'?";
    }

    /** Edit distance with adjacent transpositions (optimal string alignment). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
