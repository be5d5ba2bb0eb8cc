package dev.baton.workflow;

import java.util.List;
import java.util.Locale;

/**
 * One deploy target, many environment names: the reference pipeline deploys production as "production"
 * (a person) and "production-auto" (Dependabot), and both write one state. Lint (split groups) and the
 * simulator (overlaps) read environments through this one rule.
 */
public final class EnvironmentFamily {
    /** Name endings that mark a variant of one target. */
    private static final List<String> VARIANT_SUFFIXES = List.of("-auto", "_auto", "-manual", "_manual", "-bot", "-dependabot",
            "-approved", "-approval");

    private EnvironmentFamily() {
    }

    /** "production-auto" -> "production"; lower case, so Production and production are one target. */
    public static String of(String environment) {
        String e = environment.strip().toLowerCase(Locale.ROOT);
        for (String suffix : VARIANT_SUFFIXES) {
            if (e.endsWith(suffix) && e.length() > suffix.length()) return e.substring(0, e.length() - suffix.length());
        }
        return e;
    }
}
