package dev.baton.sandbox;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The list-runs "created" filter in GitHub's search date syntax, as inclusive bounds. */
class CreatedFilterTest {
    private static Instant t(String s) {
        return Instant.parse(s);
    }

    @Test
    void aDayCoversTheWholeDay() {
        Instant[] b = GitHubApi.parseCreated("2026-11-26");
        assertThat(b[0]).isEqualTo(t("2026-11-26T00:00:00Z"));
        assertThat(b[1]).isEqualTo(t("2026-11-27T00:00:00Z").minusNanos(1));
    }

    @Test
    void comparisonsAndRanges() {
        assertThat(GitHubApi.parseCreated(">=2026-11-26")).containsExactly(t("2026-11-26T00:00:00Z"), null);
        assertThat(GitHubApi.parseCreated(">2026-11-26")).containsExactly(t("2026-11-27T00:00:00Z"), null);
        assertThat(GitHubApi.parseCreated("<2026-11-26")).containsExactly(null, t("2026-11-26T00:00:00Z").minusNanos(1));
        assertThat(GitHubApi.parseCreated("<=2026-11-26T14:00:00Z")).containsExactly(null, t("2026-11-26T14:00:01Z").minusNanos(1));
        assertThat(GitHubApi.parseCreated("2026-11-01..2026-11-30"))
                .containsExactly(t("2026-11-01T00:00:00Z"), t("2026-12-01T00:00:00Z").minusNanos(1));
        assertThat(GitHubApi.parseCreated("2026-11-26T15:00:00+01:00..*")).containsExactly(t("2026-11-26T14:00:00Z"), null);
        assertThat(GitHubApi.parseCreated(null)).containsExactly(null, null);
    }

    @Test
    void nonsenseIsA422() {
        assertThatThrownBy(() -> GitHubApi.parseCreated("yesterday"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(422))
                .hasMessageContaining("yesterday");
    }
}
