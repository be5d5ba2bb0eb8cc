package dev.baton.tui;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** A pane filter as typed after '/': a case-insensitive regex; a leading '!' keeps the lines that do NOT match. */
record Filter(String text, Pattern pattern, boolean inverted, String error) {
    static final Filter NONE = new Filter("", null, false, null);

    static Filter parse(String text) {
        if (text == null || text.isEmpty() || text.equals("!")) return NONE;
        boolean inv = text.startsWith("!");
        String re = inv ? text.substring(1) : text;
        try {
            return new Filter(text, Pattern.compile(re, Pattern.CASE_INSENSITIVE), inv, null);
        } catch (PatternSyntaxException e) {
            // a half-typed regex still filters, literally, and says why
            return new Filter(text, Pattern.compile(Pattern.quote(re), Pattern.CASE_INSENSITIVE), inv, "not a regex, matching literally");
        }
    }

    boolean active() {
        return pattern != null;
    }

    boolean keeps(String line) {
        return pattern == null || pattern.matcher(line).find() != inverted;
    }
}
