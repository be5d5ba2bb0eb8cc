package dev.baton.workflow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Terraform backend settings from a backend .hcl file (flat "key = value" lines, as given to
 * -backend-config) or from a terraform { backend "s3" { ... } } block.
 *
 * <p>Only the HCL that such files use is understood: attributes with string, number and bool values,
 * nested blocks with labels, lists and objects (skipped), and #, // and /* *&#47; comments.
 */
public final class BackendParser {
    private BackendParser() {
    }

    /** environment: a label, e.g. "prod" from backend-prod.hcl; null derives it from the file name. */
    public static BackendConfig parse(String file, String text, String environment) {
        BackendConfig c = parseIfBackend(file, text, environment);
        if (c == null) throw new WorkflowException(file, 1, "no S3 backend settings (neither 'bucket = ...' nor a backend \"s3\" block)");
        return c;
    }

    /**
     * Like {@link #parse}, but returns null for a well-formed file that configures no S3 backend
     * (e.g. a terragrunt.hcl or a .tf file without a backend block), so a folder scan can skip it.
     * @throws WorkflowException with the line for malformed HCL or a backend missing bucket or key
     */
    public static BackendConfig parseIfBackend(String file, String text, String environment) {
        InputLimits.check(file, text, "a backend file");
        Body root = new Hcl(file, text == null ? "" : text).parseBody(true, 0);
        Body backend = null;
        int line = 1;
        for (Block b : root.blocks) {
            if (!b.type.equals("terraform")) continue;
            for (Block inner : b.body.blocks) {
                if (inner.type.equals("backend")) {
                    String kind = inner.labels.isEmpty() ? "" : inner.labels.get(0);
                    if (!kind.equals("s3")) return null;
                    backend = inner.body;
                    line = inner.line;
                }
            }
        }
        if (backend == null) {
            if (!root.attrs.containsKey("bucket") && !root.attrs.containsKey("key") && !root.attrs.containsKey("use_lockfile")) return null;
            backend = root;
            line = root.attrs.containsKey("bucket") ? root.attrs.get("bucket").line : 1;
        }
        String env = environment != null ? environment : environmentFromName(file);
        String bucket = string(file, backend, "bucket");
        String key = string(file, backend, "key");
        // A partial configuration (backend "s3" {} filled by -backend-config) is legal in a .tf file
        if (backend != root && bucket == null && key == null) {
            return new BackendConfig(file, env, null, null, string(file, backend, "region"), bool(file, backend, "use_lockfile"),
                    string(file, backend, "dynamodb_table"), prefix(file, backend), line);
        }
        if (bucket == null) throw new WorkflowException(file, line, "S3 backend without 'bucket'");
        if (key == null) throw new WorkflowException(file, line, "S3 backend without 'key'");
        return new BackendConfig(file, env, bucket, key, string(file, backend, "region"), bool(file, backend, "use_lockfile"),
                string(file, backend, "dynamodb_table"), prefix(file, backend), line);
    }

    /** backend-prod.hcl -> prod; prod.s3.tfbackend -> prod; backend.hcl or main.tf -> null. */
    public static String environmentFromName(String file) {
        String name = file.substring(file.lastIndexOf('/') + 1);
        int dot = name.indexOf('.');
        String base = dot < 0 ? name : name.substring(0, dot);
        if (name.endsWith(".tf")) return null;
        if (base.startsWith("backend-") || base.startsWith("backend_")) return base.substring(8);
        if (base.endsWith("-backend") || base.endsWith("_backend")) return base.substring(0, base.length() - 8);
        return base.equals("backend") || base.isEmpty() ? null : base;
    }

    private static String prefix(String file, Body b) {
        String p = string(file, b, "workspace_key_prefix");
        return p == null ? "env:" : p;
    }

    private static String string(String file, Body b, String name) {
        Attr a = b.attrs.get(name);
        if (a == null) return null;
        if (!(a.value instanceof String) && !(a.value instanceof Boolean) && !(a.value instanceof Double)) {
            throw new WorkflowException(file, a.line, "'" + name + "' must be a string");
        }
        return a.value instanceof Double d ? Values.formatNumber(d) : a.value.toString();
    }

    private static boolean bool(String file, Body b, String name) {
        Attr a = b.attrs.get(name);
        if (a == null) return false;
        if (a.value instanceof Boolean v) return v;
        if (a.value instanceof String s && (s.equals("true") || s.equals("false"))) return s.equals("true");
        throw new WorkflowException(file, a.line, "'" + name + "' must be true or false");
    }

    // ---- a small HCL reader

    private record Attr(Object value, int line) { }

    private record Block(String type, List<String> labels, Body body, int line) { }

    private static final class Body {
        final Map<String, Attr> attrs = new LinkedHashMap<>();
        final List<Block> blocks = new ArrayList<>();
    }

    /** Marker for values that are not literals (lists, objects, references): kept but never used. */
    private static final Object COMPLEX = new Object() {
        @Override
        public String toString() {
            return "(complex value)";
        }
    };

    private static final class Hcl {
        /** Blocks in blocks: a backend is two deep (terraform { backend "s3" { } }); refusing more keeps the recursion bounded. */
        private static final int MAX_DEPTH = 32;
        private final String file;
        private final String s;
        private int i;
        private int line = 1;

        Hcl(String file, String s) {
            this.file = file;
            this.s = s;
        }

        private WorkflowException error(String msg) {
            return new WorkflowException(file, line, msg);
        }

