package dev.baton.tui;


import dev.baton.render.TimeRender;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The selected run's or job's log: follow, wrap, timestamps, filter with highlighted matches, a line selection to copy. */
final class LogPane {
    private static final Pattern STAMP = Pattern.compile("^(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?Z) ?");

    record Parsed(String time, List<Line.Seg> segs, String plain) {
    }

    private final ZoneId zone;
    private long runId;
    private Long jobId;
    private String label;
    private List<Parsed> all = List.of();
    private List<Parsed> visible = List.of();
    private Filter filter = Filter.NONE;
    private String status = "no log open: select a run in Groups and press Enter";
    private boolean follow = true;
    private boolean wrap;
    private boolean timestamps;
    private int cursor;
    private int top;
    private int mark = -1;

    LogPane(ZoneId zone) {
        this.zone = zone;
    }

    boolean open() {
        return label != null;
    }

    long runId() {
        return runId;
    }

    Long jobId() {
        return jobId;
    }

    void target(long runId, Long jobId, String label) {
        boolean same = this.label != null && this.runId == runId && java.util.Objects.equals(this.jobId, jobId);
        this.runId = runId;
        this.jobId = jobId;
        this.label = label;
        if (!same) {
            all = List.of();
            visible = List.of();
            cursor = top = 0;
            mark = -1;
            follow = true;
            status = "loading...";
        }
    }

    void status(String text) {
        status = text;
    }

    void setLines(List<String> raw) {
        List<Parsed> parsed = new ArrayList<>(raw.size());
        for (String r : raw) parsed.add(parse(r));
        all = parsed;
        status = null;
        refilter();
        if (follow) cursor = Math.max(0, visible.size() - 1);
    }

    /** Lines a command streams into the pane: the newest KEEP stay (a watch left running for hours). */
    static final int KEEP = 10_000;

    /** One more line of a streaming command; followed when following. */
    void append(String raw) {
        List<Parsed> a = new ArrayList<>(all.size() + 1);
        int drop = Math.max(0, all.size() + 1 - KEEP);
        a.addAll(all.subList(drop, all.size()));
        a.add(parse(raw));
        all = a;
        status = null;
        refilter();
        if (follow) cursor = Math.max(0, visible.size() - 1);
        else cursor = Math.max(0, cursor - drop);
    }

    private Parsed parse(String line) {
        String raw = line; // GitHub's byte-order mark is gone (github/RunReads.lines)
        String time = null;
        String rest = raw;
        Matcher m = STAMP.matcher(raw);
        if (m.find()) {
            try {
                time = TimeRender.clock(Instant.parse(m.group(1)), zone);
                rest = raw.substring(m.end());
            } catch (DateTimeParseException ignored) {
                // not a timestamp after all: keep the line as it is
            }
        }
        String role = "text";
        if (rest.startsWith("##[error]")) {
            rest = rest.substring(9);
            role = "error";
        } else if (rest.startsWith("##[warning]")) {
            rest = rest.substring(11);
            role = "warn";
        } else if (rest.startsWith("##[group]")) {
            rest = "> " + rest.substring(9);
            role = "group";
        } else if (rest.startsWith("##[endgroup]")) {
            rest = "";
            role = "muted";
        }
        List<Line.Seg> segs = Ansi.parse(rest, role);
        StringBuilder plain = new StringBuilder();
        for (Line.Seg s : segs) plain.append(s.text());
        return new Parsed(time, segs, plain.toString());
    }

    void setFilter(Filter f) {
        filter = f;
        refilter();
        cursor = Math.min(cursor, Math.max(0, visible.size() - 1));
    }

    Filter filter() {
        return filter;
    }

    private void refilter() {
        if (!filter.active()) {
            visible = all;
            return;
        }
        List<Parsed> v = new ArrayList<>();
        for (Parsed p : all) if (filter.keeps(p.plain())) v.add(p);
        visible = v;
    }

    boolean follow() {
        return follow;
    }

    void toggleFollow() {
        follow = !follow;
        if (follow) cursor = Math.max(0, visible.size() - 1);
    }

    void toggleWrap() {
        wrap = !wrap;
    }

    void toggleTimestamps() {
        timestamps = !timestamps;
    }

    boolean wrap() {
        return wrap;
    }

    boolean timestamps() {
        return timestamps;
    }

    void move(int delta) {
        if (visible.isEmpty()) return;
        cursor = Math.max(0, Math.min(visible.size() - 1, cursor + delta));
        follow = cursor == visible.size() - 1 && delta > 0 && follow;
    }

    void home() {
        cursor = 0;
        follow = false;
    }

    void end() {
        cursor = Math.max(0, visible.size() - 1);
    }

