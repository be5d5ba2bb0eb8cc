package dev.baton.lint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RepoLoaderTest {
    @TempDir
    Path repo;

    private void write(String path, String text) throws IOException {
        Path p = repo.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    @Test
    void readsWorkflowsAndBackendsOfACheckout() throws IOException {
        for (Map.Entry<String, String> f : LintFixtures.pipeline().entrySet()) write(f.getKey(), f.getValue());
        write(".github/workflows/README.md", "not a workflow");
        write(".github/workflows/nested/ignored.yml", "this: [is not read");
        write(".github/dependabot.yml", "version: 2\n");
        write("infrastructure/terraform/.terraform/terraform.tfstate", "{}");
        write("infrastructure/terraform/.terraform/modules/x/backend.hcl", "bucket = \"ignored\"\nkey = \"k\"\n");
        write("stacks/api/main.tf", """
                locals {
                  tags = merge(
                    var.tags,
                    { stack = "api" },
                  )
                }

                terraform {
                  backend "s3" {
                    bucket         = "acme-tfstate"
                    key            = "api/terraform.tfstate"
                    dynamodb_table = "tf-locks"
                  }
                }
                """);
        write("stacks/api/terragrunt.hcl", "include \"root\" {\n  path = find_in_parent_folders()\n}\n");
        write("stacks/broken/backend-qa.hcl", "bucket = \"b\"\nkey = \n");

        LintInput in = RepoLoader.load(repo);
        assertThat(in.workflows()).extracting(w -> w.path()).containsExactly(
                ".github/workflows/build-and-promote.yml", ".github/workflows/deploy-dev.yml", ".github/workflows/deploy-prod.yml");
        assertThat(in.backends()).extracting(b -> b.file()).containsExactlyInAnyOrder(
                "infrastructure/terraform/backend-dev.hcl", "infrastructure/terraform/backend-preprod.hcl",
                "infrastructure/terraform/backend-prod.hcl", "stacks/api/main.tf");
        assertThat(in.backends()).filteredOn(b -> b.file().endsWith("main.tf")).singleElement()
                .satisfies(b -> assertThat(b.line()).isEqualTo(9));
        assertThat(in.problems()).singleElement().satisfies(p -> {
            assertThat(p.rule()).isEqualTo("backend-invalid");
            assertThat(p.location()).isEqualTo("stacks/broken/backend-qa.hcl:2");
        });

        assertThat(Linter.lint(in)).extracting(LintFinding::rule).containsExactlyInAnyOrder(
                "deploy-queue-single", "deploy-queue-single", "deploy-queue-single", "backend-dynamodb-only", "backend-invalid");
    }

    @Test
    void aWorkflowsFolderOrASingleFile() throws IOException {
        write(".github/workflows/deploy-prod.yml", LintFixtures.read(LintFixtures.PROD));
        assertThat(RepoLoader.load(repo.resolve(".github/workflows")).workflows()).singleElement()
                .satisfies(w -> assertThat(w.path()).isEqualTo("deploy-prod.yml"));
        assertThat(RepoLoader.load(repo.resolve(".github/workflows/deploy-prod.yml")).workflows()).hasSize(1);
        assertThatThrownBy(() -> RepoLoader.load(repo.resolve("nope"))).hasMessageContaining("no such file or folder");
    }

    @Test
    void filesFetchedThroughTheApi() {
        LintInput in = RepoLoader.fromFiles(Map.of(
                ".github/workflows/deploy-prod.yml", LintFixtures.read(LintFixtures.PROD),
                "config/settings.yml", "not: a workflow",
                "infrastructure/terraform/backend-prod.hcl", LintFixtures.read("infrastructure/terraform/backend-prod.hcl")));
        assertThat(in.workflows()).hasSize(1);
        assertThat(in.backends()).hasSize(1);
        assertThat(in.problems()).isEmpty();
    }

    /** Issue 7: linting the sandbox's default repository explains the eviction risk of deploy-production. */
    @Test
    void theSandboxDefaultRepositoryExplainsEvictionOfDeployProduction() {
        List<LintFinding> findings = Linter.lint(RepoLoader.load(Path.of("src/main/resources/sandbox/repo")));
        assertThat(Linter.hasErrors(findings)).isFalse();
        assertThat(findings).filteredOn(f -> f.file().equals(".github/workflows/deploy-prod.yml")).singleElement()
                .satisfies(f -> {
                    assertThat(f.rule()).isEqualTo("deploy-queue-single");
                    assertThat(f.message()).contains("'deploy-production'", "B is cancelled", "production / production-auto");
                    assertThat(f.fix()).contains("queue: max");
                });
    }
}
