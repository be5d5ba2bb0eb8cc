package dev.baton.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.github.GitHubClient;
import dev.baton.github.GitHubSettings;
import dev.baton.lint.LintFinding;
import dev.baton.lint.LintInput;
import dev.baton.lint.LintReport;
import dev.baton.lint.Linter;
import dev.baton.lint.RepoLoader;
import dev.baton.model.RepoRef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Concurrency and locking lint (docs/lint.md) of a checkout or of a repository through the API. Read-only:
 * it only reads files. Exit 1 when an error-level finding exists, so CI can gate on it.
 */
@Command(name = "lint", description = "Check workflows and Terraform backends for concurrency and locking risks")
final class LintCommand extends BaseCommand {
    enum Format { text, json, sarif }

    @Parameters(index = "0", arity = "0..1", paramLabel = "PATH",
            description = "a checkout, its .github/workflows folder, or one file (default: the current folder if it has "
                    + ".github/workflows, else the configured repository through the API)")
    Path path;
    @Option(names = "--repo", paramLabel = "OWNER/NAME", description = "lint a repository on GitHub through the contents API")
    String repo;
    @Option(names = "--format", description = "text, json or sarif (SARIF 2.1.0 for GitHub code scanning); overrides -o")
    Format format;

    /** What was linted, for the header line and the JSON. */
    record Source(String label, LintInput input) {
    }

    @Override
    protected boolean json() {
        if (format == Format.json) return true;
        if (format == Format.text) return false;
        return super.json(); // sarif: pretty text, or one line under --json
    }

    @Override
    protected Result execute() throws IOException {
        Source source = load();
        List<LintFinding> findings = Linter.lint(source.input());
        int code = Linter.hasErrors(findings) ? Exit.CHECK_FAILED : Exit.OK;
        String summary = "lint " + source.label() + ": " + LintReport.summary(findings);
        if (format == Format.sarif) {
            String sarif = LintReport.sarif(findings);
            return new Result(code, json() ? summary : sarif.stripTrailing(), Json.MAPPER.readTree(sarif)).asReport();
        }
        ObjectNode tree = (ObjectNode) Json.MAPPER.readTree(LintReport.json(findings));
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("source", source.label());
        out.put("workflows", source.input().workflowFiles());
        out.put("invalidWorkflows", source.input().invalidWorkflows());
        out.put("backends", source.input().backends().size());
        out.setAll(tree);
        // under --json the text only reaches stderr on exit 1: one line, not the report again
        return new Result(code, json() ? summary : text(source, findings), (JsonNode) out).asReport();
    }

    /**
     * Readable in a terminal and in the screen's pop-up: a header, then per finding "file:line: severity [rule]
     * message" and its why and fix, wrapped at {@link Text#WRAP} columns under their indent (file:line stays first).
     */
    static String text(Source source, List<LintFinding> findings) {
        StringBuilder sb = new StringBuilder(Text.wrap("lint " + source.label() + " (" + count(source.input().workflowFiles(), "workflow")
                + (source.input().invalidWorkflows() > 0 ? ", " + source.input().invalidWorkflows() + " invalid" : "")
                + ", " + count(source.input().backends().size(), "backend file") + ")", Text.WRAP, "  ")).append('\n');
        for (String line : LintReport.text(findings).stripTrailing().split("\n")) {
            String s = line.stripLeading();
            String indent = line.startsWith(" ") ? line.substring(0, line.length() - s.length()) + " ".repeat(5) : "  ";
            sb.append(Text.wrap(line, Text.WRAP, indent)).append('\n');
        }
        return sb.toString().stripTrailing();
    }

    private static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    private Source load() {
        if (path != null && repo != null) throw new IllegalArgumentException("give PATH or --repo, not both");
        if (path != null) return new Source(path.toString(), RepoLoader.load(path));
        if (repo != null) return remote(RepoRef.parse(repo));
        Path here = Path.of("");
        if (Files.isDirectory(here.resolve(RepoFiles.WORKFLOWS))) return new Source(".", RepoLoader.load(here));
        if (baton.repoConfig() == null) {
            throw new IllegalArgumentException("no .github/workflows in the current folder; pass PATH or --repo OWNER/NAME");
        }
        return remote(baton.repo());
    }

    private Source remote(RepoRef ref) {
        boolean own = baton.repoConfig() != null && baton.repo().toString().equalsIgnoreCase(ref.toString());
        List<String> dirs = own && baton.repoConfig().backendDirs() != null ? baton.repoConfig().backendDirs() : List.of();
        if (own) return new Source(ref.toString(), RepoLoader.fromFiles(RepoFiles.fetch(baton.github(), dirs)));
        GitHubSettings settings = new GitHubSettings(
                Baton.firstNonBlank(baton.repoConfig() == null ? null : baton.repoConfig().apiUrl(), baton.env().get("GITHUB_API_URL")),
                baton.token(), ref, Config.githubCacheDir(baton.env()), Duration.ofSeconds(10));
        try (GitHubClient other = new GitHubClient(settings, baton.sleeper(), baton.scheduler(settings))) {
            return new Source(ref.toString(), RepoLoader.fromFiles(RepoFiles.fetch(other, dirs))); // its cache slot freed after
        }
    }
}
