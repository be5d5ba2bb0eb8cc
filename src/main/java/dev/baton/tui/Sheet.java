package dev.baton.tui;

import java.util.ArrayList;
import java.util.List;

/**
 * A pane's rows laid out in columns that grow with the width and give way by priority. Each column has a
 * minimum, a preferred width (its longest cell or heading) and a priority (0 first). Narrow, the
 * lowest-priority columns are dropped until the rest fit at their minimum; the spare width then goes to
 * the columns in priority order, up to their preferred width. The last column is not padded. Rows outside
 * a table (messages, placeholders) are kept as they are and do not count toward the preferred width.
 */
final class Sheet {
    /** The priority of a column shown only when every other column is whole (a lock's key). */
    static final int OPTIONAL = 9;

    /** One set of columns; rows of the same table line up. indent: columns before the first one (a glyph). */
    static final class Table {
        private final String[] names;
        private final int[] min;
        private final int[] priority;
        private final boolean[] keepEnd;
        private final int[] pref;
        private final int indent;

        /** names: the heading of each column, or null for none; keepEnd: cut at the start (keys, paths). */
        Table(int indent, String[] names, int[] min, int[] priority, boolean[] keepEnd) {
            this.indent = indent;
            this.names = names;
            this.min = min.clone();
            this.priority = priority.clone();
            this.keepEnd = keepEnd == null ? new boolean[min.length] : keepEnd.clone();
            this.pref = new int[min.length];
            if (names != null) for (int i = 0; i < names.length; i++) pref[i] = names[i].length();
        }

        Table(int indent, int[] min, int[] priority) {
            this(indent, null, min, priority, null);
        }

        private void see(int col, List<Line.Seg> cell) {
            pref[col] = Math.max(pref[col], length(cell));
        }

        /** The width at which nothing is cut. */
        int preferred() {
            int w = indent, shown = 0;
            for (int p : pref) {
                if (p > 0) {
                    w += p;
                    shown++;
                }
            }
            return w + Math.max(0, shown - 1);
        }

        /**
         * The width of each column in this many columns; 0: dropped (or empty in every row). An
         * {@link #OPTIONAL} column shows only in the room left once every other column is whole.
         */
        int[] widths(int width) {
            int n = min.length;
            int room = width - indent;
            int[] w = new int[n];
            boolean[] shown = new boolean[n];
            for (int i = 0; i < n; i++) shown[i] = pref[i] > 0 && priority[i] < OPTIONAL;
            while (need(shown) > room && count(shown) > 1) {
                int drop = -1;
                for (int i = 0; i < n; i++) {
                    if (shown[i] && (drop < 0 || priority[i] >= priority[drop])) drop = i;
                }
                shown[drop] = false;
            }
            int spare = place(w, shown, room);
            // a column of lower priority gives its place when that makes every more important column whole
            for (int drop = last(shown); drop >= 0 && priority[drop] > 0; drop = last(shown)) {
                if (whole(w, shown, priority[drop])) break;
                boolean[] without = shown.clone();
                without[drop] = false;
                int[] w2 = new int[n];
                int spare2 = place(w2, without, room);
                if (!whole(w2, without, priority[drop])) break;
                shown = without;
                System.arraycopy(w2, 0, w, 0, n);
                spare = spare2;
            }
            for (int i = 0; i < n; i++) {
                if (pref[i] > 0 && priority[i] >= OPTIONAL && spare >= Math.min(min[i], pref[i]) + 1) {
                    shown[i] = true;
                    w[i] = Math.min(min[i], pref[i]);
                    spare = grow(w, shown, spare - w[i] - 1);
                }
            }
            return w;
        }

        /** Sets the shown columns to their minimum, then grows them; returns the spare columns. */
        private int place(int[] w, boolean[] shown, int room) {
            java.util.Arrays.fill(w, 0);
            for (int i = 0; i < w.length; i++) if (shown[i]) w[i] = Math.min(min[i], pref[i]);
            return grow(w, shown, room - need(shown));
        }

        /** The shown column of the lowest priority (the last of equals), or -1. */
        private int last(boolean[] shown) {
            int last = -1;
            for (int i = 0; i < shown.length; i++) if (shown[i] && (last < 0 || priority[i] >= priority[last])) last = i;
            return last;
        }

        /** Whether every shown column more important than this priority is whole. */
        private boolean whole(int[] w, boolean[] shown, int below) {
            for (int i = 0; i < w.length; i++) if (shown[i] && priority[i] < below && w[i] < pref[i]) return false;
            return true;
        }

        /** Gives spare columns to the shown ones by priority, up to their preferred width; returns what is left. */
        private int grow(int[] w, boolean[] shown, int spare) {
            for (int p = 0; spare > 0 && p <= maxPriority(); p++) {
                for (int i = 0; i < w.length && spare > 0; i++) {
                    if (!shown[i] || priority[i] != p) continue;
                    int add = Math.min(spare, pref[i] - w[i]);
                    w[i] += add;
                    spare -= add;
                }
            }
            return spare;
        }

        /** Adds what is cut at this width to cut[priority]: the columns missing from each column. */
        private void addCut(int width, long[] cut) {
            int[] w = widths(width);
            for (int i = 0; i < w.length; i++) cut[priority[i]] += pref[i] - w[i];
        }

        private int maxPriority() {
            int m = 0;
            for (int p : priority) m = Math.max(m, p);
            return m;
        }

        private int need(boolean[] shown) {
            int w = 0;
            for (int i = 0; i < shown.length; i++) if (shown[i]) w += Math.min(min[i], pref[i]);
            return w + Math.max(0, count(shown) - 1);
        }

