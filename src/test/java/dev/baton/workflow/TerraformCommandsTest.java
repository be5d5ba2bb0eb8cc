package dev.baton.workflow;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The one Terraform invocation grammar that lint, the layout reader and the sandbox share (issue 11 item 2). */
class TerraformCommandsTest {
    private static List<String> found(String run) {
        return TerraformCommands.parse(run).stream().map(c -> c.invocation() + (c.chdir() == null ? "" : " @" + c.chdir())).toList();
    }

    @Test
    void theToolIsACommandWordNeverAnArgument() {
        assertThat(found("echo terraform apply")).isEmpty();
        assertThat(found("echo \"run terraform apply now\"")).isEmpty();
        assertThat(found("terraform apply -auto-approve")).containsExactly("terraform apply");
        assertThat(found("TF_LOG=debug tofu plan")).containsExactly("tofu plan");
        assertThat(found("sudo -E /usr/local/bin/terraform destroy")).containsExactly("terraform destroy");
    }

    @Test
    void shellStructureIsFollowed() {
        assertThat(found("terraform init && terraform apply\nterraform output | tee out")).containsExactly("terraform init", "terraform apply", "terraform output");
        assertThat(found("if [ -n \"$X\" ]; then terraform apply; else terraform plan; fi")).containsExactly("terraform apply", "terraform plan");
        assertThat(found("(cd infra && terraform apply)")).containsExactly("terraform apply");
        assertThat(found("terraform \\\n  -chdir=infra/prod \\\n  apply")).containsExactly("terraform apply @infra/prod");
        assertThat(found("# terraform apply")).isEmpty();
    }

    @Test
    void globalOptionsAreKeptApartFromTheSubcommand() {
        TerraformCommands.Command c = TerraformCommands.parse("terraform -chdir=\"infra\" apply -lock-timeout=5m").get(0);
        assertThat(c.subcommand()).isEqualTo("apply");
        assertThat(c.chdir()).isEqualTo("infra");
        assertThat(c.lockTimeout()).isEqualTo("5m");
        assertThat(c.globals()).containsExactly("-chdir=\"infra\"");
    }
}
