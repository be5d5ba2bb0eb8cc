package dev.baton.workflow;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkflowParserTest {
    private static WorkflowSpec parse(String yaml) {
        return WorkflowParser.parse(".github/workflows/t.yml", yaml);
    }

    private static final String JOBS = "jobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n";

    @Test
    void deployDevFromTheReference() {
        WorkflowSpec w = Fixtures.pipeline("deploy-dev.yml");
        assertThat(w.name()).isEqualTo("Deploy Dev");
        assertThat(w.file()).isEqualTo("deploy-dev.yml");
        assertThat(w.on()).containsOnlyKeys("push", "workflow_dispatch");
        assertThat(w.on().get("push")).containsEntry("branches", List.of("main"));
        ConcurrencySpec c = w.concurrency();
        assertThat(c.group()).isEqualTo("terraform-deploy-dev");
        assertThat(c.cancelInProgress()).isEqualTo("false");
        assertThat(c.queue()).isEqualTo(QueueMode.SINGLE);
        assertThat(c.level()).isEqualTo(ConcurrencySpec.Level.WORKFLOW);
        assertThat(c.staticGroup()).isTrue();
        assertThat(c.line()).isEqualTo(16);
        assertThat(c.file()).isEqualTo(".github/workflows/deploy-dev.yml");
        assertThat(w.env()).containsEntry("TF_IN_AUTOMATION", "true").containsEntry("AWS_REGION", "us-east-1");

        JobSpec deploy = w.jobs().get(0);
        assertThat(deploy.id()).isEqualTo("deploy");
        assertThat(deploy.displayName()).isEqualTo("Deploy to dev");
        assertThat(deploy.environment()).isEqualTo("dev");
        assertThat(deploy.line()).isEqualTo(25);
        assertThat(deploy.concurrency()).isNull();
        assertThat(deploy.steps()).hasSize(5);
        StepSpec setup = deploy.steps().get(1);
        assertThat(setup.uses()).isEqualTo("hashicorp/setup-terraform@v3");
        assertThat(setup.with()).containsEntry("terraform_version", "1.11.4").containsEntry("terraform_wrapper", "false");
        StepSpec unlock = deploy.steps().get(3);
        assertThat(unlock.ifExpr()).isEqualTo("${{ inputs.force_unlock }}");
        assertThat(unlock.env()).containsEntry("LOCK_ID", "${{ vars.DEV_LOCK_ID }}");
        StepSpec apply = deploy.steps().get(4);
        assertThat(apply.id()).isEqualTo("apply");
        assertThat(apply.workingDirectory()).isEqualTo("infrastructure/terraform");
        assertThat(apply.run()).contains("-lock-timeout=5m").contains("terraform apply");
        assertThat(apply.line()).isEqualTo(47);
        assertThat(apply.label()).isEqualTo("Terraform apply");

        assertThat(w.dispatchInputs()).singleElement().satisfies(in -> {
            assertThat(in.name()).isEqualTo("force_unlock");
            assertThat(in.type()).isEqualTo("boolean");
            assertThat(in.defaultValue()).isEqualTo("false");
        });
        assertThat(w.defaultInputs()).containsEntry("force_unlock", false);
    }

    @Test
    void buildAndPromoteFromTheReference() {
        WorkflowSpec w = Fixtures.pipeline("build-and-promote.yml");
        assertThat(w.concurrency().group()).isEqualTo("deploy-preprod");
        assertThat(w.on()).containsOnlyKeys("push", "workflow_dispatch");
        assertThat(w.on().get("workflow_dispatch")).isEmpty();
        assertThat(w.jobs()).extracting(JobSpec::id).containsExactly("build", "deploy-preprod", "integration-tests");
        assertThat(w.job("deploy-preprod").needs()).containsExactly("build");
        assertThat(w.job("deploy-preprod").environment()).isEqualTo("preprod");
        assertThat(w.job("integration-tests").needs()).containsExactly("build", "deploy-preprod");
        assertThat(w.job("integration-tests").environment()).isNull();
        assertThat(w.job("build").steps().get(1).run()).isEqualTo("echo \"sha=${GITHUB_SHA::7}\" >> \"$GITHUB_OUTPUT\"");
    }

    @Test
    void deployProdFromTheReference() {
        WorkflowSpec w = Fixtures.pipeline("deploy-prod.yml");
        assertThat(w.concurrency().group()).isEqualTo("deploy-production");
        assertThat(w.workflowRunSources()).containsExactly("Build and Promote to Preprod");
        assertThat(w.on().get("workflow_run")).containsEntry("types", List.of("completed"));
        assertThat(w.triggeredBy("workflow_dispatch")).isTrue();
        assertThat(w.triggeredBy("push")).isFalse();
        JobSpec deploy = w.job("deploy");
        assertThat(deploy.environment()).isEqualTo("${{ github.actor == 'dependabot[bot]' && 'production-auto' || 'production' }}");
        assertThat(deploy.ifExpr()).startsWith("${{ github.event_name == 'workflow_dispatch'");
        Object env = Expressions.interpolate(deploy.environment(), Map.of("github", Map.of("actor", "dependabot[bot]")));
        assertThat(env).isEqualTo("production-auto");
        assertThat(Expressions.interpolate(deploy.environment(), Map.of("github", Map.of("actor", "traylorre")))).isEqualTo("production");
        assertThat(w.dispatchInputs()).singleElement().satisfies(in -> assertThat(in.required()).isTrue());
        assertThat(w.defaultInputs()).containsEntry("reason", "");
    }

    @Test
    void onAsStringListOrMapping() {
        assertThat(parse("on: push\n" + JOBS).on()).containsOnlyKeys("push");
        assertThat(parse("on: [push, pull_request]\n" + JOBS).on()).containsOnlyKeys("push", "pull_request");
        assertThat(parse("\"on\":\n  schedule:\n    - cron: '0 3 * * *'\n  workflow_dispatch:\n" + JOBS).on())
                .containsOnlyKeys("schedule", "workflow_dispatch");
        WorkflowSpec choice = parse("""
                on:
                  workflow_dispatch:
                    inputs:
                      environment:
                        type: choice
                        options: [dev, preprod, prod]
                        default: dev
                      dry_run:
                        type: boolean
                        default: true
                      retries:
                        type: number
                        default: 3
                """ + JOBS);
        assertThat(choice.dispatchInputs()).extracting(DispatchInput::name).containsExactly("environment", "dry_run", "retries");
        assertThat(choice.dispatchInputs().get(0).options()).containsExactly("dev", "preprod", "prod");
        assertThat(choice.defaultInputs()).containsEntry("environment", "dev").containsEntry("dry_run", true).containsEntry("retries", 3.0);
    }

    @Test
    void yaml11BooleansStayText() {
        WorkflowSpec w = parse("""
                on:
                  push:
                jobs:
                  a:
                    runs-on: ubuntu-latest
                    env:
                      FLAG: yes
                      OTHER: off
                    steps:
                      - uses: some/action@v1
                        with:
                          enabled: on
                """);
        assertThat(w.on()).containsOnlyKeys("push");
        assertThat(w.jobs().get(0).env()).containsEntry("FLAG", "yes").containsEntry("OTHER", "off");
        assertThat(w.jobs().get(0).steps().get(0).with()).containsEntry("enabled", "on");
    }

    @Test
    void jobLevelConcurrencyStringAndMapping() {
        WorkflowSpec w = parse("""
                on: push
                jobs:
                  plan:
                    runs-on: ubuntu-latest
                    concurrency: plan-${{ github.ref }}
                    steps: [{run: terraform plan}]
                  apply:
                    needs: plan
                    runs-on: ubuntu-latest
                    environment:
                      name: prod
                    concurrency:
                      group: apply-${{ matrix.env }}
                      cancel-in-progress: ${{ github.event_name == 'pull_request' }}
                      queue: max
                    strategy:
                      matrix:
                        env: [dev, prod]
                        region: [us-east-1, eu-west-1]
                        include:
                          - env: prod
                            region: ap-south-1
                        exclude:
                          - env: dev
                            region: eu-west-1
                    steps:
                      - run: terraform apply -auto-approve
                """);
        ConcurrencySpec plan = w.job("plan").concurrency();
        assertThat(plan.group()).isEqualTo("plan-${{ github.ref }}");
        assertThat(plan.level()).isEqualTo(ConcurrencySpec.Level.JOB);
        assertThat(plan.staticGroup()).isFalse();
        assertThat(plan.line()).isEqualTo(5);
        ConcurrencySpec apply = w.job("apply").concurrency();
        assertThat(apply.queue()).isEqualTo(QueueMode.MAX);
        assertThat(apply.cancelInProgress()).isEqualTo("${{ github.event_name == 'pull_request' }}");
        assertThat(apply.line()).isEqualTo(12);
        assertThat(w.job("apply").matrix()).containsOnlyKeys("env", "region");
        assertThat(w.job("apply").matrix().get("env")).containsExactly("dev", "prod");
        assertThat(w.job("apply").environment()).isEqualTo("prod");
        assertThat(w.job("apply").needs()).containsExactly("plan");
        assertThat(w.concurrency()).isNull();
    }

    @Test
    void aJobThatCallsAReusableWorkflowKeepsUsesAndWith() {
        WorkflowSpec w = parse("""
                on: workflow_dispatch
                jobs:
                  build:
                    runs-on: ubuntu-latest
                    steps: [{run: make}]
                  promote:
                    needs: build
                    uses: ./.github/workflows/promote.yml
                    with:
                      environment: production
                      dry: ${{ inputs.dry }}
                    secrets: inherit
                """);
        assertThat(w.job("build").callsWorkflow()).isFalse();
        assertThat(w.job("build").uses()).isNull();
        assertThat(w.job("promote").uses()).isEqualTo("./.github/workflows/promote.yml");
        assertThat(w.job("promote").with()).containsEntry("environment", "production").containsEntry("dry", "${{ inputs.dry }}");
        assertThat(w.job("promote").steps()).isEmpty();
    }

    @Test
    void matrixFromAnExpressionIsEmptyNotAnError() {
        WorkflowSpec w = parse("""
                on: push
                jobs:
                  a:
                    runs-on: ubuntu-latest
                    strategy:
                      matrix: ${{ fromJSON(needs.setup.outputs.matrix) }}
                    steps: [{run: echo}]
                """);
        assertThat(w.jobs().get(0).matrix()).isEmpty();
    }

    @Test
    void cancelInProgressAcceptsCaseVariants() {
        WorkflowSpec w = parse("on: push\nconcurrency:\n  group: g\n  cancel-in-progress: True\n" + JOBS);
        assertThat(w.concurrency().cancelInProgress()).isEqualTo("true");
    }

    @Test
    void queueMaxWithCancelInProgressIsAValidationError() {
        assertThatThrownBy(() -> parse("""
                on: push
                concurrency:
                  group: deploy-production
                  cancel-in-progress: true
                  queue: max
                """ + JOBS))
                .isInstanceOf(WorkflowException.class)
                .hasMessage(".github/workflows/t.yml:4: concurrency: 'queue: max' cannot be combined with 'cancel-in-progress: true'")
                .satisfies(e -> {
                    assertThat(((WorkflowException) e).line()).isEqualTo(4);
                    assertThat(((WorkflowException) e).code()).isEqualTo(WorkflowParser.QUEUE_MAX_CANCEL);
                    assertThat(((WorkflowException) e).reason()).startsWith("concurrency: 'queue: max'");
                });
    }

    @Test
    void malformedConcurrencyIsAnErrorWithItsLine() {
        assertThatThrownBy(() -> parse("on: push\nconcurrency:\n  group: g\n  queue: fifo\n" + JOBS))
                .hasMessage(".github/workflows/t.yml:4: concurrency.queue must be 'single' or 'max', not 'fifo'");
        assertThatThrownBy(() -> parse("on: push\nconcurrency:\n  cancel-in-progress: false\n" + JOBS))
                .hasMessage(".github/workflows/t.yml:2: concurrency: missing group");
        assertThatThrownBy(() -> parse("on: push\nconcurrency:\n" + JOBS))
                .hasMessage(".github/workflows/t.yml:2: concurrency: missing group");
        assertThatThrownBy(() -> parse("on: push\nconcurrency:\n  group: g\n  cancel-in-progress: maybe\n" + JOBS))
                .hasMessageContaining("t.yml:4: concurrency.cancel-in-progress must be true, false or an expression");
        assertThatThrownBy(() -> parse("on: push\nconcurrency:\n  group: g\n  cancel: true\n" + JOBS))
                .hasMessageContaining("t.yml:4: concurrency: unknown key 'cancel'");
        assertThatThrownBy(() -> parse("on: push\nconcurrency:\n  group: deploy-${{ inputs.env ||| 'x' }}\n" + JOBS))
                .hasMessageStartingWith(".github/workflows/t.yml:3: concurrency.group: unexpected")
                .hasMessageContaining("column");
        assertThatThrownBy(() -> parse("on: push\nconcurrency: [a, b]\n" + JOBS))
                .hasMessageContaining("t.yml:2: concurrency must be a mapping, not a list");
    }

    @Test
    void malformedFilesAreOneLineErrors() {
        assertThatThrownBy(() -> parse("on: push\njobs:\n  a:\n    steps:\n      - run: echo\n     bad: indent\n"))
                .isInstanceOf(WorkflowException.class).hasMessageStartingWith(".github/workflows/t.yml:6: invalid YAML");
        assertThatThrownBy(() -> parse("")).hasMessage(".github/workflows/t.yml:1: empty workflow file");
        assertThatThrownBy(() -> parse("- just\n- a list\n")).hasMessageContaining("a workflow file must be a mapping");
        assertThatThrownBy(() -> parse(JOBS)).hasMessageContaining("missing 'on:'");
        assertThatThrownBy(() -> parse("on: push\n")).hasMessageContaining("missing 'jobs:'");
        assertThatThrownBy(() -> parse("on: push\non: pull_request\n" + JOBS))
                .hasMessage(".github/workflows/t.yml:2: duplicate key 'on' (first at line 1)");
        assertThatThrownBy(() -> parse("on: push\njobs:\n  a:\n    needs: nope\n    steps: [{run: x}]\n"))
                .hasMessage(".github/workflows/t.yml:3: job 'a' needs unknown job 'nope'");
        assertThatThrownBy(() -> parse("on: push\njobs:\n  a:\n    steps:\n      - name: nothing\n"))
                .hasMessageContaining("t.yml:5: a step of job 'a' needs exactly one of 'run' or 'uses'");
        assertThatThrownBy(() -> parse("on: push\njobs:\n  a:\n    environment:\n      url: x\n    steps: [{run: x}]\n"))
                .hasMessageContaining("t.yml:5: environment: missing name");
        assertThatThrownBy(() -> parse("on: push\njobs:\n  a:\n    if: github.ref == \n    steps: [{run: x}]\n"))
                .hasMessageStartingWith(".github/workflows/t.yml:4: jobs.a.if: unexpected end of expression");
        assertThatThrownBy(() -> parse("on:\n  workflow_dispatch:\n    inputs:\n      e:\n        type: list\n" + JOBS))
                .hasMessageContaining("t.yml:5: input 'e' has unknown type 'list'");
    }

    @Test
    void anchorsAndMergeKeys() {
        WorkflowSpec w = parse("""
                on: push
                jobs:
                  a:
                    runs-on: ubuntu-latest
                    env: &common
                      REGION: us-east-1
                      TIER: web
                    steps: [{run: echo}]
                  b:
                    runs-on: ubuntu-latest
                    env:
                      <<: *common
                      TIER: worker
                    steps: [{run: echo}]
                """);
        assertThat(w.job("b").env()).containsEntry("REGION", "us-east-1").containsEntry("TIER", "worker");
    }

    @Test
    void recursiveAnchorsDoNotCrash() {
        assertThatThrownBy(() -> parse("on:\n  push: &a\n    x: *a\n" + JOBS)).isInstanceOf(WorkflowException.class);
    }

    /** Issue 12 section 4: what GitHub would reject, lint reported as nothing (exit 0). */
    @org.junit.jupiter.api.Test
    void gitHubRejectsJobsThatNeedEachOther() {
        String self = "on: push\njobs:\n  a:\n    needs: a\n    runs-on: x\n    steps: [{run: echo}]\n";
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> WorkflowParser.parse("w.yml", self))
                .isInstanceOf(WorkflowException.class).hasMessageContaining("job 'a' needs itself");
        String circle = "on: push\njobs:\n"
                + "  a:\n    needs: c\n    runs-on: x\n    steps: [{run: echo}]\n"
                + "  b:\n    needs: a\n    runs-on: x\n    steps: [{run: echo}]\n"
                + "  c:\n    needs: b\n    runs-on: x\n    steps: [{run: echo}]\n";
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> WorkflowParser.parse("w.yml", circle))
                .isInstanceOf(WorkflowException.class).hasMessageContaining("a circle: a -> c -> b -> a");
    }

    @org.junit.jupiter.api.Test
    void gitHubRejectsUnknownEventsTooManyInputsAndANonNumberDefault() {
        String job = "jobs:\n  a:\n    runs-on: x\n    steps: [{run: echo}]\n";
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> WorkflowParser.parse("w.yml", "on: 5\n" + job))
                .hasMessageContaining("an event GitHub does not have: '5'");
        StringBuilder inputs = new StringBuilder("on:\n  workflow_dispatch:\n    inputs:\n");
        for (int i = 0; i < 26; i++) inputs.append("      i").append(i).append(": {type: string}\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> WorkflowParser.parse("w.yml", inputs + job))
                .hasMessageContaining("26 inputs; GitHub allows at most 25");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> WorkflowParser.parse("w.yml",
                        "on:\n  workflow_dispatch:\n    inputs:\n      n: {type: number, default: many}\n" + job))
                .hasMessageContaining("number input 'n' has a default that is not a number: 'many'");
        WorkflowParser.parse("w.yml", "on:\n  workflow_dispatch:\n    inputs:\n      n: {type: number, default: 3}\n" + job);
    }
}