        private static int count(boolean[] shown) {
            int c = 0;
            for (boolean b : shown) if (b) c++;
            return c;
        }

        /** The headings as laid out at this width. */
        String header(int width) {
            List<List<Line.Seg>> cells = new ArrayList<>();
            for (String name : names) cells.add(List.of(new Line.Seg(name, "muted")));
            StringBuilder sb = new StringBuilder(" ".repeat(indent));
            for (Line.Seg s : render(widths(width), cells)) sb.append(s.text());
            return sb.toString();
        }

        private List<Line.Seg> render(int[] w, List<List<Line.Seg>> cells) {
            int last = -1;
            for (int i = 0; i < w.length; i++) if (w[i] > 0) last = i;
            List<Line.Seg> out = new ArrayList<>();
            for (int i = 0; i <= last; i++) {
                if (w[i] == 0) continue;
                List<Line.Seg> cell = cells.get(i);
                if (i == last) {
                    out.addAll(cut(cell, w[i], false));
                } else {
                    out.addAll(fit(cell, w[i], keepEnd[i]));
                    out.add(new Line.Seg(" ", "text"));
                }
            }
            return out;
        }
    }

    private record Row(Table table, List<Line.Seg> prefix, List<List<Line.Seg>> cells, Line fixed, String key, Object payload) {
    }

    private final List<Row> rows = new ArrayList<>();
    private Table headed;

    /** Heads the pane with this table's column names. */
    Sheet headed(Table t) {
        headed = t;
        return this;
    }

    /** The column names as laid out at this width, or null without a heading. */
    String header(int width) {
        return headed == null ? null : headed.header(width);
    }

    /** A row of the table: prefix (indent wide), then one cell (segments) per column. */
    Sheet add(Table t, List<Line.Seg> prefix, List<List<Line.Seg>> cells, String key, Object payload) {
        for (int i = 0; i < cells.size(); i++) t.see(i, cells.get(i));
        rows.add(new Row(t, List.copyOf(prefix), List.copyOf(cells), null, key, payload));
        return this;
    }

    /** A row kept as it is. */
    Sheet add(Line fixed) {
        rows.add(new Row(null, null, null, fixed, null, null));
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The width at which no table row is cut. */
    int preferred() {
        int w = 0;
        for (Row r : rows) if (r.table() != null) w = Math.max(w, r.table().preferred());
        return w;
    }

    /** What is cut at this width: how many columns each priority misses, over every table of the sheet. */
    long[] cut(int width) {
        long[] cut = new long[OPTIONAL + 1];
        List<Table> seen = new ArrayList<>();
        for (Row r : rows) {
            if (r.table() == null || seen.contains(r.table())) continue;
            seen.add(r.table());
            r.table().addCut(width, cut);
        }
        return cut;
    }

    /** Compares cuts: the one that cuts less of the most important columns is less. */
    static int compare(long[] a, long[] b) {
        return java.util.Arrays.compare(a, b);
    }

    static long[] plus(long[] a, long[] b) {
        long[] out = a.clone();
        for (int i = 0; i < out.length; i++) out[i] += b[i];
        return out;
    }

    List<Line> lines(int width) {
        List<Line> out = new ArrayList<>(rows.size());
        java.util.Map<Table, int[]> widths = new java.util.IdentityHashMap<>();
        for (Row r : rows) {
            if (r.table() == null) {
                out.add(r.fixed());
                continue;
            }
            int[] w = widths.computeIfAbsent(r.table(), t -> t.widths(width));
            List<Line.Seg> segs = new ArrayList<>(r.prefix());
            segs.addAll(r.table().render(w, r.cells()));
            out.add(new Line(segs, r.key(), r.payload()));
        }
        return out;
    }

    static List<Line.Seg> cell(String text, String role) {
        return text == null || text.isEmpty() ? List.of() : List.of(new Line.Seg(text, role));
    }

    private static int length(List<Line.Seg> cell) {
        int n = 0;
        for (Line.Seg s : cell) n += Text.printable(s.text()).length();
        return n;
    }

    /** Exactly n columns: padded, or cut with '~' (at the start when keepEnd). */
    private static List<Line.Seg> fit(List<Line.Seg> cell, int n, boolean keepEnd) {
        int len = length(cell);
        String role = cell.isEmpty() ? "text" : cell.get(cell.size() - 1).role();
        if (len <= n) {
            List<Line.Seg> out = new ArrayList<>(cell);
            if (len < n) out.add(new Line.Seg(" ".repeat(n - len), role));
            return out;
        }
        return cut(cell, n, keepEnd);
    }

    /** At most n columns, cut with '~'. */
    private static List<Line.Seg> cut(List<Line.Seg> cell, int n, boolean keepEnd) {
        if (length(cell) <= n) return cell;
        if (keepEnd && cell.size() == 1) return List.of(new Line.Seg(Text.cutLeft(cell.get(0).text(), n), cell.get(0).role()));
        List<Line.Seg> out = new ArrayList<>();
        int room = n - 1;
        for (Line.Seg s : cell) {
            String t = Text.printable(s.text());
            if (room <= 0) break;
            String part = t.length() <= room ? t : t.substring(0, room);
            out.add(new Line.Seg(part, s.role(), s.bold()));
            room -= part.length();
        }
        out.add(new Line.Seg("~", out.isEmpty() ? cell.get(0).role() : out.get(out.size() - 1).role()));
        return out;
    }
}
