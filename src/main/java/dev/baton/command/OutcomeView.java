package dev.baton.command;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * The JSON of a guarded action's answer (cancel, dispatch, approve, unlock's refusals), keys always in this
 * order: {"outcome": "cancelled", "message": "...", "environments": [...]} (environments: approve's alone).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OutcomeView(String outcome, String message, List<String> environments) {
    public OutcomeView(String outcome, String message) {
        this(outcome, message, null);
    }
}
