package dev.baton.workflow;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad input is a one-line WorkflowException, never another exception: every prefix of real files. */
class RobustnessTest {
    private static void onlyWorkflowExceptions(Runnable r) {
        try {
            r.run();
        } catch (WorkflowException e) {
            assertThat(e.getMessage()).doesNotContain("\n");
        }
    }

    @Test
    void everyPrefixOfTheReferenceWorkflows() {
        for (String f : List.of("deploy-dev.yml", "build-and-promote.yml", "deploy-prod.yml")) {
            String text = Fixtures.read("workflows/pipeline/.github/workflows/" + f);
            for (int i = 0; i < text.length(); i++) {
                String prefix = text.substring(0, i);
                onlyWorkflowExceptions(() -> WorkflowParser.parse(f, prefix));
            }
        }
    }

    @Test
    void everyPrefixOfABackendBlock() {
        String text = """
                terraform {
                  backend "s3" {
                    bucket = "acme" # c
                    key    = "a/b.tfstate" // c
                    /* block */ use_lockfile = true
                    assume_role = { role_arn = "arn" }
                  }
                }
                """;
        for (int i = 0; i < text.length(); i++) {
            String prefix = text.substring(0, i);
            onlyWorkflowExceptions(() -> BackendParser.parseIfBackend("main.tf", prefix, null));
        }
    }

    @Test
    void everyPrefixOfAnExpression() {
        String e = "format('{0}-{1}', github.actor == 'dependabot[bot]' && 'production-auto' || 'production', "
                + "fromJSON('[1]')[0]) != null && !contains(github.event.commits.*.message, 'x') && (1 < 2.5)";
        Map<String, Object> ctx = Map.of("github", Map.of("actor", "x"));
        for (int i = 0; i < e.length(); i++) {
            String prefix = e.substring(0, i);
            onlyWorkflowExceptions(() -> Expressions.evaluate(prefix, ctx));
            onlyWorkflowExceptions(() -> Expressions.possibleValues("${{ " + prefix + " }}", Map.of()));
        }
    }

    @Test
    void deepNestingIsRefusedNotAStackOverflow() {
        assertThatThrownBy(() -> Expressions.evaluate("(".repeat(5000) + "1" + ")".repeat(5000), Map.of()))
                .isInstanceOf(ExpressionException.class).hasMessageContaining("nested more than 50 levels");
        assertThatThrownBy(() -> Expressions.evaluate("!".repeat(5000) + "true", Map.of()))
                .isInstanceOf(ExpressionException.class);
        assertThatThrownBy(() -> WorkflowParser.parse("w.yml", "on: push\njobs:\n  a:\n    env: " + "[".repeat(3000)))
                .isInstanceOf(WorkflowException.class);
    }
}
