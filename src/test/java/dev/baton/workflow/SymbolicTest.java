package dev.baton.workflow;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SymbolicTest {
    @Test
    void theProductionEnvironmentExpressionHasTwoValues() {
        PossibleValues v = Expressions.possibleValues(
                "${{ github.actor == 'dependabot[bot]' && 'production-auto' || 'production' }}", Map.of());
        assertThat(v.open()).isFalse();
        assertThat(v.values()).containsExactlyInAnyOrder("production-auto", "production");
        assertThat(v.single()).isFalse();
    }

    @Test
    void perRunDataMakesTheSetOpen() {
        assertThat(Expressions.possibleValues("${{ github.workflow }}-${{ github.ref }}", Map.of()).open()).isTrue();
        assertThat(Expressions.possibleValues("${{ github.head_ref || github.run_id }}", Map.of()).open()).isTrue();
        assertThat(Expressions.possibleValues("deploy-${{ startsWith(github.ref, 'refs/tags/') && 'prod' || 'dev' }}", Map.of()).open())
                .isTrue();
        assertThat(Expressions.possibleValues("${{ format('x-{0}', github.sha) }}", Map.of()).open()).isTrue();
    }

    @Test
    void staticTextAndDomains() {
        assertThat(Expressions.possibleValues("deploy-production", Map.of()).single()).isTrue();
        PossibleValues v = Expressions.possibleValues("deploy-${{ inputs.environment }}",
                Map.of("inputs.environment", List.of("dev", "prod")));
        assertThat(v.open()).isFalse();
        assertThat(v.values()).containsExactlyInAnyOrder("deploy-dev", "deploy-prod");
        assertThat(Expressions.possibleValues("deploy-${{ inputs.environment }}", Map.of()).open()).isTrue();
        assertThat(Expressions.possibleValues("${{ 'fixed' }}", Map.of()).single()).isTrue();
    }

    @Test
    void pathsUsed() {
        assertThat(Expressions.pathsUsed("${{ github.head_ref || github['run_id'] }}-${{ needs.build.outputs.sha }}"))
                .containsExactly("github.head_ref", "github.run_id", "needs.build.outputs.sha");
        assertThat(Expressions.pathsUsed("github.event_name == 'push' && !inputs.dry_run"))
                .containsExactly("github.event_name", "inputs.dry_run");
        assertThat(Expressions.pathsUsed("static")).containsExactly("static");
        assertThatThrownBy(() -> Expressions.pathsUsed("${{ a == }}")).isInstanceOf(ExpressionException.class);
    }
}
