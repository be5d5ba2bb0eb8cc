package dev.baton.workflow;

/** A workflow or backend file that cannot be read or evaluated; the message names file and line. */
public class WorkflowException extends RuntimeException {
    private final String file;
    private final int line;

    public WorkflowException(String file, int line, String message) {
        super(file + (line > 0 ? ":" + line : "") + ": " + message);
        this.file = file;
        this.line = line;
    }

    public String file() {
        return file;
    }

    /** For subclasses whose message already says where (e.g. an expression and its column). */
    protected WorkflowException(String message) {
        super(message);
        this.file = null;
        this.line = 0;
    }

    public int line() {
        return line;
    }
}
