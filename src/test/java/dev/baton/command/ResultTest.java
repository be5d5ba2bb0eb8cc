package dev.baton.command;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The one reading of a Result that the script runner, the line shell and the screen share. */
class ResultTest {
    @Test
    void dataIsShownWhenItSucceededWhenACheckFailedOrWhenItIsPartial() {
        assertThat(Result.ok("3 groups", null).shown()).isEqualTo(new Result.Shown("3 groups", null));
        assertThat(new Result(Exit.CHECK_FAILED, "FAIL - overlap", null).shown()).isEqualTo(new Result.Shown("FAIL - overlap", null));
        assertThat(Result.partial("locks: none read", null, "s3://b unread").shown()).isEqualTo(new Result.Shown("locks: none read", "s3://b unread"));
    }

    @Test
    void anyOtherFailureIsOneErrorLineAndNoOutput() {
        assertThat(Result.error(Exit.REFUSED, "cancel: refused, read-only").shown()).isEqualTo(new Result.Shown(null, "cancel: refused, read-only"));
        assertThat(new Result(Exit.BACKEND, "", null).shown()).isEqualTo(new Result.Shown(null, "exit 3"));
    }

    @Test
    void aCommandThatShowedItselfShowsNothingAndOneWithNothingToSaySaysItEmpty() {
        assertThat(Result.ok(null, null).shown()).isEqualTo(new Result.Shown(null, null));
        assertThat(Result.ok("", null).shown()).isEqualTo(new Result.Shown("", null));
    }

    @Test
    void asJsonTheDocumentIsTheOutputAndAFailureKeepsItsErrorLine() {
        Result ok = Result.ok("text", Map.of("a", 1)).asJson(true);
        assertThat(ok.shown()).isEqualTo(new Result.Shown("{\"a\":1}", null));
        Result refused = Result.error(Exit.REFUSED, "unlock: refused").asJson(true);
        assertThat(refused.shown()).isEqualTo(new Result.Shown("{\"error\":\"unlock: refused\"}", "unlock: refused"));
        assertThat(Result.ok("help text", null).asJson(true).shown().out()).isEqualTo("{}");
        assertThat(new Result(Exit.BACKEND, null, null).asJson(false).shown()).isEqualTo(new Result.Shown("{ }", "exit 3"));
    }
}
