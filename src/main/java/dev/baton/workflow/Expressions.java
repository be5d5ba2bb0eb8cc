package dev.baton.workflow;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

// Over 400 lines: one small language's tokenizer, parser and evaluator; GitHub's loose typing (null, number, string
// coercions) is used by all three, and splitting them would put those rules in two places.
/**
 * The GitHub Actions expression subset: literals, context paths (github.ref, inputs.x, needs.a.outputs.b,
 * matrix.x, vars.X), index access, ||, &&, ==, !=, !, <, <=, >, >=, parentheses, and the functions
 * format, contains, startsWith, endsWith, join, toJSON, fromJSON. Values follow GitHub's loose typing
 * (null, boolean, number as double, string, List, Map); comparisons of strings are case-insensitive.
 *
 * <p>Like GitHub: || and &amp;&amp; return an operand (so {@code a && 'x' || 'y'} picks a value), a missing
 * property is null, property names and function names are case-insensitive, values of different
 * types compare as numbers. The status functions success(), failure(), cancelled() and always() read
 * {@code job.status} from the contexts (absent = success). Errors are {@link ExpressionException}s
 * naming the column for parse errors.
 *
 * <p>About 420 lines, over ~400 on purpose: the language's public face and its tree-walking evaluator (eval,
 * the functions, format) read as one; the parser ({@link ExprParser}), the tree ({@link Expr}), the value rules
 * ({@link Values}) and the static readings ({@link Symbolic}, {@link PossibleValues}) are classes of their own.
 */
public final class Expressions {
    private static final Map<String, Expr> CACHE = new ConcurrentHashMap<>();
    private static final int CACHE_LIMIT = 2048;

    private Expressions() {
    }

    /** Evaluates one expression (without the ${{ }} wrapper). contexts: top-level name -> value. */
    public static Object evaluate(String expression, Map<String, Object> contexts) {
        return eval(parsed(expression), contexts == null ? Map.of() : contexts);
    }

    /** Replaces every ${{ expr }} in text with its value as a string ("" for null). */
    public static String interpolate(String text, Map<String, Object> contexts) {
        if (text == null) return null;
        StringBuilder out = new StringBuilder();
        int i = 0;
        for (int[] span : spans(text)) {
            out.append(text, i, span[0]);
            out.append(Values.interpolated(evaluate(text.substring(span[0] + 3, span[1]), contexts)));
            i = span[1] + 2;
        }
        return out.append(text.substring(i)).toString();
    }

    /** Truthiness of a value the GitHub way (false, 0, "", null are false). */
    public static boolean truthy(Object value) {
        return Values.truthy(value);
    }

    /**
     * For a value that is an if-condition or a whole "${{ }}" (e.g. cancel-in-progress): its truthiness.
     * Text without ${{ is read as an expression (so "true", "false" and bare if-conditions work); text
     * mixing literal parts with ${{ }} is a non-empty string, hence true, as on GitHub. As in if:, a
     * condition without a status function is implicitly success() &amp;&amp; condition.
     */
    public static boolean condition(String text, Map<String, Object> contexts) {
        if (text == null || text.isBlank()) return statusIs(contexts, "success");
        String t = text.strip();
        Expr e;
        if (!t.contains("${{")) {
            e = parsed(t);
        } else {
            List<int[]> spans = spans(t);
            if (spans.size() == 1 && spans.get(0)[0] == 0 && spans.get(0)[1] == t.length() - 2) {
                e = parsed(t.substring(3, t.length() - 2));
            } else {
                return Values.truthy(interpolate(t, contexts));
            }
        }
        Map<String, Object> ctx = contexts == null ? Map.of() : contexts;
        boolean value = Values.truthy(eval(e, ctx));
        return usesStatusFunction(e) ? value : value && statusIs(ctx, "success");
    }

    /**
     * Top-level context names an expression text refers to (e.g. "github", "inputs"). Text with ${{ }}
     * is searched inside its expressions only; text without is read as one expression (an if:).
     * Text that does not parse yields the names found before the error (use {@link #check} to report it).
     */
    public static Set<String> contextsUsed(String text) {
        Set<String> out = new LinkedHashSet<>();
        if (text == null || text.isBlank()) return out;
        try {
            if (text.contains("${{")) {
                for (int[] span : spans(text)) collectContexts(parsed(text.substring(span[0] + 3, span[1])), out);
            } else {
                collectContexts(parsed(text), out);
            }
        } catch (ExpressionException e) {
            // reported by check(); the names found so far are still useful
        }
        return out;
    }

