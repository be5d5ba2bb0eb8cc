package dev.baton.lint;

import dev.baton.model.Severity;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.baton.lint.LintFixtures.DEV;
import static dev.baton.lint.LintFixtures.PROD;
import static dev.baton.lint.LintFixtures.lint;
import static dev.baton.lint.LintFixtures.pipeline;
import static dev.baton.lint.LintFixtures.rule;
import static dev.baton.lint.LintFixtures.with;
import static org.assertj.core.api.Assertions.assertThat;

class LinterTest {
    private static final String W = ".github/workflows/w.yml";
    /** The production deploy job the examples of a workflow-level group end with (their findings point above it). */
    private static final String DEPLOY_JOB = """
            jobs:
              deploy:
                runs-on: ubuntu-latest
                environment: production
                steps: [{run: ./deploy.sh}]
            """;

    @Test
    void theReferencePipelineOnlyWarnsAboutEviction() {
        List<LintFinding> findings = lint(pipeline());
        assertThat(findings).extracting(LintFinding::rule).containsOnly("deploy-queue-single");
        assertThat(findings).extracting(LintFinding::location).containsExactly(
                ".github/workflows/build-and-promote.yml:9", DEV + ":16", PROD + ":15");
        assertThat(Linter.hasErrors(findings)).isFalse();
        LintFinding prod = findings.get(2);
        assertThat(prod.severity()).isEqualTo(Severity.WARNING);
        assertThat(prod.message()).contains("'deploy-production'", "B is cancelled", "production / production-auto");
        assertThat(prod.explanation()).contains("A runs, B is cancelled, C runs after A");
        assertThat(prod.fix()).contains("queue: max");
    }

    @Nested
    class DeployWithoutGroup {
        @Test
        void environmentJobWithoutGroup() {
            List<LintFinding> f = rule(lint(W, """
                    on: push
                    jobs:
                      test:
                        runs-on: ubuntu-latest
                        steps: [{run: make test}]
                      deploy:
                        needs: test
                        runs-on: ubuntu-latest
                        environment: staging
                        steps:
                          - run: ./deploy.sh staging
                    """), "deploy-without-group");
            assertThat(f).singleElement().satisfies(x -> {
                assertThat(x.location()).isEqualTo(W + ":9");
                assertThat(x.severity()).isEqualTo(Severity.ERROR);
                assertThat(x.message()).contains("job 'deploy'", "staging", "no concurrency group");
                assertThat(x.fix()).contains("group: deploy-staging");
            });
        }

        @Test
        void terraformApplyJobWithoutGroup() {
            List<LintFinding> f = rule(lint(W, """
                    on: workflow_dispatch
                    jobs:
                      apply:
                        runs-on: ubuntu-latest
                        steps:
                          - run: terraform apply -auto-approve -lock-timeout=5m
                    """), "deploy-without-group");
            assertThat(f).singleElement().satisfies(x -> assertThat(x.message()).contains("terraform apply"));
        }

        @Test
        void noFindingWithAJobGroupOrForNonDeployJobs() {
            assertThat(rule(lint(W, """
                    on: push
                    jobs:
                      test:
                        runs-on: ubuntu-latest
                        steps: [{run: terraform plan -lock=false}]
                      deploy:
                        runs-on: ubuntu-latest
                        environment: staging
                        concurrency:
                          group: deploy-staging
                          queue: max
                        steps: [{run: ./deploy.sh}]
                    """), "deploy-without-group")).isEmpty();
        }
    }

    @Nested
    class EnvironmentSplitGroups {
        private static final String HOTFIX = """
                name: Hotfix
                on: workflow_dispatch
                concurrency: hotfix-production
                jobs:
                  deploy:
                    runs-on: ubuntu-latest
                    environment: %s
                    steps: [{run: ./deploy.sh}]
                """;

