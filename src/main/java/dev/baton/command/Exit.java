package dev.baton.command;

import dev.baton.github.GitHubException;
import dev.baton.lock.LockStoreException;
import dev.baton.workflow.WorkflowException;

/** Exit codes every frontend shares, and the one mapping of a failure to its code ({@link #of}). */
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

    /**
     * The exit code of a failure, wherever it is caught (a command, Main around the frontends): what the user
     * typed or gave (a bad value, configuration, workflow or script file, input over baton's limits) is a usage
     * error; GitHub, a lock store, the network or anything unforeseen a backend error; an interrupted wait a
     * check that did not hold.
     */
    public static int of(Throwable failure) {
        if (failure instanceof GitHubException || failure instanceof LockStoreException) return BACKEND;
        if (failure instanceof Config.ConfigException || failure instanceof WorkflowException
                || failure instanceof IllegalArgumentException || failure instanceof picocli.CommandLine.ParameterException) return USAGE;
        if (failure instanceof InterruptedException) return CHECK_FAILED;
        return BACKEND;
    }

    /** A failure's one line for the user: what they gave is named by its message; anything else by its kind too. */
    public static String line(Throwable failure) {
        return of(failure) == USAGE ? failure.getMessage() : failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }
}
