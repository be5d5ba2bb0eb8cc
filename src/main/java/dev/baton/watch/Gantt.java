package dev.baton.watch;

import dev.baton.model.Overlaps;
import dev.baton.model.Times;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A text Gantt of runs over a time window: '.' waiting, '#' running, 'x' evicted, and an overlap row
 * marking '!' where two bars run at once. Pure ASCII so it pastes into any ticket.
 */
public final class Gantt {

    /** One run: it waited from waitFrom, ran from runFrom (null: never ran) until end (null: still going). */
    public record Bar(String label, Instant waitFrom, Instant runFrom, Instant end, boolean evicted) {
    }

    private Gantt() {
    }

    /** The OVERLAP row marks where two of the bars ran at once ({@link Overlaps}). */
    public static List<String> render(String title, List<Bar> bars, Instant from, Instant to, int width) {
        List<Overlaps.Span> marks = new ArrayList<>();
        for (Overlaps.Overlap o : Overlaps.of(bars.stream().map(b -> new Overlaps.Span(b.runFrom(), b.end())).toList(), to)) {
            marks.add(new Overlaps.Span(o.from(), o.to()));
        }
        return render(title, bars, from, to, width, marks);
    }

    /** The OVERLAP row marks the given windows: a caller whose overlap is narrower than "both ran" (same environment). */
    public static List<String> render(String title, List<Bar> bars, Instant from, Instant to, int width, List<Overlaps.Span> marks) {
        List<String> out = new ArrayList<>();
        if (bars.isEmpty() || !to.isAfter(from)) return out;
        int labelWidth = Math.min(28, bars.stream().mapToInt(b -> b.label().length()).max().orElse(0));
        double perCol = Math.max(1, Duration.between(from, to).toMillis()) / (double) width;
        out.add(title + "  " + Times.clock(from) + " - " + Times.clock(to) + " UTC  (1 column = " + Times.seconds(Math.max(1, Math.round(perCol / 1000))) + ")");
        for (Bar b : bars) {
            char[] row = " ".repeat(width).toCharArray();
            int w0 = col(b.waitFrom(), from, perCol, width);
            int r0 = b.runFrom() == null ? -1 : col(b.runFrom(), from, perCol, width);
            int e = b.end() == null ? width - 1 : col(b.end(), from, perCol, width);
            int waitEnd = r0 >= 0 ? r0 : e;
            for (int i = Math.max(0, w0); i < waitEnd && i < width; i++) row[i] = '.';
            if (r0 >= 0) {
                for (int i = r0; i <= Math.max(r0, e) && i < width; i++) row[i] = '#';
            }
            if (b.evicted() && e >= 0 && e < width) row[e] = 'x';
            String label = b.label().length() > labelWidth ? b.label().substring(0, labelWidth) : b.label();
            out.add(String.format("%-" + labelWidth + "s  %s", label, new String(row).stripTrailing()));
        }
        char[] overlap = " ".repeat(width).toCharArray();
        boolean any = !marks.isEmpty();
        for (Overlaps.Span o : marks) {
            for (int c = col(o.from(), from, perCol, width); c <= col(o.to(), from, perCol, width); c++) overlap[c] = '!';
        }
        if (any) out.add(String.format("%-" + labelWidth + "s  %s", "OVERLAP", new String(overlap).stripTrailing()));
        out.add(String.format("%-" + labelWidth + "s  %s", "", ". waiting  # running  x evicted" + (any ? "  ! overlap" : "")));
        return out;
    }

    private static int col(Instant t, Instant from, double perCol, int width) {
        if (t == null) return -1;
        int c = (int) (Duration.between(from, t).toMillis() / perCol);
        return Math.max(0, Math.min(width - 1, c));
    }
}
