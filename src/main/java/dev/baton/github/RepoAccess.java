package dev.baton.github;

/**
 * What GitHub says the token may do in the repository (the repository's {@code permissions}). known is
 * false when GitHub sent none. push is what workflow dispatch and run cancellation need; a fine-grained
 * token also needs "Actions: write", which GitHub reveals only by refusing a request.
 */
public record RepoAccess(String fullName, boolean isPrivate, boolean known, boolean pull, boolean push, boolean admin) {
}
