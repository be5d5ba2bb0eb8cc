package dev.baton.command;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class NamesTest {
    static final List<String> COMMANDS = List.of("status", "groups", "runs", "run", "locks", "logs", "events", "watch", "doctor",
            "lint", "simulate", "unlock", "cancel", "dispatch", "probe-lock", "audit", "rapid-fire", "sandbox", "serve");

    @Test
    void nearMissesPrefixesAndStrangers() {
        assertThat(Names.closest("stauts", COMMANDS)).isEqualTo("status");
        assertThat(Names.closest("STATUS", COMMANDS)).isEqualTo("status");
        assertThat(Names.closest("unlok", COMMANDS)).isEqualTo("unlock");
        assertThat(Names.closest("probe", COMMANDS)).isEqualTo("probe-lock"); // a prefix, 5 characters apart
        assertThat(Names.closest("rapid-fire-now", COMMANDS)).isEqualTo("rapid-fire");
        assertThat(Names.closest("nosuch", COMMANDS)).isNull();
        assertThat(Names.closest("nosuch" + "x".repeat(100_000), COMMANDS)).isNull();
    }

    /** The length shortcut answers as the full distance does, for every length apart. */
    @Test
    void theLengthShortcutAnswersAsTheFullDistance() {
        Random random = new Random(11);
        for (int i = 0; i < 5000; i++) {
            String base = COMMANDS.get(random.nextInt(COMMANDS.size()));
            StringBuilder typed = new StringBuilder(base);
            for (int edits = random.nextInt(6); edits > 0; edits--) {
                int at = random.nextInt(typed.length() + 1);
                switch (random.nextInt(3)) {
                    case 0 -> typed.insert(at, (char) ('a' + random.nextInt(26)));
                    case 1 -> { if (at < typed.length()) typed.deleteCharAt(at); }
                    default -> { if (at < typed.length()) typed.setCharAt(at, (char) ('a' + random.nextInt(26))); }
                }
            }
            String t = typed.toString();
            assertThat(Names.closest(t, COMMANDS)).as(t).isEqualTo(fullDistance(t, COMMANDS));
        }
    }

    /** Names.closest as it was: the distance to every candidate computed in full. */
    private static String fullDistance(String typed, List<String> candidates) {
        String t = typed.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : new ArrayList<>(candidates)) {
            String n = c.toLowerCase(Locale.ROOT);
            if (n.equals(t)) return c;
            int d = Names.distance(t, n);
            if (t.length() >= 3 && (n.startsWith(t) || t.startsWith(n))) d = Math.min(d, 1);
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return bestDistance <= (t.length() <= 4 ? 1 : 2) ? best : null;
    }
}
