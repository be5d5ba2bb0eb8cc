package dev.baton.workflow;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * GitHub's loose typing: null, Boolean, Double, String, List, Map. Conversions follow the Actions
 * runner: other types compare as numbers, strings compare case-insensitively, containers only by identity.
 */
final class Values {
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final JsonFactory JSON = new JsonFactory();

    private Values() {
    }

    /** An array produced by a .* filter: property access maps over its elements. */
    static final class Filtered extends ArrayList<Object> {
    }

    /** Brings values from callers' contexts into the model (any Number -> Double). */
    static Object normalize(Object v) {
        if (v instanceof Number n && !(v instanceof Double)) return n.doubleValue();
        return v;
    }

    static double parseNumber(String text) {
        String s = text.strip();
        if (s.isEmpty()) return 0;
        boolean negative = s.startsWith("-");
        String body = negative || s.startsWith("+") ? s.substring(1) : s;
        if (body.startsWith("0x") || body.startsWith("0X")) {
            try {
                double v = Long.parseLong(body.substring(2), 16);
                return negative ? -v : v;
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        if (s.equals("Infinity")) return Double.POSITIVE_INFINITY;
        if (s.equals("-Infinity")) return Double.NEGATIVE_INFINITY;
        if (!DECIMAL.matcher(s).matches()) return Double.NaN;
        return Double.parseDouble(s);
    }

    static double toNumber(Object v) {
        v = normalize(v);
        if (v == null) return 0;
        if (v instanceof Boolean b) return b ? 1 : 0;
        if (v instanceof Double d) return d;
        if (v instanceof String s) return parseNumber(s);
        return Double.NaN;
    }

    static boolean truthy(Object v) {
        v = normalize(v);
        if (v == null) return false;
        if (v instanceof Boolean b) return b;
        if (v instanceof Double d) return d != 0 && !d.isNaN();
        if (v instanceof String s) return !s.isEmpty();
        return true;
    }

    static String formatNumber(double d) {
        if (Double.isNaN(d)) return "NaN";
        if (Double.isInfinite(d)) return d > 0 ? "Infinity" : "-Infinity";
        if (d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString((long) d);
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    /** String conversion as format() and comparisons see it. */
    static String toStr(Object v) {
        v = normalize(v);
        if (v == null) return "";
        if (v instanceof Boolean b) return b ? "true" : "false";
        if (v instanceof Double d) return formatNumber(d);
        if (v instanceof String s) return s;
        if (v instanceof List) return "Array";
        if (v instanceof Map) return "Object";
        return v.toString();
    }

    /** Text for ${{ }} interpolation: like toStr, but containers as JSON so nothing is lost. */
    static String interpolated(Object v) {
        v = normalize(v);
        return v instanceof List || v instanceof Map ? toJson(v) : toStr(v);
    }

    private static int kind(Object v) {
        if (v == null) return 0;
        if (v instanceof Boolean) return 1;
        if (v instanceof Double) return 2;
        if (v instanceof String) return 3;
        return 4;
    }

    static boolean looseEquals(Object a, Object b) {
        a = normalize(a);
        b = normalize(b);
        int ka = kind(a);
        int kb = kind(b);
        if (ka == kb) {
            switch (ka) {
                case 0: return true;
                case 1: return a.equals(b);
                case 2: return ((Double) a).doubleValue() == ((Double) b).doubleValue();
                case 3: return ((String) a).equalsIgnoreCase((String) b);
                default: return a == b;
            }
        }
        if (ka == 4 || kb == 4) return false;
        double x = toNumber(a);
        double y = toNumber(b);
        return !Double.isNaN(x) && !Double.isNaN(y) && x == y;
    }

    /** <0, 0, >0, or null when not comparable (NaN, containers). */
    static Integer compare(Object a, Object b) {
        a = normalize(a);
        b = normalize(b);
        if (a instanceof String s && b instanceof String t) {
            return s.toUpperCase(Locale.ROOT).compareTo(t.toUpperCase(Locale.ROOT));
        }
        if (kind(a) == 4 || kind(b) == 4) return null;
        double x = toNumber(a);
        double y = toNumber(b);
        if (Double.isNaN(x) || Double.isNaN(y)) return null;
        return Double.compare(x, y);
    }

    // ---- JSON, pretty-printed with two spaces as GitHub's toJSON does

    static String toJson(Object v) {
        StringBuilder sb = new StringBuilder();
        writeJson(sb, normalize(v), 0);
        return sb.toString();
    }

    private static void writeJson(StringBuilder sb, Object v, int depth) {
        v = normalize(v);
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Boolean || v instanceof Double) {
            sb.append(toStr(v));
        } else if (v instanceof String s) {
            quote(sb, s);
        } else if (v instanceof List<?> list) {
            if (list.isEmpty()) {
                sb.append("[]");
                return;
            }
            sb.append('[');
            for (int i = 0; i < list.size(); i++) {
                sb.append(i == 0 ? "\n" : ",\n").append("  ".repeat(depth + 1));
                writeJson(sb, list.get(i), depth + 1);
            }
            sb.append('\n').append("  ".repeat(depth)).append(']');
        } else if (v instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                sb.append("{}");
                return;
            }
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                sb.append(first ? "\n" : ",\n").append("  ".repeat(depth + 1));
                first = false;
                quote(sb, String.valueOf(e.getKey()));
                sb.append(": ");
                writeJson(sb, e.getValue(), depth + 1);
            }
            sb.append('\n').append("  ".repeat(depth)).append('}');
        } else {
            quote(sb, v.toString());
        }
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }

    static Object fromJson(String text) {
        try (JsonParser p = JSON.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) throw new ExpressionException("fromJSON: empty input", 0);
            Object v = readJson(p, t);
            if (p.nextToken() != null) throw new ExpressionException("fromJSON: trailing text after the JSON value", 0);
            return v;
        } catch (IOException e) {
            String msg = e.getMessage() == null ? "invalid JSON" : e.getMessage().lines().findFirst().orElse("invalid JSON");
            throw new ExpressionException("fromJSON: invalid JSON: " + msg, 0);
        }
    }

    private static Object readJson(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT: {
                Map<String, Object> m = new LinkedHashMap<>();
                while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
                    String name = p.currentName();
                    m.put(name, readJson(p, p.nextToken()));
                }
                return m;
            }
            case START_ARRAY: {
                List<Object> l = new ArrayList<>();
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) l.add(readJson(p, t));
                return l;
            }
            case VALUE_STRING: return p.getText();
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT: return p.getDoubleValue();
            case VALUE_TRUE: return Boolean.TRUE;
            case VALUE_FALSE: return Boolean.FALSE;
            case VALUE_NULL: return null;
            default: throw new IOException("unexpected " + t);
        }
    }
}
