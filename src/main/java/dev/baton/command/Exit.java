package dev.baton.command;

/** Exit codes every frontend shares. */
public final class Exit {
    public static final int OK = 0;
    /** A check failed: a verdict was negative, a watch timed out, a lint error exists. */
    public static final int CHECK_FAILED = 1;
    public static final int USAGE = 2;
    /** A backend, network or authentication error. */
    public static final int BACKEND = 3;
    /** Refused by a guard: read-only, no confirmation, the re-check failed. */
    public static final int REFUSED = 4;

    private Exit() {
    }
}