        @Test
        void anotherWorkflowDeployingProductionInItsOwnGroup() {
            List<LintFinding> f = rule(lint(with(pipeline(), ".github/workflows/hotfix.yml", HOTFIX.formatted("production"))),
                    "environment-split-groups");
            assertThat(f).singleElement().satisfies(x -> {
                assertThat(x.location()).isEqualTo(".github/workflows/hotfix.yml:7");
                assertThat(x.message()).contains("environment production", "'hotfix-production'", "'deploy-production'",
                        "job 'deploy' of deploy-prod.yml");
            });
        }

        @Test
        void aVariantEnvironmentCountsAsTheSameTarget() {
            assertThat(rule(lint(with(pipeline(), ".github/workflows/hotfix.yml", HOTFIX.formatted("Production-Auto"))),
                    "environment-split-groups")).hasSize(1);
        }

        @Test
        void productionAndProductionAutoInOneGroupIsFine() {
            assertThat(rule(lint(pipeline()), "environment-split-groups")).isEmpty();
            String sameGroup = HOTFIX.formatted("production").replace("hotfix-production", "Deploy-Production");
            assertThat(rule(lint(with(pipeline(), ".github/workflows/hotfix.yml", sameGroup)), "environment-split-groups")).isEmpty();
        }

        @Test
        void sameTerraformStateFromDifferentGroups() {
            String drift = """
                    on: schedule
                    concurrency: drift-fix
                    jobs:
                      fix:
                        runs-on: ubuntu-latest
                        steps:
                          - working-directory: infrastructure/terraform
                            run: |
                              terraform init -backend-config=backend-prod.hcl
                              terraform apply -auto-approve -lock-timeout=10m
                    """;
            List<LintFinding> f = rule(lint(with(pipeline(), ".github/workflows/drift.yml", drift)), "environment-split-groups");
            assertThat(f).singleElement().satisfies(x -> assertThat(x.message())
                    .contains("state sentiment-analyzer-terraform-state-218795110243/prod/terraform.tfstate", "'drift-fix'"));
        }

        @Test
        void matrixGroupsAreMatchedPerEnvironment() {
            String matrix = """
                    on: workflow_dispatch
                    jobs:
                      deploy:
                        runs-on: ubuntu-latest
                        strategy:
                          matrix:
                            env: [dev, qa]
                        environment: ${{ matrix.env }}
                        concurrency: tf-${{ matrix.env }}
                        steps: [{run: ./deploy.sh}]
                    """;
            List<LintFinding> f = rule(lint(with(pipeline(), ".github/workflows/matrix.yml", matrix)), "environment-split-groups");
            assertThat(f).singleElement().satisfies(x -> assertThat(x.message())
                    .contains("environment dev", "'tf-dev'", "'terraform-deploy-dev'"));
            String consistent = matrix.replace("tf-${{ matrix.env }}", "${{ matrix.env == 'dev' && 'terraform-deploy-dev' || 'tf-qa' }}");
            assertThat(rule(lint(with(pipeline(), ".github/workflows/matrix.yml", consistent)), "environment-split-groups")).isEmpty();
        }
    }

    @Nested
    class CancelInProgress {
        @Test
        void trueOnADeployGroupIsAnError() {
            String prod = LintFixtures.read(PROD).replace("cancel-in-progress: false", "cancel-in-progress: true");
            List<LintFinding> f = rule(lint(with(pipeline(), PROD, prod)), "deploy-cancel-in-progress");
            assertThat(f).singleElement().satisfies(x -> {
                assertThat(x.location()).isEqualTo(PROD + ":17");
                assertThat(x.severity()).isEqualTo(Severity.ERROR);
            });
        }

        @Test
        void anExpressionThatCanBeTrueIsAWarning() {
            String prod = LintFixtures.read(PROD).replace("cancel-in-progress: false",
                    "cancel-in-progress: ${{ github.event_name == 'workflow_dispatch' }}");
            assertThat(rule(lint(with(pipeline(), PROD, prod)), "deploy-cancel-in-progress"))
                    .singleElement().satisfies(x -> assertThat(x.severity()).isEqualTo(Severity.WARNING));
        }