    void toggleMark() {
        mark = mark >= 0 ? -1 : cursor;
    }

    /** The selected lines (mark to cursor, or the cursor line) as plain text. */
    String selectedText() {
        if (visible.isEmpty()) return "";
        int a = mark >= 0 ? Math.min(mark, cursor) : cursor;
        int b = mark >= 0 ? Math.max(mark, cursor) : cursor;
        StringBuilder sb = new StringBuilder();
        for (int i = a; i <= b && i < visible.size(); i++) {
            Parsed p = visible.get(i);
            if (timestamps && p.time() != null) sb.append(p.time()).append(' ');
            sb.append(p.plain());
            if (i < b) sb.append('\n');
        }
        return sb.toString();
    }

    int selectedCount() {
        return visible.isEmpty() ? 0 : mark >= 0 ? Math.abs(mark - cursor) + 1 : 1;
    }

    void clearMark() {
        mark = -1;
    }

    String title() {
        if (label == null) return "Log";
        StringBuilder t = new StringBuilder("Log " + label);
        t.append(" (").append(visible.size()).append(filter.active() ? "/" + all.size() : "").append(")");
        if (follow) t.append(" follow");
        if (wrap) t.append(" wrap");
        if (timestamps) t.append(" time");
        if (filter.active()) t.append(" /").append(filter.text());
        return t.toString();
    }

    private int prefixWidth() {
        return timestamps ? 9 : 0;
    }

    private int height(Parsed p, int w) {
        if (!wrap) return 1;
        int len = prefixWidth() + p.plain().length();
        int usable = Math.max(1, w);
        return Math.max(1, (len + usable - 1) / usable);
    }

    void draw(Canvas c, Rect area, boolean focused) {
        if (area.empty()) return;
        if (status != null && visible.isEmpty()) {
            c.fill(area, "text");
            c.text(area.x() + 1, area.y(), area.w() - 1, status, "muted");
            return;
        }
        int w = area.w() - 1;
        if (follow) cursor = Math.max(0, visible.size() - 1);
        if (cursor < top) top = cursor;
        // scroll down until the cursor line fits
        while (true) {
            int used = 0;
            for (int i = top; i <= cursor && i < visible.size(); i++) used += height(visible.get(i), w);
            if (used <= area.h() || top >= cursor) break;
            top++;
        }
        int y = area.y();
        int lo = mark >= 0 ? Math.min(mark, cursor) : cursor;
        int hi = mark >= 0 ? Math.max(mark, cursor) : cursor;
        for (int i = top; i < visible.size() && y < area.bottom(); i++) {
            boolean sel = focused && i >= lo && i <= hi;
            y = drawLine(c, area, y, visible.get(i), w, sel);
        }
        for (; y < area.bottom(); y++) c.line(area.x(), y, area.w(), Line.of("", "text"), null, "text");
    }

    private int drawLine(Canvas c, Rect area, int y, Parsed p, int w, boolean sel) {
        // flatten into cells so matches can be highlighted across segment borders
        StringBuilder chars = new StringBuilder();
        List<String> roles = new ArrayList<>();
        List<Boolean> bolds = new ArrayList<>();
        if (timestamps) {
            String t = Text.fit(p.time() == null ? "" : p.time(), 8) + " ";
            for (char ch : t.toCharArray()) {
                chars.append(ch);
                roles.add("muted");
                bolds.add(false);
            }
        }
        int textStart = chars.length();
        for (Line.Seg s : p.segs()) {
            for (char ch : s.text().toCharArray()) {
                chars.append(ch);
                roles.add(s.role());
                bolds.add(s.bold());
            }
        }
        if (filter.active() && !filter.inverted()) {
            Matcher m = filter.pattern().matcher(p.plain());
            while (m.find() && m.end() > m.start()) {
                for (int k = m.start(); k < m.end(); k++) roles.set(textStart + k, "match");
            }
        }
        int pos = 0;
        do {
            int n = wrap ? Math.min(w, chars.length() - pos) : Math.min(w, chars.length());
            c.put(area.x(), y, ' ', sel ? "selected" : "text", false);
            for (int k = 0; k < n; k++) {
                String role = sel && !roles.get(pos + k).equals("match") ? "selected" : roles.get(pos + k);
                c.put(area.x() + 1 + k, y, chars.charAt(pos + k), role, bolds.get(pos + k));
            }
            for (int k = n; k < w; k++) c.put(area.x() + 1 + k, y, ' ', sel ? "selected" : "text", false);
            pos += Math.max(n, 1);
            y++;
        } while (wrap && pos < chars.length() && y < area.bottom());
        return y;
    }
}
