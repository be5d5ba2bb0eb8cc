package dev.baton.watch;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads GitHub's eviction annotation, "Canceling since a higher priority waiting request for
 * 'deploy-production' exists". The group is sometimes quoted and sometimes not: parse leniently.
 */
public final class EvictionNotice {
    private static final Pattern NOTICE = Pattern.compile(
            "higher priority waiting request for\\s+['\"`]?(.+?)['\"`]?\\s+exists", Pattern.CASE_INSENSITIVE);

    private EvictionNotice() {
    }

    /** The group named by an eviction notice, or null when the text is not one. */
    public static String group(String annotation) {
        if (annotation == null) return null;
        Matcher m = NOTICE.matcher(annotation);
        return m.find() ? m.group(1).trim() : null;
    }
}