        @Test
        void cancellingCiRunsIsFine() {
            assertThat(rule(lint(W, """
                    on: pull_request
                    concurrency:
                      group: ci-${{ github.head_ref || github.run_id }}
                      cancel-in-progress: true
                    jobs:
                      test:
                        runs-on: ubuntu-latest
                        steps: [{run: make test}]
                    """), "deploy-cancel-in-progress")).isEmpty();
        }
    }

    @Nested
    class QueueSingle {
        @Test
        void explicitQueueSingleOrMaxIsAccepted() {
            String single = LintFixtures.read(PROD).replace("cancel-in-progress: false", "cancel-in-progress: false\n  queue: single");
            assertThat(rule(lint(with(pipeline(), PROD, single)), "deploy-queue-single")).extracting(LintFinding::file)
                    .doesNotContain(PROD);
            String max = LintFixtures.read(PROD).replace("cancel-in-progress: false", "cancel-in-progress: false\n  queue: max");
            assertThat(rule(lint(with(pipeline(), PROD, max)), "deploy-queue-single")).extracting(LintFinding::file)
                    .doesNotContain(PROD);
        }

        @Test
        void mentionsOtherWorkflowsSharingTheGroup() {
            String hotfix = """
                    on: workflow_dispatch
                    jobs:
                      deploy:
                        runs-on: ubuntu-latest
                        environment: production
                        concurrency:
                          group: deploy-production
                          queue: single
                        steps: [{run: ./deploy.sh}]
                    """;
            List<LintFinding> f = rule(lint(with(pipeline(), ".github/workflows/hotfix.yml", hotfix)), "deploy-queue-single");
            assertThat(f).filteredOn(x -> x.file().equals(PROD)).singleElement()
                    .satisfies(x -> assertThat(x.message()).contains("group also used by hotfix.yml"));
        }
    }

    @Nested
    class QueueMaxCancel {
        @Test
        void literalCombinationIsTheValidationError() {
            List<LintFinding> f = lint(W, """
                    on: push
                    concurrency:
                      group: deploy-production
                      cancel-in-progress: true
                      queue: max
                    jobs:
                      deploy:
                        runs-on: ubuntu-latest
                        steps: [{run: ./deploy.sh}]
                    """);
            assertThat(f).singleElement().satisfies(x -> {
                assertThat(x.rule()).isEqualTo("queue-max-cancel");
                assertThat(x.location()).isEqualTo(W + ":4");
                assertThat(x.message()).isEqualTo("concurrency: 'queue: max' cannot be combined with 'cancel-in-progress: true'");
            });
        }

        @Test
        void expressionThatCanBeTrue() {
            List<LintFinding> f = rule(lint(W, """
                    on: [push, workflow_dispatch]
                    concurrency:
                      group: deploy-production
                      cancel-in-progress: ${{ github.event_name == 'push' }}
                      queue: max
                    jobs:
                      deploy:
                        runs-on: ubuntu-latest
                        steps: [{run: ./deploy.sh}]
                    """), "queue-max-cancel");
            assertThat(f).singleElement().satisfies(x -> assertThat(x.location()).isEqualTo(W + ":4"));
        }

        @Test
        void queueMaxAloneIsFine() {
            assertThat(lint(W, """
                    on: push
                    concurrency:
                      group: deploy-production
                      cancel-in-progress: false
                      queue: max
                    """ + DEPLOY_JOB)).isEmpty();
        }
    }

    @Nested
    class GroupVariesPerRun {
        @Test
        void workflowAndRefGroupOnAProductionDeploy() {
            List<LintFinding> f = rule(lint(W, """
                    on:
                      push:
                        branches: [main]
                      workflow_dispatch:
                    concurrency:
                      group: ${{ github.workflow }}-${{ github.ref }}
                    """ + DEPLOY_JOB), "group-varies-per-run");
            assertThat(f).singleElement().satisfies(x -> {
                assertThat(x.location()).isEqualTo(W + ":6");
                assertThat(x.message()).contains("github.ref", "production");
            });
        }

