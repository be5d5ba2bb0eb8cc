package dev.baton.workflow;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConcurrencyTest {
    private static final Map<String, Object> PUSH = Map.of(
            "github", Map.of("workflow", "Deploy", "ref", "refs/heads/main", "run_id", 42, "event_name", "push"),
            "inputs", Map.of(), "vars", Map.of());

    private static ConcurrencySpec spec(String yamlConcurrency) {
        return WorkflowParser.parse("w.yml", "on: push\nconcurrency:" + yamlConcurrency
                + "\njobs:\n  a:\n    runs-on: x\n    steps: [{run: echo}]\n").concurrency();
    }

    @Test
    void theProductionGroupIsSharedByBothEnvironments() {
        WorkflowSpec prod = Fixtures.pipeline("deploy-prod.yml");
        Concurrency.Resolved human = Concurrency.resolve(prod.concurrency(), Map.of("github", Map.of("actor", "traylorre")));
        Concurrency.Resolved bot = Concurrency.resolve(prod.concurrency(), Map.of("github", Map.of("actor", "dependabot[bot]")));
        assertThat(human.group()).isEqualTo("deploy-production");
        assertThat(bot.key()).isEqualTo(human.key());
        assertThat(human.cancelInProgress()).isFalse();
        assertThat(human.queue()).isEqualTo(QueueMode.SINGLE);
    }

    @Test
    void expressionGroupsResolvePerRun() {
        assertThat(Concurrency.resolve(spec(" ${{ github.workflow }}-${{ github.ref }}"), PUSH).group())
                .isEqualTo("Deploy-refs/heads/main");
        assertThat(Concurrency.resolve(spec(" ${{ github.head_ref || github.run_id }}"), PUSH).group()).isEqualTo("42");
        Map<String, Object> dispatch = Map.of("github", Map.of(), "inputs", Map.of("environment", "Prod"));
        Concurrency.Resolved r = Concurrency.resolve(spec("\n  group: deploy-${{ inputs.environment }}\n  queue: max"), dispatch);
        assertThat(r.group()).isEqualTo("deploy-Prod");
        assertThat(r.key()).isEqualTo("deploy-prod");
        assertThat(r.queue()).isEqualTo(QueueMode.MAX);
    }

    @Test
    void cancelInProgressMayBeAnExpression() {
        ConcurrencySpec s = spec("\n  group: ci-${{ github.ref }}\n  cancel-in-progress: ${{ github.ref != 'refs/heads/main' }}");
        assertThat(Concurrency.resolve(s, PUSH).cancelInProgress()).isFalse();
        Map<String, Object> branch = Map.of("github", Map.of("ref", "refs/heads/feature"));
        assertThat(Concurrency.resolve(s, branch).cancelInProgress()).isTrue();
    }

    @Test
    void jobLevelMayUseMatrixAndNeeds() {
        WorkflowSpec w = WorkflowParser.parse("w.yml", """
                on: push
                jobs:
                  deploy:
                    runs-on: x
                    strategy:
                      matrix:
                        env: [dev, prod]
                    concurrency: tf-${{ matrix.env }}-${{ needs.plan.outputs.stack }}
                    steps: [{run: echo}]
                """);
        ConcurrencySpec s = w.job("deploy").concurrency();
        assertThat(Concurrency.disallowedContexts(s)).isEmpty();
        Map<String, Object> ctx = Map.of("matrix", Map.of("env", "prod"), "needs", Map.of("plan", Map.of("outputs", Map.of("stack", "api"))));
        assertThat(Concurrency.resolve(s, ctx).group()).isEqualTo("tf-prod-api");
    }

    @Test
    void contextsNotAllowedAtWorkflowLevelAreErrorsWithFileAndLine() {
        ConcurrencySpec s = spec("\n  group: deploy-${{ matrix.env }}-${{ env.STAGE }}");
        assertThat(Concurrency.disallowedContexts(s)).containsExactly("matrix", "env");
        assertThatThrownBy(() -> Concurrency.resolve(s, PUSH)).isInstanceOf(WorkflowException.class)
                .hasMessage("w.yml:2: concurrency uses context 'matrix', which is not available at workflow level (allowed: github, inputs, vars)");
        assertThat(Concurrency.allowedContexts(ConcurrencySpec.Level.WORKFLOW)).containsExactlyInAnyOrder("github", "inputs", "vars");
        assertThat(Concurrency.allowedContexts(ConcurrencySpec.Level.JOB))
                .containsExactlyInAnyOrder("github", "inputs", "vars", "needs", "strategy", "matrix");
    }

    @Test
    void emptyGroupAndEvaluationErrorsNameTheFile() {
        assertThatThrownBy(() -> Concurrency.resolve(spec(" ${{ inputs.environment }}"), PUSH))
                .hasMessage("w.yml:2: concurrency.group '${{ inputs.environment }}' evaluates to an empty name");
        assertThatThrownBy(() -> Concurrency.resolve(spec(" ${{ format('{1}', 'a') }}"), PUSH))
                .isInstanceOf(WorkflowException.class).hasMessageStartingWith("w.yml:2: concurrency.group: format()");
    }

    @Test
    void queueMaxWithCancelThatEvaluatesTrueFails() {
        ConcurrencySpec s = spec("\n  group: g\n  queue: max\n  cancel-in-progress: ${{ github.event_name == 'push' }}");
        assertThatThrownBy(() -> Concurrency.resolve(s, PUSH)).hasMessageContaining("w.yml:2: concurrency: 'queue: max' cannot be combined");
        assertThat(Concurrency.resolve(s, Map.of("github", Map.of("event_name", "workflow_dispatch"))).cancelInProgress()).isFalse();
    }
}
