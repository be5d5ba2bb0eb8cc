package dev.baton.command;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Json: outside text round-trips exactly, and no character a terminal acts on is written raw. */
class JsonTest {
    static final String HOSTILE = "ci\u001b]52;c;aGk=\u0007\u001b[2J\u009b31m\u007f\u202eevil \u00e9\u65e5";

    @Test
    void controlsAreEscapedAndTheTextRoundTrips() throws Exception {
        for (String json : new String[]{Json.line(Map.of("who", HOSTILE)), Json.pretty(Map.of("who", HOSTILE))}) {
            assertThat(json).contains("ci\\u001B]52;c;aGk=\\u0007\\u001B[2J\\u009B31m\\u007F\\u202Eevil \u00e9\u65e5");
            assertThat(json.chars().filter(c -> c != '\n').noneMatch(c -> Text.unsafe((char) c))).as(json).isTrue();
            assertThat(Json.MAPPER.readTree(json).get("who").asText()).isEqualTo(HOSTILE);
        }
    }
}
