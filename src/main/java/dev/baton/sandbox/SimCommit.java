package dev.baton.sandbox;

import java.time.Instant;

/** A commit of the sandbox repository. A merge to main adds one; author is the merging actor's login. */
public record SimCommit(String sha, String message, String author, Instant timestamp, String branch) {
    /** The first line of the message, as GitHub uses it for a push run's display_title. */
    public String title() {
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
