package dev.baton.workflow;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExpressionsTest {
    private static final Map<String, Object> CTX = Map.of(
            "github", Map.of("actor", "dependabot[bot]", "ref", "refs/heads/main", "event_name", "push",
                    "run_id", 12345678L, "workflow", "Deploy to Production",
                    "event", Map.of("commits", List.of(Map.of("message", "fix: a"), Map.of("message", "feat: b")))),
            "inputs", Map.of("environment", "Prod", "dry_run", false, "count", 3),
            "vars", Map.of("REGION", "eu-west-1"),
            "matrix", Map.of("env", "staging", "node", "18"),
            "needs", Map.of("build", Map.of("result", "success", "outputs", Map.of("sha", "abc1234"))));

    private static Object eval(String e) {
        return Expressions.evaluate(e, CTX);
    }

    @Test
    void andOrReturnOperandValues() {
        assertThat(eval("github.actor == 'dependabot[bot]' && 'production-auto' || 'production'")).isEqualTo("production-auto");
        Map<String, Object> human = Map.of("github", Map.of("actor", "traylorre"));
        assertThat(Expressions.evaluate("github.actor == 'dependabot[bot]' && 'production-auto' || 'production'", human))
                .isEqualTo("production");
        assertThat(eval("github.head_ref || github.run_id")).isEqualTo(12345678.0);
        assertThat(eval("'' && 'x'")).isEqualTo("");
        assertThat(eval("null || 0")).isEqualTo(0.0);
    }

    @Test
    void looseEqualityLikeGitHub() {
        assertThat(eval("'ABC' == 'abc'")).isEqualTo(true);
        assertThat(eval("inputs.environment == 'prod'")).isEqualTo(true);
        assertThat(eval("matrix.node == 18")).isEqualTo(true);
        assertThat(eval("'0x10' == 16")).isEqualTo(true);
        assertThat(eval("'' == 0")).isEqualTo(true);
        assertThat(eval("null == 0")).isEqualTo(true);
        assertThat(eval("true == 1")).isEqualTo(true);
        assertThat(eval("'true' == true")).isEqualTo(false); // 'true' -> NaN
        assertThat(eval("NaN == NaN")).isEqualTo(false);
        assertThat(eval("github.event == github.event")).isEqualTo(true);
        assertThat(eval("fromJSON('{}') == fromJSON('{}')")).isEqualTo(false);
        assertThat(eval("inputs.environment != 'staging'")).isEqualTo(true);
    }

    @Test
    void comparisonsAndNot() {
        assertThat(eval("inputs.count > 2")).isEqualTo(true);
        assertThat(eval("inputs.count <= '3'")).isEqualTo(true);
        assertThat(eval("'b' > 'A'")).isEqualTo(true);
        assertThat(eval("'abc' < 1")).isEqualTo(false);
        assertThat(eval("!inputs.dry_run")).isEqualTo(true);
        assertThat(eval("!(inputs.count > 2) || false")).isEqualTo(false);
        assertThat(eval("1.5 >= -2")).isEqualTo(true);
    }

    @Test
    void propertyAndIndexAccess() {
        assertThat(eval("github.missing")).isNull();
        assertThat(eval("github.missing.deeper")).isNull();
        assertThat(eval("nosuchcontext.x")).isNull();
        assertThat(eval("needs.build.outputs.sha")).isEqualTo("abc1234");
        assertThat(eval("needs['build'].outputs['sha']")).isEqualTo("abc1234");
        assertThat(eval("GITHUB.Actor")).isEqualTo("dependabot[bot]");
        assertThat(eval("github.event.commits[1].message")).isEqualTo("feat: b");
        assertThat(eval("github.event.commits[5]")).isNull();
        assertThat(eval("github.event.commits.*.message")).isEqualTo(List.of("fix: a", "feat: b"));
        assertThat(eval("contains(github.event.commits.*.message, 'FEAT: B')")).isEqualTo(true);
    }

    @Test
    void functions() {
        assertThat(eval("format('{0}-{1}', 'deploy', inputs.environment)")).isEqualTo("deploy-Prod");
        assertThat(eval("format('{{literal}} {0}', 1)")).isEqualTo("{literal} 1");
        assertThat(eval("format('{1}{0}{1}', 'a', 'b')")).isEqualTo("bab");
        assertThat(eval("contains('Hello World', 'WORLD')")).isEqualTo(true);
        assertThat(eval("contains(fromJSON('[\"push\", \"pull_request\"]'), github.event_name)")).isEqualTo(true);
        assertThat(eval("contains(fromJSON('[1, 2]'), '2')")).isEqualTo(true);
        assertThat(eval("startsWith(github.ref, 'REFS/heads/')")).isEqualTo(true);
        assertThat(eval("endsWith(github.ref, '/MAIN')")).isEqualTo(true);
        assertThat(eval("join(fromJSON('[\"a\", \"b\", 3]'), ', ')")).isEqualTo("a, b, 3");
        assertThat(eval("join(fromJSON('[\"a\", \"b\"]'))")).isEqualTo("a,b");
        assertThat(eval("join('single')")).isEqualTo("single");
        assertThat(eval("toJSON(fromJSON('{\"env\": \"staging\", \"node\": 18, \"x\": {}}'))"))
                .isEqualTo("{\n  \"env\": \"staging\",\n  \"node\": 18,\n  \"x\": {}\n}");
        assertThat(eval("toJSON(fromJSON('[1, true, null, \"x\"]'))")).isEqualTo("[\n  1,\n  true,\n  null,\n  \"x\"\n]");
        assertThat(eval("fromJSON('{\"a\": {\"b\": 2.5}}').a.b")).isEqualTo(2.5);
        assertThat(eval("fromJSON('true')")).isEqualTo(true);
        assertThat(eval("FORMAT('{0}', 1)")).isEqualTo("1");
    }

    @Test
    void interpolation() {
        assertThat(Expressions.interpolate("${{ github.workflow }}-${{ github.ref }}", CTX))
                .isEqualTo("Deploy to Production-refs/heads/main");
        assertThat(Expressions.interpolate("deploy-${{ inputs.environment }}", CTX)).isEqualTo("deploy-Prod");
        assertThat(Expressions.interpolate("run-${{ github.run_id }}", CTX)).isEqualTo("run-12345678");
        assertThat(Expressions.interpolate("x${{ github.nothing }}y", CTX)).isEqualTo("xy");
        assertThat(Expressions.interpolate("${{ '}}' }}", CTX)).isEqualTo("}}");
        assertThat(Expressions.interpolate("no expressions", CTX)).isEqualTo("no expressions");
        assertThatThrownBy(() -> Expressions.interpolate("${{ inputs.count / 2 }}x", CTX))
                .hasMessageContaining("unexpected character '/' at column 15");
    }

    @Test
    void conditions() {
        assertThat(Expressions.condition("false", CTX)).isFalse();
        assertThat(Expressions.condition("true", CTX)).isTrue();
        assertThat(Expressions.condition("${{ github.ref == 'refs/heads/main' }}", CTX)).isTrue();
        assertThat(Expressions.condition("github.event_name == 'push'", CTX)).isTrue();
        assertThat(Expressions.condition("${{ inputs.dry_run }}", CTX)).isFalse();
        assertThat(Expressions.condition("", CTX)).isTrue();
        // implicit success(): a failed job skips conditions without a status function
        Map<String, Object> failed = Map.of("job", Map.of("status", "failure"));
        assertThat(Expressions.condition("true", failed)).isFalse();
        assertThat(Expressions.condition("always()", failed)).isTrue();
        assertThat(Expressions.condition("failure() && true", failed)).isTrue();
        assertThat(Expressions.condition("${{ cancelled() }}", failed)).isFalse();
    }

    @Test
    void contextsUsed() {
        assertThat(Expressions.contextsUsed("${{ github.workflow }}-${{ inputs.env || matrix.x }}"))
                .containsExactly("github", "inputs", "matrix");
        assertThat(Expressions.contextsUsed("format('{0}', needs.build.outputs.sha) && !env.X")).containsExactly("needs", "env");
        assertThat(Expressions.contextsUsed("deploy-production-static")).containsExactly("deploy-production-static");
        assertThat(Expressions.contextsUsed("${{ 'literal' }}")).isEmpty();
        assertThat(Expressions.contextsUsed("${{ fromJSON(vars.X)[github.ref] }}")).containsExactly("vars", "github");
        assertThat(Expressions.contextsUsed("${{ github. }}")).isEmpty();
    }

    @Test
    void parseErrorsNameTheColumn() {
        assertThatThrownBy(() -> eval("github.ref == "))
                .isInstanceOf(ExpressionException.class).hasMessageContaining("column 15");
        assertThatThrownBy(() -> eval("github.ref = 'x'"))
                .isInstanceOf(ExpressionException.class).hasMessageContaining("column 12").hasMessageContaining("==");
        assertThatThrownBy(() -> eval("frobnicate(1)")).hasMessageContaining("unknown function 'frobnicate' at column 1");
        assertThatThrownBy(() -> eval("contains('a')")).hasMessageContaining("contains() takes 2 arguments, got 1");
        assertThatThrownBy(() -> eval("'unterminated")).hasMessageContaining("unterminated string at column 1");
        assertThatThrownBy(() -> eval("\"double\"")).hasMessageContaining("single quotes");
        assertThatThrownBy(() -> eval("(a || b")).hasMessageContaining("expected ')'");
        assertThatThrownBy(() -> eval("a b")).hasMessageContaining("unexpected 'b' at column 3");
        assertThatThrownBy(() -> eval("")).hasMessageContaining("empty expression");
        assertThatThrownBy(() -> Expressions.interpolate("deploy-${{ inputs.x", CTX))
                .isInstanceOf(ExpressionException.class).hasMessageContaining("no closing '}}'");
    }

    @Test
    void evaluationErrorsAreClear() {
        assertThatThrownBy(() -> eval("format('{0} {1}', 'a')")).isInstanceOf(ExpressionException.class)
                .hasMessageContaining("'{1}' but only 1 argument");
        assertThatThrownBy(() -> eval("format('{x}', 'a')")).hasMessageContaining("invalid placeholder");
        assertThatThrownBy(() -> eval("format('a}b')")).hasMessageContaining("unmatched '}'");
        assertThatThrownBy(() -> eval("fromJSON('{nope')")).isInstanceOf(ExpressionException.class)
                .hasMessageStartingWith("fromJSON: invalid JSON");
        assertThatThrownBy(() -> eval("hashFiles('**/go.sum')")).hasMessageContaining("not supported");
    }

    @Test
    void literalsAndTruthiness() {
        assertThat(eval("0x1F")).isEqualTo(31.0);
        assertThat(eval("-2.5e1")).isEqualTo(-25.0);
        assertThat(eval("'it''s'")).isEqualTo("it's");
        assertThat(eval("null")).isNull();
        assertThat(Expressions.truthy(0.0)).isFalse();
        assertThat(Expressions.truthy(Double.NaN)).isFalse();
        assertThat(Expressions.truthy("")).isFalse();
        assertThat(Expressions.truthy("false")).isTrue();
        assertThat(Expressions.truthy(List.of())).isTrue();
        assertThat(Expressions.truthy(null)).isFalse();
        assertThat(Expressions.toText(3.0)).isEqualTo("3");
        assertThat(Expressions.toText(0.1)).isEqualTo("0.1");
    }
}
