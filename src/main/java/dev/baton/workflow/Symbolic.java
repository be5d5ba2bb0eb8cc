package dev.baton.workflow;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Static reasoning over expressions for lint: which context paths are read, and which values a
 * text can take. Values are found by trying every combination of the literals each path is compared
 * with, plus null and an "unknown" marker; a result carrying the marker depends on unknown data.
 */
final class Symbolic {
    private static final String UNKNOWN = "\u0001unknown\u0001";
    private static final int MAX_COMBINATIONS = 512;

    private Symbolic() {
    }

    /** Per path: the literals it is compared with; whether it is read in ways we cannot enumerate. */
    private static final class Usage {
        final Set<Object> compared = new LinkedHashSet<>();
        boolean opaque;
    }

    static List<Expr> expressions(String text) {
        List<Expr> out = new ArrayList<>();
        if (text == null || text.isBlank()) return out;
        if (!text.contains("${{")) {
            out.add(ExprParser.parse(text));
            return out;
        }
        for (String inner : Expressions.innerExpressions(text)) out.add(ExprParser.parse(inner));
        return out;
    }

    static Set<String> pathsUsed(String text) {
        Map<String, Usage> usage = new LinkedHashMap<>();
        boolean[] dynamic = {false};
        for (Expr e : expressions(text)) walk(e, usage, dynamic, false);
        return usage.keySet();
    }

    static PossibleValues possibleValues(String text, Map<String, List<Object>> domains) {
        if (text == null) return new PossibleValues(Set.of(), false);
        if (!text.contains("${{")) return new PossibleValues(Set.of(text), false);
        Map<String, Usage> usage = new LinkedHashMap<>();
        boolean[] dynamic = {false};
        try {
            for (Expr e : expressions(text)) walk(e, usage, dynamic, false);
        } catch (ExpressionException e) {
            return new PossibleValues(Set.of(), true);
        }
        Map<String, List<Object>> dom = new HashMap<>();
        for (Map.Entry<String, List<Object>> e : (domains == null ? Map.<String, List<Object>>of() : domains).entrySet()) {
            dom.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue());
        }
        boolean open = dynamic[0];
        List<String> paths = new ArrayList<>(usage.keySet());
        List<List<Object>> choices = new ArrayList<>();
        long combinations = 1;
        for (String path : paths) {
            List<Object> given = dom.get(path);
            List<Object> values = new ArrayList<>();
            if (given != null) {
                values.addAll(given);
            } else {
                if (usage.get(path).opaque) open = true;
                values.addAll(usage.get(path).compared);
                values.add(UNKNOWN);
                values.add(null);
            }
            choices.add(values);
            combinations *= values.size();
            if (combinations > MAX_COMBINATIONS) return new PossibleValues(Set.of(), true);
        }
        Set<String> results = new LinkedHashSet<>();
        int[] index = new int[paths.size()];
        while (true) {
            Map<String, Object> contexts = new LinkedHashMap<>();
            boolean conflict = false;
            for (int i = 0; i < paths.size(); i++) conflict |= !put(contexts, paths.get(i), choices.get(i).get(index[i]));
            if (conflict) {
                open = true;
            } else {
                try {
                    String v = Expressions.interpolate(text, contexts);
                    if (v.contains(UNKNOWN)) open = true;
                    else results.add(v);
                } catch (ExpressionException e) {
                    open = true;
                }
            }
            int k = paths.size() - 1;
            while (k >= 0 && ++index[k] == choices.get(k).size()) index[k--] = 0;
            if (k < 0) break;
        }
        return new PossibleValues(results, open);
    }

    /** Places value at a dotted path in nested maps; false when the path collides with another. */
    @SuppressWarnings("unchecked")
    private static boolean put(Map<String, Object> root, String path, Object value) {
        String[] parts = path.split("\\.");
        Map<String, Object> m = root;
        for (int i = 0; i < parts.length - 1; i++) {
            Object next = m.get(parts[i]);
            if (next == null) {
                next = new LinkedHashMap<String, Object>();
                m.put(parts[i], next);
            } else if (!(next instanceof Map)) {
                return false;
            }
            m = (Map<String, Object>) next;
        }
        if (m.containsKey(parts[parts.length - 1])) return false;
        m.put(parts[parts.length - 1], value);
        return true;
    }

    /** The static dotted path of a context access (github.event.x, needs['a'].result), or null. */
    private static String path(Expr e) {
        if (e instanceof Expr.Context c) return c.name().toLowerCase(Locale.ROOT);
        if (e instanceof Expr.Property p) {
            String t = path(p.target());
            return t == null ? null : t + "." + p.name().toLowerCase(Locale.ROOT);
        }
        if (e instanceof Expr.Index ix && ix.index() instanceof Expr.Literal l && l.value() instanceof String s
                && !s.contains(".") && !s.isEmpty()) {
            String t = path(ix.target());
            return t == null ? null : t + "." + s.toLowerCase(Locale.ROOT);
        }
        return null;
    }

    private static void walk(Expr e, Map<String, Usage> usage, boolean[] dynamic, boolean inFunction) {
        String p = path(e);
        if (p != null) {
            Usage u = usage.computeIfAbsent(p, k -> new Usage());
            if (inFunction) u.opaque = true;
            return;
        }
        if (e instanceof Expr.Literal) return;
        if (e instanceof Expr.Property pr) {
            walk(pr.target(), usage, dynamic, inFunction);
            dynamic[0] = true;
        } else if (e instanceof Expr.Star s) {
            walk(s.target(), usage, dynamic, true);
            dynamic[0] = true;
        } else if (e instanceof Expr.Index ix) {
            walk(ix.target(), usage, dynamic, true);
            walk(ix.index(), usage, dynamic, true);
            dynamic[0] = true;
        } else if (e instanceof Expr.Not n) {
            walk(n.operand(), usage, dynamic, inFunction);
        } else if (e instanceof Expr.Compare c) {
            walk(c.left(), usage, dynamic, inFunction);
            walk(c.right(), usage, dynamic, inFunction);
            String lp = path(c.left());
            String rp = path(c.right());
            if (lp != null && c.right() instanceof Expr.Literal l) usage.get(lp).compared.add(l.value());
            if (rp != null && c.left() instanceof Expr.Literal l) usage.get(rp).compared.add(l.value());
        } else if (e instanceof Expr.And a) {
            for (Expr operand : a.operands()) walk(operand, usage, dynamic, inFunction);
        } else if (e instanceof Expr.Or o) {
            for (Expr operand : o.operands()) walk(operand, usage, dynamic, inFunction);
        } else if (e instanceof Expr.Call c) {
            boolean status = List.of("success", "failure", "cancelled", "always").contains(c.name());
            if (status) dynamic[0] = true;
            for (Expr arg : c.args()) walk(arg, usage, dynamic, true);
        }
    }
}
