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
}
