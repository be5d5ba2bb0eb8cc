package dev.baton.command;

import dev.baton.github.GitHubPort;
import dev.baton.workflow.JobSpec;
import dev.baton.workflow.StepSpec;
import dev.baton.workflow.TerraformCommands;
import dev.baton.workflow.WorkflowException;
import dev.baton.workflow.WorkflowParser;
import dev.baton.workflow.WorkflowSpec;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A repository's workflow files and Terraform backend files through the contents API, i.e. what lint and
 * simulate read from a checkout, without one. Backend folders: the configured backend_dirs (else
 * infrastructure/terraform, as {@link RepoTopology}) plus every working-directory / -chdir= of a step that
 * runs terraform or tofu, since that is where -backend-config= files are resolved.
 */
final class RepoFiles {
    static final String WORKFLOWS = ".github/workflows";

    private RepoFiles() {
    }

    /** path -> text of .github/workflows/*.yml|yaml and the backend folders' *.hcl, *.tfbackend and *.tf with a backend. */
    static Map<String, String> fetch(GitHubPort github, List<String> configuredBackendDirs) {
        Map<String, String> files = new TreeMap<>();
        files.putAll(github.files(WORKFLOWS, ".yml"));
        files.putAll(github.files(WORKFLOWS, ".yaml"));
        Set<String> dirs = new LinkedHashSet<>(configuredBackendDirs == null || configuredBackendDirs.isEmpty()
                ? List.of(RepoTopology.DEFAULT_BACKEND_DIR) : configuredBackendDirs);
        dirs.addAll(terraformDirs(files));
        for (String dir : dirs) {
            files.putAll(github.files(dir, ".hcl"));
            files.putAll(github.files(dir, ".tfbackend"));
            github.files(dir, ".tf").forEach((path, text) -> {
                if (text.contains("backend")) files.put(path, text);
            });
        }
        return files;
    }

    /** Folders in which workflow steps run terraform/tofu (unreadable workflows are lint's to report, not ours). */
    static Set<String> terraformDirs(Map<String, String> files) {
        Set<String> dirs = new LinkedHashSet<>();
        files.forEach((path, text) -> {
            if (!path.startsWith(WORKFLOWS + "/")) return;
            WorkflowSpec spec;
            try {
                spec = WorkflowParser.parse(path, text);
            } catch (WorkflowException | IllegalArgumentException e) {
                return;
            }
            for (JobSpec job : spec.jobs()) {
                for (StepSpec step : job.steps()) {
                    String base = clean(step.workingDirectory());
                    for (TerraformCommands.Command c : TerraformCommands.parse(step.run())) {
                        dirs.add(c.chdir() == null ? base : join(base, clean(c.chdir())));
                    }
                }
            }
        });
        dirs.removeIf(d -> d.isEmpty() || d.contains("${{") || d.contains("$") || d.contains(".."));
        return dirs;
    }

    private static String clean(String dir) {
        if (dir == null) return "";
        String d = dir.strip();
        while (d.startsWith("./")) d = d.substring(2);
        while (d.endsWith("/")) d = d.substring(0, d.length() - 1);
        return d.equals(".") ? "" : d;
    }

    private static String join(String base, String dir) {
        if (dir.startsWith("/")) return "";
        return base.isEmpty() ? dir : dir.isEmpty() ? base : base + "/" + dir;
    }
}