        @Test
        void runIdFallbackNeverSerializes() {
            List<LintFinding> f = rule(lint(W, """
                    on:
                      push:
                        branches: [main]
                    jobs:
                      deploy:
                        runs-on: ubuntu-latest
                        environment: production
                        concurrency: deploy-${{ github.head_ref || github.run_id }}
                        steps: [{run: ./deploy.sh}]
                    """), "group-varies-per-run");
            assertThat(f).singleElement().satisfies(x -> assertThat(x.message()).contains("github.run_id"));
        }

        @Test
        void refIsConstantForPushToOneBranch() {
            assertThat(rule(lint(W, """
                    on:
                      push:
                        branches: [main]
                    concurrency: deploy-${{ github.ref }}
                    """ + DEPLOY_JOB), "group-varies-per-run")).isEmpty();
        }

        @Test
        void previewEnvironmentsPerBranchAreFine() {
            assertThat(rule(lint(W, """
                    on: pull_request
                    concurrency: preview-${{ github.head_ref }}
                    jobs:
                      deploy:
                        runs-on: ubuntu-latest
                        environment: preview-${{ github.head_ref }}
                        steps: [{run: ./deploy-preview.sh}]
                    """), "group-varies-per-run")).isEmpty();
        }

        @Test
        void aStaticGroupBesideItIsEnough() {
            assertThat(rule(lint(W, """
                    on: workflow_dispatch
                    concurrency: deploy-production
                    jobs:
                      deploy:
                        runs-on: ubuntu-latest
                        environment: production
                        concurrency: notify-${{ github.run_id }}
                        steps: [{run: ./deploy.sh}]
                    """), "group-varies-per-run")).isEmpty();
        }
    }

    @Nested
    class SelfWait {
        @Test
        void jobGroupEqualToItsWorkflowGroup() {
            List<LintFinding> f = rule(lint(W, """
                    on: workflow_dispatch
                    concurrency: deploy-production
                    jobs:
                      deploy:
                        runs-on: ubuntu-latest
                        environment: production
                        concurrency:
                          group: Deploy-Production
                          queue: max
                        steps: [{run: ./deploy.sh}]
                    """), "group-self-wait");
            assertThat(f).singleElement().satisfies(x -> {
                assertThat(x.location()).isEqualTo(W + ":7");
                assertThat(x.message()).contains("line 2");
            });
        }

        @Test
        void differentGroupsAreFine() {
            assertThat(rule(lint(W, """
                    on: workflow_dispatch
                    concurrency: deploy-production
                    jobs:
                      migrate:
                        runs-on: ubuntu-latest
                        concurrency: db-migrations
                        steps: [{run: ./migrate.sh}]
                    """), "group-self-wait")).isEmpty();
        }
    }

    @Nested
    class ContextNotAllowed {
        @Test
        void matrixAndEnvAtWorkflowLevel() {
            List<LintFinding> f = rule(lint(W, """
                    on: push
                    env:
                      STAGE: prod
                    concurrency:
                      group: deploy-${{ env.STAGE }}-${{ matrix.region }}
                    jobs:
                      deploy:
                        runs-on: ubuntu-latest
                        strategy:
                          matrix:
                            region: [us-east-1]
                        steps: [{run: ./deploy.sh}]
                    """), "context-not-allowed");
            assertThat(f).singleElement().satisfies(x -> {
                assertThat(x.location()).isEqualTo(W + ":4");
                assertThat(x.message()).contains("'env', 'matrix'", "allowed: github, inputs, vars");
                assertThat(x.fix()).contains("Move the concurrency block to the job");
            });
        }

