package dev.baton.workflow;

/**
 * An expression that cannot be parsed or evaluated. The message names the column (1-based, within the
 * expression text) and quotes the expression. Callers that know the file wrap it with {@link #at}.
 */
public class ExpressionException extends WorkflowException {
    private final int column;

    public ExpressionException(String message, int column) {
        super(message);
        this.column = column;
    }

    /** 1-based column in the expression text, 0 when not tied to a position (evaluation errors). */
    public int column() {
        return column;
    }

    /** The same problem placed at file:line, with a short prefix such as "concurrency.group". */
    public WorkflowException at(String file, int line, String what) {
        return new WorkflowException(file, line, (what == null ? "" : what + ": ") + getMessage());
    }
}