    /** Parses every expression in text (${{ }} parts, or the whole text when it has none). @throws ExpressionException */
    public static void check(String text) {
        if (text == null || text.isBlank()) return;
        if (text.contains("${{")) {
            for (int[] span : spans(text)) parsed(text.substring(span[0] + 3, span[1]));
        } else {
            parsed(text);
        }
    }

    /**
     * Dotted context paths a text reads, lower-cased, e.g. "github.ref", "inputs.environment",
     * "needs.build.outputs.sha" (index access with a literal key counts as a property).
     * @throws ExpressionException when an expression does not parse
     */
    public static Set<String> pathsUsed(String text) {
        return Symbolic.pathsUsed(text);
    }

    /**
     * The values a text can evaluate to, without running anything: for
     * {@code ${{ github.actor == 'dependabot[bot]' && 'production-auto' || 'production' }}} that is
     * {production-auto, production}, closed. domains (dotted path -> candidate values, e.g. a choice
     * input's options) make more texts closed; paths without one are tried as each literal they are
     * compared with, as null, and as unknown data (which makes the result open).
     */
    public static PossibleValues possibleValues(String text, Map<String, List<Object>> domains) {
        return Symbolic.possibleValues(text, domains);
    }

    /** The texts between each ${{ and }}. */
    static List<String> innerExpressions(String text) {
        List<String> out = new ArrayList<>();
        for (int[] span : spans(text)) out.add(text.substring(span[0] + 3, span[1]));
        return out;
    }

    /** True when text holds at least one ${{ }}. */
    public static boolean hasExpression(String text) {
        return text != null && text.contains("${{");
    }

    /** GitHub's toJSON of a value (two-space indentation). */
    public static String toJson(Object value) {
        return Values.toJson(value);
    }

    /** GitHub's string conversion of a value (numbers without needless decimals, null as ""). */
    public static String toText(Object value) {
        return Values.toStr(value);
    }

    /** GitHub's loose equality (==). */
    public static boolean looseEquals(Object a, Object b) {
        return Values.looseEquals(a, b);
    }

    // ---- internals

    private static Expr parsed(String expression) {
        Expr e = CACHE.get(expression);
        if (e != null) return e;
        e = ExprParser.parse(expression);
        if (CACHE.size() >= CACHE_LIMIT) CACHE.clear();
        CACHE.put(expression, e);
        return e;
    }

    /** [start of "${{", start of its closing "}}"] for each expression; quotes may hide "}}". */
    private static List<int[]> spans(String text) {
        List<int[]> out = new ArrayList<>();
        int i = text.indexOf("${{");
        while (i >= 0) {
            int j = i + 3;
            boolean quoted = false;
            int end = -1;
            while (j < text.length()) {
                char c = text.charAt(j);
                if (c == '\'') quoted = !quoted;
                else if (!quoted && c == '}' && j + 1 < text.length() && text.charAt(j + 1) == '}') {
                    end = j;
                    break;
                }
                j++;
            }
            if (end < 0) {
                throw new ExpressionException("'${{' at column " + (i + 1) + " has no closing '}}' in '" + text.strip() + "'", i + 1);
            }
            out.add(new int[]{i, end});
            i = text.indexOf("${{", end + 2);
        }
        return out;
    }

    private static void collectContexts(Expr e, Set<String> out) {
        if (e instanceof Expr.Context c) {
            out.add(c.name().toLowerCase(Locale.ROOT));
        } else if (e instanceof Expr.Property p) {
            collectContexts(p.target(), out);
        } else if (e instanceof Expr.Star s) {
            collectContexts(s.target(), out);
        } else if (e instanceof Expr.Index ix) {
            collectContexts(ix.target(), out);
            collectContexts(ix.index(), out);
        } else if (e instanceof Expr.Not n) {
            collectContexts(n.operand(), out);
        } else if (e instanceof Expr.Compare c) {
            collectContexts(c.left(), out);
            collectContexts(c.right(), out);
        } else if (e instanceof Expr.And a) {
            for (Expr operand : a.operands()) collectContexts(operand, out);
        } else if (e instanceof Expr.Or o) {
            for (Expr operand : o.operands()) collectContexts(operand, out);
        } else if (e instanceof Expr.Call c) {
            for (Expr arg : c.args()) collectContexts(arg, out);
        }
    }

