package dev.baton.sandbox;

/**
 * A check-run annotation, as GET /repos/{o}/{r}/check-runs/{id}/annotations lists it.
 * level: "notice" | "warning" | "failure". path is ".github" for run-level messages, as on GitHub.
 */
public record SimAnnotation(long checkRunId, String path, int startLine, int endLine, String level,
                            String title, String message) {
}