        @Test
        void jobIfAndEnvironment() {
            List<LintFinding> f = rule(lint(W, """
                    on: push
                    jobs:
                      deploy:
                        if: env.DEPLOY == 'true'
                        runs-on: ubuntu-latest
                        environment: ${{ steps.pick.outputs.env }}
                        concurrency: deploy
                        steps: [{run: ./deploy.sh}]
                    """), "context-not-allowed");
            assertThat(f).extracting(LintFinding::location).containsExactly(W + ":4", W + ":6");
        }

        @Test
        void matrixAndNeedsAtJobLevelAreAllowed() {
            assertThat(rule(lint(W, """
                    on: push
                    jobs:
                      plan:
                        runs-on: ubuntu-latest
                        steps: [{run: echo}]
                      deploy:
                        needs: plan
                        if: needs.plan.result == 'success' && github.ref == 'refs/heads/main'
                        runs-on: ubuntu-latest
                        strategy:
                          matrix:
                            env: [dev]
                        environment: ${{ matrix.env }}
                        concurrency: deploy-${{ matrix.env }}-${{ needs.plan.outputs.stack }}
                        steps: [{run: ./deploy.sh}]
                    """), "context-not-allowed")).isEmpty();
        }
    }

    @Nested
    class Terraform {
        private static final String JOB = """
                on: workflow_dispatch
                concurrency: deploy-staging
                jobs:
                  apply:
                    runs-on: ubuntu-latest
                    steps:
                      - uses: actions/checkout@v4
                      - name: Apply
                        run: |
                          terraform init -backend-config=backend-staging.hcl
                          %s
                """;

        @Test
        void applyWithoutLockTimeoutPointsAtTheCommandLine() {
            List<LintFinding> f = rule(lint(W, JOB.formatted("terraform apply -auto-approve")), "tf-no-lock-timeout");
            assertThat(f).singleElement().satisfies(x -> {
                assertThat(x.location()).isEqualTo(W + ":11");
                assertThat(x.severity()).isEqualTo(Severity.WARNING);
                assertThat(x.message()).contains("step 'Apply'", "'terraform apply' without -lock-timeout");
            });
        }

        @Test
        void tofuAndZeroTimeoutAndDestroy() {
            assertThat(rule(lint(W, JOB.formatted("tofu apply -auto-approve")), "tf-no-lock-timeout")).hasSize(1);
            assertThat(rule(lint(W, JOB.formatted("terraform apply -lock-timeout=0s -auto-approve")), "tf-no-lock-timeout"))
                    .singleElement().satisfies(x -> assertThat(x.message()).contains("-lock-timeout=0s"));
            assertThat(rule(lint(W, JOB.formatted("cd stacks/api && terraform destroy -auto-approve")), "tf-no-lock-timeout")).hasSize(1);
        }

        @Test
        void timeoutGivenInAnyForm() {
            assertThat(rule(lint(W, JOB.formatted("terraform apply -auto-approve -lock-timeout=5m")), "tf-no-lock-timeout")).isEmpty();
            assertThat(rule(lint(W, JOB.formatted("terraform -chdir=infra apply -lock-timeout 300s")), "tf-no-lock-timeout")).isEmpty();
            assertThat(rule(lint(W, JOB.formatted("TF_CLI_ARGS_apply=-lock-timeout=5m terraform apply")), "tf-no-lock-timeout")).isEmpty();
            String env = JOB.formatted("terraform apply -auto-approve").replace("    runs-on: ubuntu-latest",
                    "    runs-on: ubuntu-latest\n    env:\n      TF_CLI_ARGS_apply: -lock-timeout=10m");
            assertThat(rule(lint(W, env), "tf-no-lock-timeout")).isEmpty();
            // deploy-dev.yml: the flag on a continuation line
            assertThat(rule(lint(pipeline()), "tf-no-lock-timeout")).isEmpty();
        }

        @Test
        void planAndMentionsAreNotApplies() {
            assertThat(rule(lint(W, JOB.formatted("terraform plan -out=tfplan")), "tf-no-lock-timeout")).isEmpty();
            assertThat(rule(lint(W, JOB.formatted("echo 'run terraform apply next'  # terraform apply")), "tf-no-lock-timeout")).isEmpty();
        }

