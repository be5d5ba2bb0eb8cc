package dev.baton.command;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** Plain-text rendering shared by the commands: aligned columns, short times and ages. */
public final class Text {
    private static final DateTimeFormatter HMS = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private Text() {
    }

    public static String hms(Instant t) {
        return t == null ? "-" : HMS.format(t);
    }

    public static String age(Instant from, Instant now) {
        if (from == null || now == null) return "-";
        return dev.baton.watch.Findings.human(Duration.between(from, now));
    }

    public static String nz(Object o) {
        return o == null ? "-" : o.toString();
    }

    public static String shortSha(String sha) {
        return sha == null ? "-" : sha.substring(0, Math.min(7, sha.length()));
    }

    /** Rows of cells -> left-aligned columns separated by two spaces, each line indented. */
    public static String table(List<List<String>> rows, String indent) {
        if (rows.isEmpty()) return "";
        int cols = rows.stream().mapToInt(List::size).max().orElse(0);
        int[] width = new int[cols];
        for (List<String> r : rows) for (int i = 0; i < r.size(); i++) width[i] = Math.max(width[i], r.get(i).length());
        StringBuilder sb = new StringBuilder();
        for (List<String> r : rows) {
            StringBuilder line = new StringBuilder(indent);
            for (int i = 0; i < r.size(); i++) {
                line.append(r.get(i));
                if (i < r.size() - 1) line.append(" ".repeat(width[i] - r.get(i).length() + 2));
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    public static List<String> row(Object... cells) {
        List<String> out = new ArrayList<>();
        for (Object c : cells) out.add(nz(c));
        return out;
    }

    /**
     * Width of wrapped command output: an 80-column terminal, and the screen's pop-up on one (80 minus
     * the margin, the box and its padding), show it without cutting lines.
     */
    public static final int WRAP = 74;

    /** One line wrapped at width on spaces; continuation lines start with indent. A longer word stays whole. */
    public static String wrap(String line, int width, String indent) {
        StringBuilder sb = new StringBuilder();
        String rest = line;
        boolean first = true;
        while (true) {
            String lead = first ? "" : indent;
            int room = width - lead.length();
            if (rest.length() <= room) return sb.append(lead).append(rest).toString();
            int cut = rest.lastIndexOf(' ', room);
            if (cut <= 0) cut = rest.indexOf(' ', room);
            if (cut <= 0) return sb.append(lead).append(rest).toString();
            sb.append(lead).append(rest, 0, cut).append('\n');
            rest = rest.substring(cut + 1).stripLeading();
            first = false;
        }
    }
}
