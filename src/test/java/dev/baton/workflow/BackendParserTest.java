package dev.baton.workflow;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackendParserTest {
    @Test
    void flatBackendConfigFileFromThePipeline() {
        String file = "infrastructure/terraform/backend-prod.hcl";
        BackendConfig c = BackendParser.parse(file, Fixtures.read("workflows/pipeline/" + file), null);
        assertThat(c.environment()).isEqualTo("prod");
        assertThat(c.bucket()).isEqualTo("sentiment-analyzer-terraform-state-218795110243");
        assertThat(c.key()).isEqualTo("prod/terraform.tfstate");
        assertThat(c.region()).isEqualTo("us-east-1");
        assertThat(c.useLockfile()).isTrue();
        assertThat(c.dynamodbTable()).isNull();
        assertThat(c.workspaceKeyPrefix()).isEqualTo("env:");
        assertThat(c.line()).isEqualTo(2);
        assertThat(c.lockKey(null)).isEqualTo("prod/terraform.tfstate.tflock");
        assertThat(c.lockKey("staging")).isEqualTo("env:/staging/prod/terraform.tfstate.tflock");
    }

    @Test
    void terraformBlockWithCommentsOfEveryKind() {
        String tf = """
                /* State for the payments stack.
                   Locks: DynamoDB until the migration to S3 lock files is done. */
                terraform {
                  required_version = ">= 1.10"
                  required_providers {
                    aws = {
                      source  = "hashicorp/aws"
                      version = "~> 5.0"
                    }
                  }
                  backend "s3" {
                    bucket               = "acme-tfstate" # shared bucket
                    key                  = "payments/terraform.tfstate"
                    region               = "eu-west-1"
                    dynamodb_table       = "terraform-locks" // legacy
                    workspace_key_prefix = "workspaces"
                    assume_role = {
                      role_arn = "arn:aws:iam::123456789012:role/tf"
                    }
                  }
                }

                provider "aws" {
                  region = var.region
                }
                """;
        BackendConfig c = BackendParser.parse("stacks/payments/main.tf", tf, "payments");
        assertThat(c.environment()).isEqualTo("payments");
        assertThat(c.bucket()).isEqualTo("acme-tfstate");
        assertThat(c.useLockfile()).isFalse();
        assertThat(c.dynamodbTable()).isEqualTo("terraform-locks");
        assertThat(c.workspaceKeyPrefix()).isEqualTo("workspaces");
        assertThat(c.line()).isEqualTo(11);
        assertThat(c.lockKey("blue")).isEqualTo("workspaces/blue/payments/terraform.tfstate.tflock");
    }

    @Test
    void environmentFromFileName() {
        assertThat(BackendParser.environmentFromName("infra/backend-preprod.hcl")).isEqualTo("preprod");
        assertThat(BackendParser.environmentFromName("prod.s3.tfbackend")).isEqualTo("prod");
        assertThat(BackendParser.environmentFromName("config/staging-backend.hcl")).isEqualTo("staging");
        assertThat(BackendParser.environmentFromName("backend.hcl")).isNull();
        assertThat(BackendParser.environmentFromName("main.tf")).isNull();
    }

    @Test
    void quotedBoolAndOneLineBlock() {
        BackendConfig c = BackendParser.parse("backend.tf",
                "terraform {\n  backend \"s3\" {\n    bucket = \"b\"\n    key = \"k\"\n    use_lockfile = \"true\"\n  }\n}\n", null);
        assertThat(c.useLockfile()).isTrue();
        assertThat(c.environment()).isNull();
        assertThatThrownBy(() -> BackendParser.parse("backend.tf", "terraform { backend \"s3\" { bucket = \"b\" } }", null))
                .hasMessage("backend.tf:1: S3 backend without 'key'");
    }

    @Test
    void filesWithoutAnS3BackendAreSkippedOrRejected() {
        assertThat(BackendParser.parseIfBackend("terragrunt.hcl", "include \"root\" {\n  path = find_in_parent_folders()\n}\n", null)).isNull();
        assertThat(BackendParser.parseIfBackend("main.tf", "terraform {\n  backend \"gcs\" {\n    bucket = \"x\"\n  }\n}\n", null)).isNull();
        assertThatThrownBy(() -> BackendParser.parse("x.hcl", "region = \"us-east-1\"\n", null))
                .hasMessageContaining("x.hcl:1: no S3 backend settings");
        BackendConfig partial = BackendParser.parseIfBackend("main.tf", "terraform {\n  backend \"s3\" {}\n}\n", null);
        assertThat(partial.bucket()).isNull();
        assertThat(partial.line()).isEqualTo(2);
    }

    @Test
    void malformedFilesNameTheLine() {
        assertThatThrownBy(() -> BackendParser.parse("backend-dev.hcl", "bucket = \"b\"\nkey = \"unterminated\n", null))
                .isInstanceOf(WorkflowException.class).hasMessage("backend-dev.hcl:2: unterminated string");
        assertThatThrownBy(() -> BackendParser.parse("backend-dev.hcl", "bucket = \"b\"\nkey \"k\"\n", null))
                .hasMessage("backend-dev.hcl:2: expected '=' or '{' after 'key'");
        assertThatThrownBy(() -> BackendParser.parse("backend-dev.hcl", "bucket = \"b\"\nkey = \"k\"\nuse_lockfile = yes\n", null))
                .hasMessage("backend-dev.hcl:3: 'use_lockfile' must be true or false");
        assertThatThrownBy(() -> BackendParser.parse("main.tf", "terraform {\n  backend \"s3\" {\n    bucket = \"b\"\n", null))
                .hasMessageContaining("main.tf:4: missing '}'");
        assertThatThrownBy(() -> BackendParser.parse("backend-dev.hcl", "bucket = \"a\"\nbucket = \"b\"\nkey = \"k\"\n", null))
                .hasMessage("backend-dev.hcl:2: 'bucket' is set twice (first at line 1)");
        assertThatThrownBy(() -> BackendParser.parse("backend-dev.hcl", "key = \"k\"\n", null))
                .hasMessage("backend-dev.hcl:1: S3 backend without 'bucket'");
        assertThatThrownBy(() -> BackendParser.parse("backend-dev.hcl", "/* open\nbucket = \"b\"\n", null))
                .hasMessage("backend-dev.hcl:1: unterminated /* comment");
        assertThatThrownBy(() -> BackendParser.parse("backend-dev.hcl", "bucket = \"b\" key = \"k\"\n", null))
                .hasMessageStartingWith("backend-dev.hcl:1: unexpected text after value");
    }
}
