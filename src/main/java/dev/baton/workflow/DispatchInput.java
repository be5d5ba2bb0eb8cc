package dev.baton.workflow;

import java.util.List;

/**
 * One workflow_dispatch input as declared. type: string (default), choice, boolean, number or
 * environment. defaultValue is the text as written, null when absent; options only for choice.
 */
public record DispatchInput(String name, String type, String description, boolean required, String defaultValue,
                            List<String> options) {
    public DispatchInput {
        type = type == null ? "string" : type;
        options = options == null ? List.of() : List.copyOf(options);
    }

    /** The value the inputs context holds when the dispatcher gives none (typed like GitHub: boolean, number, string). */
    public Object defaultForContext() {
        switch (type) {
            case "boolean":
                return defaultValue != null && defaultValue.strip().equalsIgnoreCase("true");
            case "number":
                if (defaultValue == null || defaultValue.isBlank()) return null;
                double d = Values.parseNumber(defaultValue);
                return Double.isNaN(d) ? defaultValue : (Object) d;
            default:
                return defaultValue == null ? "" : defaultValue;
        }
    }
}