    private static boolean usesStatusFunction(Expr e) {
        if (e instanceof Expr.Call c) {
            if (List.of("success", "failure", "cancelled", "always").contains(c.name())) return true;
            return c.args().stream().anyMatch(Expressions::usesStatusFunction);
        }
        if (e instanceof Expr.Not n) return usesStatusFunction(n.operand());
        if (e instanceof Expr.Compare c) return usesStatusFunction(c.left()) || usesStatusFunction(c.right());
        if (e instanceof Expr.And a) return a.operands().stream().anyMatch(Expressions::usesStatusFunction);
        if (e instanceof Expr.Or o) return o.operands().stream().anyMatch(Expressions::usesStatusFunction);
        if (e instanceof Expr.Index ix) return usesStatusFunction(ix.target()) || usesStatusFunction(ix.index());
        if (e instanceof Expr.Property p) return usesStatusFunction(p.target());
        return false;
    }

    private static boolean statusIs(Map<String, Object> contexts, String wanted) {
        Object job = contexts == null ? null : lookup(contexts, "job");
        Object status = job instanceof Map<?, ?> m ? lookup(m, "status") : null;
        String s = status == null ? "success" : Values.toStr(status);
        return s.equalsIgnoreCase(wanted);
    }

    /** Case-insensitive key lookup, as GitHub's contexts are. */
    private static Object lookup(Map<?, ?> map, String key) {
        Object v = map.get(key);
        if (v != null || map.containsKey(key)) return v;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (e.getKey() != null && e.getKey().toString().equalsIgnoreCase(key)) return e.getValue();
        }
        return null;
    }

    private static Object property(Object target, String name) {
        if (target instanceof Values.Filtered list) {
            Values.Filtered out = new Values.Filtered();
            for (Object item : list) {
                Object v = property(item, name);
                if (v != null) out.add(v);
            }
            return out;
        }
        if (target instanceof Map<?, ?> m) return Values.normalize(lookup(m, name));
        return null;
    }

    private static Object eval(Expr e, Map<String, Object> ctx) {
        if (e instanceof Expr.Literal l) return l.value();
        if (e instanceof Expr.Context c) return Values.normalize(lookup(ctx, c.name()));
        if (e instanceof Expr.Property p) return property(eval(p.target(), ctx), p.name());
        if (e instanceof Expr.Star s) {
            Object t = eval(s.target(), ctx);
            Values.Filtered out = new Values.Filtered();
            if (t instanceof Map<?, ?> m) out.addAll(m.values());
            else if (t instanceof List<?> l) out.addAll(l);
            return out;
        }
        if (e instanceof Expr.Index ix) {
            Object t = eval(ix.target(), ctx);
            Object i = Values.normalize(eval(ix.index(), ctx));
            if (t instanceof Values.Filtered f && !(i instanceof Double)) return property(f, Values.toStr(i));
            if (t instanceof List<?> l) {
                double d = Values.toNumber(i);
                if (Double.isNaN(d) || d < 0 || d != Math.floor(d) || d >= l.size()) return null;
                return Values.normalize(l.get((int) d));
            }
            if (t instanceof Map<?, ?> m) return Values.normalize(lookup(m, Values.toStr(i)));
            return null;
        }
        if (e instanceof Expr.Not n) return !Values.truthy(eval(n.operand(), ctx));
        if (e instanceof Expr.And a) { // the first falsy operand, else the last
            List<Expr> operands = a.operands();
            for (int i = 0; i < operands.size() - 1; i++) {
                Object v = eval(operands.get(i), ctx);
                if (!Values.truthy(v)) return v;
            }
            return eval(operands.get(operands.size() - 1), ctx);
        }
        if (e instanceof Expr.Or o) { // the first truthy operand, else the last
            List<Expr> operands = o.operands();
            for (int i = 0; i < operands.size() - 1; i++) {
                Object v = eval(operands.get(i), ctx);
                if (Values.truthy(v)) return v;
            }
            return eval(operands.get(operands.size() - 1), ctx);
        }
        if (e instanceof Expr.Compare c) {
            Object left = eval(c.left(), ctx);
            Object right = eval(c.right(), ctx);
            switch (c.op()) {
                case "==": return Values.looseEquals(left, right);
                case "!=": return !Values.looseEquals(left, right);
                default: {
                    Integer cmp = Values.compare(left, right);
                    if (cmp == null) return false;
                    switch (c.op()) {
                        case "<": return cmp < 0;
                        case "<=": return cmp <= 0;
                        case ">": return cmp > 0;
                        default: return cmp >= 0;
                    }
                }
            }
        }
        return call((Expr.Call) e, ctx);
    }

    private static Object call(Expr.Call c, Map<String, Object> ctx) {
        List<Object> args = new ArrayList<>(c.args().size());
        for (Expr a : c.args()) args.add(eval(a, ctx));
        switch (c.name()) {
            case "contains": {
                Object hay = args.get(0);
                if (hay instanceof List<?> list) {
                    for (Object item : list) if (Values.looseEquals(item, args.get(1))) return true;
                    return false;
                }
                return Values.toStr(hay).toLowerCase(Locale.ROOT).contains(Values.toStr(args.get(1)).toLowerCase(Locale.ROOT));
            }
            case "startsWith":
                return Values.toStr(args.get(0)).toLowerCase(Locale.ROOT).startsWith(Values.toStr(args.get(1)).toLowerCase(Locale.ROOT));
            case "endsWith":
                return Values.toStr(args.get(0)).toLowerCase(Locale.ROOT).endsWith(Values.toStr(args.get(1)).toLowerCase(Locale.ROOT));
            case "format":
                return format(Values.toStr(args.get(0)), args.subList(1, args.size()), c.column());
            case "join": {
                String sep = args.size() > 1 ? Values.toStr(args.get(1)) : ",";
                if (args.get(0) instanceof List<?> list) {
                    StringBuilder sb = new StringBuilder();
                    for (int i = 0; i < list.size(); i++) {
                        if (i > 0) sb.append(sep);
                        sb.append(Values.toStr(list.get(i)));
                    }
                    return sb.toString();
                }
                return Values.toStr(args.get(0));
            }
            case "toJSON":
                return Values.toJson(args.get(0));
            case "fromJSON":
                return Values.fromJson(Values.toStr(args.get(0)));
            case "success":
                return statusIs(ctx, "success");
            case "failure":
                return statusIs(ctx, "failure");
            case "cancelled":
                return statusIs(ctx, "cancelled");
            case "always":
                return true;
            default:
                throw new ExpressionException(c.name() + "() is not supported outside a runner (column " + c.column() + ")", c.column());
        }
    }

    private static String format(String fmt, List<Object> args, int column) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < fmt.length()) {
            char ch = fmt.charAt(i);
            if (ch == '{') {
                if (i + 1 < fmt.length() && fmt.charAt(i + 1) == '{') {
                    sb.append('{');
                    i += 2;
                    continue;
                }
                int close = fmt.indexOf('}', i);
                String digits = close < 0 ? "" : fmt.substring(i + 1, close);
                if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit) || digits.length() > 4) {
                    throw new ExpressionException("format(): invalid placeholder at position " + (i + 1) + " of '" + fmt
                            + "' (use {0}, {1}... and {{ }} for literal braces)", column);
                }
                int index = Integer.parseInt(digits);
                if (index >= args.size()) {
                    throw new ExpressionException("format(): '{" + index + "}' but only " + args.size()
                            + " argument" + (args.size() == 1 ? "" : "s") + " given to '" + fmt + "'", column);
                }
                sb.append(Values.toStr(args.get(index)));
                i = close + 1;
            } else if (ch == '}') {
                if (i + 1 < fmt.length() && fmt.charAt(i + 1) == '}') {
                    sb.append('}');
                    i += 2;
                    continue;
                }
                throw new ExpressionException("format(): unmatched '}' at position " + (i + 1) + " of '" + fmt + "'", column);
            } else {
                sb.append(ch);
                i++;
            }
        }
        return sb.toString();
    }

    /** Builds a contexts map from alternating name/value pairs; a convenience for callers and tests. */
    public static Map<String, Object> contexts(Object... nameValue) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < nameValue.length; i += 2) m.put((String) nameValue[i], nameValue[i + 1]);
        return Collections.unmodifiableMap(m);
    }
}
