package dev.baton.command;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScriptRunnerTest {
    @Test
    void splitsOnSemicolonsAndNewlinesOutsideQuotes() {
        assertThat(ScriptRunner.split("groups --json; logs 12 --grep 'lock; held'\n# a comment\nwatch deploy-production --until idle"))
                .containsExactly(List.of("groups", "--json"), List.of("logs", "12", "--grep", "lock; held"),
                        List.of("watch", "deploy-production", "--until", "idle"));
    }

    @Test
    void keepsEscapesAndEmptyQuotedWords() {
        assertThat(ScriptRunner.split("unlock prod --reason \"said \\\"ok\\\"\" --id ''"))
                .containsExactly(List.of("unlock", "prod", "--reason", "said \"ok\"", "--id", ""));
    }

    @Test
    void anUnterminatedQuoteIsAUsageError() {
        assertThatThrownBy(() -> ScriptRunner.split("logs 'oops")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unterminated");
    }

    @Test
    void durationsReadTheWaysOperatorsWriteThem() {
        assertThat(Config.duration("5s", null, "x").toSeconds()).isEqualTo(5);
        assertThat(Config.duration("2m", null, "x").toSeconds()).isEqualTo(120);
        assertThat(Config.duration("PT1H", null, "x").toMinutes()).isEqualTo(60);
        assertThatThrownBy(() -> Config.duration("soon", null, "refresh")).hasMessageContaining("refresh");
    }
}