        @Test
        void lockFalseOnApplyIsAnError() {
            List<LintFinding> f = rule(lint(W, JOB.formatted("terraform apply -auto-approve -lock=false")), "tf-lock-disabled");
            assertThat(f).singleElement().satisfies(x -> {
                assertThat(x.severity()).isEqualTo(Severity.ERROR);
                assertThat(x.location()).isEqualTo(W + ":11");
            });
            assertThat(rule(lint(W, JOB.formatted("terraform state rm -lock=false aws_instance.x")), "tf-lock-disabled")).hasSize(1);
        }

        @Test
        void lockFalseOnPlanIsTolerated() {
            assertThat(rule(lint(W, JOB.formatted("terraform plan -lock=false")), "tf-lock-disabled")).isEmpty();
        }
    }

    @Nested
    class Backends {
        private static final String BASE = "bucket = \"acme-tfstate\"\nkey    = \"prod/terraform.tfstate\"\nregion = \"us-east-1\"\n";

        @Test
        void noLockingAtAll() {
            assertThat(lint("infra/backend-prod.hcl", BASE)).singleElement().satisfies(x -> {
                assertThat(x.rule()).isEqualTo("backend-no-lockfile");
                assertThat(x.location()).isEqualTo("infra/backend-prod.hcl:1");
                assertThat(x.message()).contains("s3://acme-tfstate/prod/terraform.tfstate");
            });
            assertThat(lint("infra/backend-prod.hcl", BASE + "use_lockfile = false\n")).singleElement()
                    .satisfies(x -> assertThat(x.location()).isEqualTo("infra/backend-prod.hcl:4"));
        }

        @Test
        void dynamodbOnly() {
            assertThat(lint("infra/backend-prod.hcl", BASE + "# legacy\ndynamodb_table = \"tf-locks\"\n")).singleElement()
                    .satisfies(x -> {
                        assertThat(x.rule()).isEqualTo("backend-dynamodb-only");
                        assertThat(x.severity()).isEqualTo(Severity.WARNING);
                        assertThat(x.location()).isEqualTo("infra/backend-prod.hcl:5");
                    });
        }

        @Test
        void lockfileOrBothDuringMigration() {
            assertThat(lint("infra/backend-prod.hcl", BASE + "use_lockfile = true\n")).isEmpty();
            assertThat(lint("infra/backend-prod.hcl", BASE + "use_lockfile = true\ndynamodb_table = \"tf-locks\"\n")).isEmpty();
        }

        @Test
        void malformedBackendAndWorkflowFilesAreFindings() {
            assertThat(lint("infra/backend-prod.hcl", "bucket = \"x\nkey = \"y\"\n")).singleElement().satisfies(x -> {
                assertThat(x.rule()).isEqualTo("backend-invalid");
                assertThat(x.location()).isEqualTo("infra/backend-prod.hcl:1");
            });
            assertThat(lint(W, "on: push\njobs:\n  a: [\n")).singleElement().satisfies(x -> {
                assertThat(x.rule()).isEqualTo("workflow-invalid");
                assertThat(x.message()).startsWith("invalid YAML");
                assertThat(x.line()).isGreaterThan(0);
            });
        }
    }

    @Test
    void findingsAreSortedAndStable() {
        Map<String, String> files = with(pipeline(), ".github/workflows/a.yml", """
                on: push
                jobs:
                  deploy:
                    runs-on: ubuntu-latest
                    environment: qa
                    steps: [{run: terraform apply}]
                """);
        List<LintFinding> a = lint(files);
        assertThat(a).isEqualTo(lint(files));
        assertThat(a.get(0).file()).isEqualTo(".github/workflows/a.yml");
        assertThat(a).extracting(LintFinding::rule).contains("deploy-without-group", "tf-no-lock-timeout");
    }
}
