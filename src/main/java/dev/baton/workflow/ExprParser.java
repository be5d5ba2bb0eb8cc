package dev.baton.workflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Recursive-descent parser for the expression subset. Precedence, lowest first: ||, &&, == !=,
 * < <= > >=, !, then property/index access. Errors name the 1-based column. Bounded like GitHub's own
 * parser: at most {@link #MAX_LENGTH} characters and {@link #MAX_DEPTH} levels of nesting, so no
 * expression can take the parser or the tree walks that follow it (evaluation, lint) off the stack.
 */
final class ExprParser {
    /** canonical name -> {min args, max args}; max -1 = unbounded. Names match case-insensitively, like GitHub. */
    static final Map<String, int[]> FUNCTIONS = Map.ofEntries(
            Map.entry("contains", new int[]{2, 2}),
            Map.entry("startsWith", new int[]{2, 2}),
            Map.entry("endsWith", new int[]{2, 2}),
            Map.entry("format", new int[]{1, -1}),
            Map.entry("join", new int[]{1, 2}),
            Map.entry("toJSON", new int[]{1, 1}),
            Map.entry("fromJSON", new int[]{1, 1}),
            Map.entry("hashFiles", new int[]{1, -1}),
            Map.entry("success", new int[]{0, 0}),
            Map.entry("always", new int[]{0, 0}),
            Map.entry("cancelled", new int[]{0, 0}),
            Map.entry("failure", new int[]{0, 0}));
    private static final Map<String, String> CANONICAL = new java.util.HashMap<>();

    static {
        for (String name : FUNCTIONS.keySet()) CANONICAL.put(name.toLowerCase(Locale.ROOT), name);
    }

    private enum Kind { NUMBER, STRING, IDENT, PUNCT, EOF }

    private record Token(Kind kind, String text, Object value, int column) { }

    /** GitHub's limit on an expression's length (its "Exceeded max expression length 21000"). */
    static final int MAX_LENGTH = 21_000;
    /**
     * GitHub's limit on nesting ("Exceeded max expression depth 50"). Counted per parenthesis, index,
     * function argument and !, and per link of a == / < chain or a property path (each is one tree level);
     * || and && chains are one n-ary node, so a long list of alternatives is fine.
     */
    static final int MAX_DEPTH = 50;
    private final String src;
    private final List<Token> tokens;
    private int pos;
    private int depth;

    private ExprParser(String src) {
        this.src = src;
        this.tokens = lex(src);
    }

    static Expr parse(String expression) {
        if (expression.length() > MAX_LENGTH) {
            throw new ExpressionException("expression exceeds " + MAX_LENGTH + " characters (GitHub's limit): it has "
                    + expression.length() + " in '" + abbreviated(expression.strip()) + "'", 0);
        }
        ExprParser p = new ExprParser(expression);
        if (p.peek().kind == Kind.EOF) throw p.error("empty expression", 1);
        Expr e = p.or();
        Token t = p.peek();
        if (t.kind != Kind.EOF) throw p.error("unexpected '" + t.text + "'", t.column);
        return e;
    }

    private ExpressionException error(String message, int column) {
        return new ExpressionException(message + " at column " + column + " in '" + abbreviated(src.strip()) + "'", column);
    }

    /** An error quotes the expression; a long one by its start only, so the message stays one readable line. */
    private static String abbreviated(String s) {
        return s.length() <= 200 ? s : s.substring(0, 160) + "... (" + s.length() + " characters)";
    }

    /** One level deeper; refused beyond {@link #MAX_DEPTH}. Callers restore {@link #depth} when done. */
    private void deeper() {
        if (++depth > MAX_DEPTH) throw error("expression nested more than " + MAX_DEPTH + " levels (GitHub's limit)", peek().column);
    }

    // ---- lexer

    private List<Token> lex(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            int col = i + 1;
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '\'') {
                StringBuilder sb = new StringBuilder();
                int j = i + 1;
                while (true) {
                    if (j >= n) throw error("unterminated string", col);
                    char d = s.charAt(j);
                    if (d == '\'') {
                        if (j + 1 < n && s.charAt(j + 1) == '\'') {
                            sb.append('\'');
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    sb.append(d);
                    j++;
                }
                out.add(new Token(Kind.STRING, s.substring(i, j + 1), sb.toString(), col));
                i = j + 1;
            } else if (c == '"') {
                throw error("strings use single quotes, not double quotes", col);
            } else if (Character.isDigit(c) || (c == '-' && i + 1 < n && (Character.isDigit(s.charAt(i + 1)) || s.charAt(i + 1) == '.'))
                    || (c == '.' && i + 1 < n && Character.isDigit(s.charAt(i + 1)) && !afterValue(out))) {
                int j = i + 1;
                while (j < n && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '.'
                        || ((s.charAt(j) == '+' || s.charAt(j) == '-') && (s.charAt(j - 1) == 'e' || s.charAt(j - 1) == 'E')))) j++;
                String text = s.substring(i, j);
                double v = Values.parseNumber(text);
                if (Double.isNaN(v)) throw error("invalid number '" + text + "'", col);
                out.add(new Token(Kind.NUMBER, text, v, col));
                i = j;
            } else if (Character.isLetter(c) || c == '_') {
                int j = i + 1;
                while (j < n && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_' || s.charAt(j) == '-')) j++;
                out.add(new Token(Kind.IDENT, s.substring(i, j), null, col));
                i = j;
            } else {
                String two = i + 1 < n ? s.substring(i, i + 2) : "";
                if (two.equals("==") || two.equals("!=") || two.equals("<=") || two.equals(">=") || two.equals("&&") || two.equals("||")) {
                    out.add(new Token(Kind.PUNCT, two, null, col));
                    i += 2;
                } else if ("()[].,!<>*".indexOf(c) >= 0) {
                    out.add(new Token(Kind.PUNCT, String.valueOf(c), null, col));
                    i++;
                } else if (c == '=' || c == '&' || c == '|') {
                    throw error("unexpected '" + c + "' (did you mean '" + c + c + "'?)", col);
                } else {
                    throw error("unexpected character '" + c + "'", col);
                }
            }
        }
        out.add(new Token(Kind.EOF, "end of expression", null, n + 1));
        return out;
    }

    /** A '.' right after a value is property access, not the start of a number like .5 */
    private static boolean afterValue(List<Token> out) {
        if (out.isEmpty()) return false;
        Token last = out.get(out.size() - 1);
        return last.kind == Kind.IDENT || last.kind == Kind.STRING || last.kind == Kind.NUMBER
                || last.text.equals(")") || last.text.equals("]") || last.text.equals("*");
    }

    // ---- parser

    private Token peek() {
        return tokens.get(pos);
    }

    private Token next() {
        return tokens.get(pos++);
    }

    private boolean accept(String punct) {
        Token t = peek();
        if (t.kind == Kind.PUNCT && t.text.equals(punct)) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(String punct) {
        Token t = peek();
        if (!accept(punct)) throw error("expected '" + punct + "' but found '" + t.text + "'", t.column);
    }

    private Expr or() {
        int saved = depth;
        deeper();
        try {
            Expr first = and();
            if (!peekPunct("||")) return first;
            List<Expr> operands = new ArrayList<>(List.of(first));
            while (accept("||")) operands.add(and());
            return new Expr.Or(operands);
        } finally {
            depth = saved;
        }
    }

    private Expr and() {
        Expr first = equality();
        if (!peekPunct("&&")) return first;
        List<Expr> operands = new ArrayList<>(List.of(first));
        while (accept("&&")) operands.add(equality());
        return new Expr.And(operands);
    }

    private boolean peekPunct(String punct) {
        return peek().kind == Kind.PUNCT && peek().text.equals(punct);
    }

    /** a == b == c nests to the left, one level per link: each link counts against {@link #MAX_DEPTH}. */
    private Expr equality() {
        int saved = depth;
        try {
            Expr left = comparison();
            while (true) {
                String op = peekPunct("==") ? "==" : peekPunct("!=") ? "!=" : null;
                if (op == null) return left;
                pos++;
                deeper();
                left = new Expr.Compare(op, left, comparison());
            }
        } finally {
            depth = saved;
        }
    }

    private Expr comparison() {
        int saved = depth;
        try {
            Expr left = unary();
            while (true) {
                Token t = peek();
                if (t.kind == Kind.PUNCT && (t.text.equals("<") || t.text.equals("<=") || t.text.equals(">") || t.text.equals(">="))) {
                    pos++;
                    deeper();
                    left = new Expr.Compare(t.text, left, unary());
                } else {
                    return left;
                }
            }
        } finally {
            depth = saved;
        }
    }

    private Expr unary() {
        if (accept("!")) {
            int saved = depth;
            deeper();
            try {
                return new Expr.Not(unary());
            } finally {
                depth = saved;
            }
        }
        int saved = depth;
        try {
            return postfix(primary());
        } finally {
            depth = saved;
        }
    }

    /** Each .name, .* and [index] is one level, like a comparison's link. */
    private Expr postfix(Expr e) {
        while (true) {
            if (peekPunct(".") || peekPunct("[")) deeper();
            if (accept(".")) {
                Token t = next();
                if (t.kind == Kind.PUNCT && t.text.equals("*")) e = new Expr.Star(e);
                else if (t.kind == Kind.IDENT) e = new Expr.Property(e, t.text);
                else throw error("expected a property name after '.' but found '" + t.text + "'", t.column);
            } else if (accept("[")) {
                if (accept("*")) {
                    e = new Expr.Star(e);
                } else {
                    e = new Expr.Index(e, or());
                }
                expect("]");
            } else {
                return e;
            }
        }
    }

    private Expr primary() {
        Token t = next();
        switch (t.kind) {
            case NUMBER:
                return new Expr.Literal(t.value);
            case STRING:
                return new Expr.Literal(t.value);
            case IDENT: {
                String lower = t.text.toLowerCase(Locale.ROOT);
                if (peek().kind == Kind.PUNCT && peek().text.equals("(")) return call(t, lower);
                switch (t.text) {
                    case "true": return new Expr.Literal(Boolean.TRUE);
                    case "false": return new Expr.Literal(Boolean.FALSE);
                    case "null": return new Expr.Literal(null);
                    case "NaN": return new Expr.Literal(Double.NaN);
                    case "Infinity": return new Expr.Literal(Double.POSITIVE_INFINITY);
                    default: return new Expr.Context(t.text, t.column);
                }
            }
            case PUNCT:
                if (t.text.equals("(")) {
                    Expr inner = or();
                    expect(")");
                    return inner;
                }
                throw error("unexpected '" + t.text + "'", t.column);
            default:
                throw error("unexpected end of expression", t.column);
        }
    }

    private Expr call(Token name, String lower) {
        String canonical = CANONICAL.get(lower);
        if (canonical == null) throw error("unknown function '" + name.text + "'", name.column);
        expect("(");
        List<Expr> args = new ArrayList<>();
        if (!accept(")")) {
            do {
                args.add(or());
            } while (accept(","));
            expect(")");
        }
        int[] arity = FUNCTIONS.get(canonical);
        if (args.size() < arity[0] || (arity[1] >= 0 && args.size() > arity[1])) {
            String expected = arity[1] < 0 ? "at least " + arity[0]
                    : arity[0] == arity[1] ? String.valueOf(arity[0]) : arity[0] + " to " + arity[1];
            throw error(canonical + "() takes " + expected + " argument" + (arity[0] == 1 && arity[1] == 1 ? "" : "s")
                    + ", got " + args.size(), name.column);
        }
        return new Expr.Call(canonical, args, name.column);
    }
}
