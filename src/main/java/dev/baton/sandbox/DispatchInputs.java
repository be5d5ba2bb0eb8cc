package dev.baton.sandbox;

import dev.baton.workflow.DispatchInput;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** workflow_dispatch inputs: GitHub's validation and typing (boolean -> Boolean, number -> Double). */
final class DispatchInputs {
    static final int MAX_INPUTS = 25;

    private DispatchInputs() {
    }

    /** @throws SandboxException 422 with GitHub's wording when the inputs do not fit the definitions. */
    static Map<String, Object> validate(List<DispatchInput> defs, Map<String, String> given) {
        if (given.size() > MAX_INPUTS) {
            throw new SandboxException(422, "Too many inputs: a workflow_dispatch accepts at most " + MAX_INPUTS);
        }
        List<String> unexpected = new ArrayList<>();
        for (String k : given.keySet()) {
            if (defs.stream().noneMatch(d -> d.name().equals(k))) unexpected.add("\"" + k + "\"");
        }
        if (!unexpected.isEmpty()) throw new SandboxException(422, "Unexpected inputs provided: " + unexpected);
        Map<String, Object> out = new LinkedHashMap<>();
        for (DispatchInput d : defs) {
            String name = d.name();
            String raw = given.get(name);
            if (raw == null) {
                if (d.required() && d.defaultValue() == null) throw new SandboxException(422, "Required input '" + name + "' not provided");
                if (d.type().equals("choice") && d.defaultValue() == null && !d.options().isEmpty()) {
                    out.put(name, d.options().get(0));
                } else {
                    out.put(name, d.defaultForContext());
                }
                continue;
            }
            switch (d.type().toLowerCase(Locale.ROOT)) {
                case "boolean" -> {
                    if (raw.equalsIgnoreCase("true") || raw.equalsIgnoreCase("false")) out.put(name, Boolean.parseBoolean(raw.toLowerCase(Locale.ROOT)));
                    else throw new SandboxException(422, "Provided value '" + raw + "' for input '" + name + "' is not a boolean");
                }
                case "number" -> {
                    try {
                        out.put(name, Double.parseDouble(raw));
                    } catch (NumberFormatException e) {
                        throw new SandboxException(422, "Provided value '" + raw + "' for input '" + name + "' is not a number");
                    }
                }
                case "choice" -> {
                    if (!d.options().contains(raw)) {
                        throw new SandboxException(422, "Provided value '" + raw + "' for input '" + name + "' not in the list of allowed values");
                    }
                    out.put(name, raw);
                }
                default -> out.put(name, raw);
            }
        }
        return out;
    }
}