        /** Skips blanks, comments and (when newlines is true) line ends. */
        private void skip(boolean newlines) {
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == '\n') {
                    if (!newlines) return;
                    line++;
                    i++;
                } else if (c == ' ' || c == '\t' || c == '\r') {
                    i++;
                } else if (c == '#' || (c == '/' && peek(1) == '/')) {
                    while (i < s.length() && s.charAt(i) != '\n') i++;
                } else if (c == '/' && peek(1) == '*') {
                    int start = line;
                    int end = s.indexOf("*/", i + 2);
                    if (end < 0) {
                        line = start;
                        throw error("unterminated /* comment");
                    }
                    for (int k = i; k < end; k++) if (s.charAt(k) == '\n') line++;
                    i = end + 2;
                } else {
                    return;
                }
            }
        }

        private char peek(int ahead) {
            return i + ahead < s.length() ? s.charAt(i + ahead) : '\0';
        }

        private String ident() {
            int start = i;
            while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == '-')) i++;
            return s.substring(start, i);
        }

        Body parseBody(boolean top, int depth) {
            if (depth > MAX_DEPTH) throw error("blocks nested more than " + MAX_DEPTH + " levels");
            Body body = new Body();
            while (true) {
                skip(true);
                if (i >= s.length()) {
                    if (!top) throw error("missing '}' at end of file");
                    return body;
                }
                char c = s.charAt(i);
                if (c == '}') {
                    if (top) throw error("unexpected '}'");
                    i++;
                    return body;
                }
                if (!Character.isLetter(c) && c != '_') throw error("expected a setting name, found '" + c + "'");
                int at = line;
                String name = ident();
                skip(false);
                if (peek(0) == '=' && peek(1) != '=') {
                    i++;
                    skip(false);
                    Object v = value();
                    if (body.attrs.containsKey(name)) throw error("'" + name + "' is set twice (first at line " + body.attrs.get(name).line + ")");
                    body.attrs.put(name, new Attr(v, at));
                    endOfLine();
                } else {
                    List<String> labels = new ArrayList<>();
                    while (peek(0) == '"' || Character.isLetter(peek(0))) {
                        labels.add(peek(0) == '"' ? string() : ident());
                        skip(false);
                    }
                    if (peek(0) != '{') throw error("expected '=' or '{' after '" + name + "'");
                    i++;
                    body.blocks.add(new Block(name, labels, parseBody(false, depth + 1), at));
                }
            }
        }

        private void endOfLine() {
            skip(false);
            if (peek(0) == ',') { // tolerate a trailing comma, as in object syntax
                i++;
                skip(false);
            }
            if (i < s.length() && s.charAt(i) != '\n' && s.charAt(i) != '}') {
                throw error("unexpected text after value: '" + s.substring(i, Math.min(s.length(), s.indexOf('\n', i) < 0 ? s.length() : s.indexOf('\n', i))).strip() + "'");
            }
        }

        private Object value() {
            char c = peek(0);
            if (c == '"') return string();
            if (c == '<' && peek(1) == '<') return heredoc();
            if (c == '[' || c == '{') {
                skipBalanced();
                return COMPLEX;
            }
            if (Character.isDigit(c) || c == '-') {
                int start = i;
                i++;
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '.')) i++;
                double d = Values.parseNumber(s.substring(start, i));
                if (Double.isNaN(d)) throw error("invalid number '" + s.substring(start, i) + "'");
                return d;
            }
            if (Character.isLetter(c)) {
                String word = ident();
                if (word.equals("true")) return Boolean.TRUE;
                if (word.equals("false")) return Boolean.FALSE;
                if (word.equals("null")) return null;
                // a reference or function call (var.x, file("...")): not a literal
                while (i < s.length() && s.charAt(i) != '\n') i++;
                return COMPLEX;
            }
            if (i >= s.length() || c == '\n') throw error("missing value after '='");
            throw error("unexpected '" + c + "' where a value was expected");
        }

        private String string() {
            int startLine = line;
            StringBuilder sb = new StringBuilder();
            i++; // opening quote
            while (true) {
                if (i >= s.length() || s.charAt(i) == '\n') {
                    line = startLine;
                    throw error("unterminated string");
                }
                char c = s.charAt(i++);
                if (c == '"') return sb.toString();
                if (c == '\\' && i < s.length()) {
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'n' -> sb.append('\n');
                        case 't' -> sb.append('\t');
                        case 'r' -> sb.append('\r');
                        case '"' -> sb.append('"');
                        case '\\' -> sb.append('\\');
                        default -> sb.append('\\').append(e);
                    }
                } else {
                    sb.append(c);
                }
            }
        }

        private String heredoc() {
            int nl = s.indexOf('\n', i);
            if (nl < 0) throw error("unterminated heredoc");
            String marker = s.substring(i + 2, nl).strip();
            if (marker.startsWith("-")) marker = marker.substring(1);
            int startLine = line;
            i = nl + 1;
            line++;
            StringBuilder sb = new StringBuilder();
            while (i < s.length()) {
                int end = s.indexOf('\n', i);
                String l = end < 0 ? s.substring(i) : s.substring(i, end);
                i = end < 0 ? s.length() : end;
                if (l.strip().equals(marker)) return sb.toString();
                sb.append(l).append('\n');
                if (i < s.length()) {
                    i++;
                    line++;
                }
            }
            line = startLine;
            throw error("unterminated heredoc (no closing " + marker + ")");
        }

        private void skipBalanced() {
            int depth = 0;
            int startLine = line;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == '"') {
                    string();
                    continue;
                }
                if (c == '#' || (c == '/' && (peek(1) == '/' || peek(1) == '*'))) {
                    skip(true);
                    continue;
                }
                if (c == '\n') line++;
                if (c == '[' || c == '{') depth++;
                if (c == ']' || c == '}') depth--;
                i++;
                if (depth == 0) return;
            }
            line = startLine;
            throw error("unclosed '[' or '{'");
        }
    }
}
