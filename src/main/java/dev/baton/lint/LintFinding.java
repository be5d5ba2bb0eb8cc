package dev.baton.lint;

import dev.baton.model.Severity;

/**
 * One lint finding. rule is a {@link LintRule} id (e.g. "deploy-queue-single"); file is relative to
 * the repository root; line is 1-based (0 when unknown). explanation says why it matters, fix what to do.
 */
public record LintFinding(String rule, Severity severity, String file, int line, String message, String explanation,
                          String fix) {
    /** "file:line" as editors and CI logs understand it. */
    public String location() {
        return line > 0 ? file + ":" + line : file;
    }
}
