package dev.baton.sandbox;

/**
 * A request the sandbox refuses, with the HTTP status GitHub would answer (404 unknown workflow/run,
 * 422 bad inputs or ref, 409 cancel of a completed run) and GitHub's message text.
 */
public class SandboxException extends RuntimeException {
    private final int status;

    public SandboxException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
