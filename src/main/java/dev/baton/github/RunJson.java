package dev.baton.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.model.Conclusion;
import dev.baton.model.Run;
import dev.baton.model.RunStatus;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** GitHub's workflow-run JSON -> {@link Run}. Lenient: a missing or odd field becomes null, never an error. */
final class RunJson {
    private RunJson() {
    }

    static Run run(JsonNode n) {
        return new Run(n.path("id").asLong(), text(n, "name"), text(n, "path"), n.path("run_number").asLong(),
                n.path("run_attempt").asInt(1), text(n, "event"),
                login(n.path("actor"), login(n.path("triggering_actor"), null)),
                text(n, "head_sha"), text(n, "head_branch"), text(n, "display_title"),
                RunStatus.of(text(n, "status")), Conclusion.of(text(n, "conclusion")),
                time(n, "created_at"), time(n, "run_started_at"), time(n, "updated_at"), text(n, "html_url"));
    }

    private static String login(JsonNode user, String fallback) {
        return user.isObject() && user.hasNonNull("login") ? user.get("login").asText() : fallback;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Instant time(JsonNode n, String field) {
        String t = text(n, field);
        if (t == null) return null;
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
