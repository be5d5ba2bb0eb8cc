package dev.baton.workflow;

/** A workflow or backend file that cannot be read or evaluated; the message names file and line. */
public class WorkflowException extends RuntimeException {
    private final String file;
    private final int line;
    private final String code;

    public WorkflowException(String file, int line, String message) {
        this(file, line, message, null);
    }

    /** code: a stable id for a validation rule GitHub enforces (e.g. "queue-max-cancel"), so lint can name it. */
    public WorkflowException(String file, int line, String message, String code) {
        super(file + (line > 0 ? ":" + line : "") + ": " + message);
        this.file = file;
        this.line = line;
        this.code = code;
    }

    public String file() {
        return file;
    }

    /** For subclasses whose message already says where (e.g. an expression and its column). */
    protected WorkflowException(String message) {
        super(message);
        this.file = null;
        this.line = 0;
        this.code = null;
    }

    /** The validation rule's id, or null for plain syntax/shape errors. */
    public String code() {
        return code;
    }

    /** The message without the "file:line: " prefix. */
    public String reason() {
        String m = getMessage();
        String prefix = file == null ? null : file + (line > 0 ? ":" + line : "") + ": ";
        return prefix != null && m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }

    public int line() {
        return line;
    }
}
