package dev.baton.sandbox;

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
    static Map<String, Object> validate(Map<String, Object> trigger, Map<String, String> given) {
        Map<String, Object> defs = new LinkedHashMap<>();
        if (trigger != null && trigger.get("inputs") instanceof Map<?, ?> m) {
            m.forEach((k, v) -> defs.put(String.valueOf(k), v));
        }
        if (given.size() > MAX_INPUTS) {
            throw new SandboxException(422, "Too many inputs: a workflow_dispatch accepts at most " + MAX_INPUTS);
        }
        List<String> unexpected = new ArrayList<>();
        for (String k : given.keySet()) if (!defs.containsKey(k)) unexpected.add("\"" + k + "\"");
        if (!unexpected.isEmpty()) throw new SandboxException(422, "Unexpected inputs provided: " + unexpected);
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> d : defs.entrySet()) {
            String name = d.getKey();
            Map<?, ?> def = d.getValue() instanceof Map<?, ?> dm ? dm : Map.of();
            String type = def.get("type") == null ? "string" : String.valueOf(def.get("type")).toLowerCase(Locale.ROOT);
            Object dflt = def.get("default");
            boolean required = Boolean.TRUE.equals(def.get("required")) || "true".equals(String.valueOf(def.get("required")));
            String raw = given.get(name);
            if (raw == null && dflt != null) raw = String.valueOf(dflt);
            if (raw == null && required) throw new SandboxException(422, "Required input '" + name + "' not provided");
            switch (type) {
                case "boolean" -> {
                    if (raw == null || raw.isEmpty()) out.put(name, false);
                    else if (raw.equalsIgnoreCase("true") || raw.equalsIgnoreCase("false")) out.put(name, Boolean.parseBoolean(raw.toLowerCase(Locale.ROOT)));
                    else throw new SandboxException(422, "Provided value '" + raw + "' for input '" + name + "' is not a boolean");
                }
                case "number" -> {
                    if (raw == null || raw.isEmpty()) out.put(name, null);
                    else {
                        try {
                            out.put(name, Double.parseDouble(raw));
                        } catch (NumberFormatException e) {
                            throw new SandboxException(422, "Provided value '" + raw + "' for input '" + name + "' is not a number");
                        }
                    }
                }
                case "choice" -> {
                    List<String> options = new ArrayList<>();
                    if (def.get("options") instanceof List<?> l) l.forEach(o -> options.add(String.valueOf(o)));
                    if (raw == null) raw = options.isEmpty() ? "" : options.get(0);
                    if (!options.contains(raw)) {
                        throw new SandboxException(422, "Provided value '" + raw + "' for input '" + name + "' not in the list of allowed values");
                    }
                    out.put(name, raw);
                }
                default -> out.put(name, raw == null ? "" : raw);
            }
        }
        return out;
    }
}
