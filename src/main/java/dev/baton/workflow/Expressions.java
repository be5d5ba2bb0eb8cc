package dev.baton.workflow;

import java.util.Map;
import java.util.Set;

/**
 * The GitHub Actions expression subset: literals, context paths (github.ref, inputs.x, needs.a.outputs.b,
 * matrix.x, vars.X), index access, ||, &&, ==, !=, !, <, <=, >, >=, parentheses, and the functions
 * format, contains, startsWith, endsWith, join, toJSON, fromJSON. Values follow GitHub's loose typing
 * (null, boolean, number as double, string, List, Map); comparisons of strings are case-insensitive.
 */
public final class Expressions {
    private Expressions() {
    }

    /** Evaluates one expression (without the ${{ }} wrapper). contexts: top-level name -> value. */
    public static Object evaluate(String expression, Map<String, Object> contexts) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Replaces every ${{ expr }} in text with its value as a string ("" for null). */
    public static String interpolate(String text, Map<String, Object> contexts) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Truthiness of a value the GitHub way (false, 0, "", null are false). */
    public static boolean truthy(Object value) {
        throw new UnsupportedOperationException("not yet");
    }

    /** For a value that is an if-condition or a whole "${{ }}" (e.g. cancel-in-progress): its truthiness. */
    public static boolean condition(String text, Map<String, Object> contexts) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Top-level context names an expression text refers to (e.g. "github", "inputs"). */
    public static Set<String> contextsUsed(String text) {
        throw new UnsupportedOperationException("not yet");
    }
}
