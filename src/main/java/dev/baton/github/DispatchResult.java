package dev.baton.github;

/** What a dispatch answered: the run id (0 when GitHub answered 204 without run details). */
public record DispatchResult(long runId, String htmlUrl, boolean detailed) {
}
