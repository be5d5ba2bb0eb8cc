package dev.baton.lint;

import dev.baton.workflow.BackendConfig;
import dev.baton.workflow.BackendParser;
import dev.baton.workflow.InputLimits;
import dev.baton.workflow.WorkflowException;
import dev.baton.workflow.WorkflowParser;
import dev.baton.workflow.WorkflowSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what lint needs from a checkout: .github/workflows/*.yml|yaml (GitHub reads only that folder,
 * not below it), and Terraform backend settings from **&#47;*.hcl, *.tfbackend and backend blocks in *.tf.
 * Files that cannot be parsed become findings instead of failing the whole run.
 */
public final class RepoLoader {
    private static final Set<String> SKIP_DIRS = Set.of(".git", ".terraform", "node_modules", "target", "vendor", ".venv", "build");
    private static final Pattern TERRAFORM_BLOCK = Pattern.compile("(?m)^\\s*terraform\\s*\\{");

    private RepoLoader() {
    }

    /** root: a repository checkout, its .github/workflows folder, or a single workflow / backend file. */
    public static LintInput load(Path root) {
        if (!Files.exists(root)) throw new IllegalArgumentException("no such file or folder: " + root);
        Map<String, String> files = new TreeMap<>();
        try {
            if (Files.isRegularFile(root)) {
                files.put(root.getFileName().toString(), read(root));
                return fromFiles(files, true);
            }
            Path workflows = root.resolve(".github/workflows");
            boolean workflowsFolder = !Files.isDirectory(workflows) && root.getFileName() != null
                    && root.getFileName().toString().equals("workflows");
            if (workflowsFolder) workflows = root;
            if (Files.isDirectory(workflows)) {
                try (var list = Files.list(workflows)) {
                    for (Path p : (Iterable<Path>) list.sorted()::iterator) {
                        String name = p.getFileName().toString();
                        if (Files.isRegularFile(p) && (name.endsWith(".yml") || name.endsWith(".yaml"))) {
                            files.put(relative(root, p), read(p));
                        }
                    }
                }
            }
            if (!workflowsFolder) {
                Files.walkFileTree(root, Set.of(), 16, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                        return !dir.equals(root) && SKIP_DIRS.contains(dir.getFileName().toString())
                                ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                        String name = file.getFileName().toString();
                        if (attrs.isRegularFile() && attrs.size() <= InputLimits.MAX_FILE
                                && (name.endsWith(".hcl") || name.endsWith(".tfbackend") || name.endsWith(".tf"))) {
                            files.put(relative(root, file), read(file));
                        }
                        return FileVisitResult.CONTINUE;
                    }
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + root + ": " + e.getMessage(), e);
        }
        return fromFiles(files, false);
    }

    /**
     * Parses files already in memory (e.g. fetched through the contents API): path -> text, paths
     * relative to the repository root. Workflows are the .yml/.yaml files under .github/workflows/.
     */
    public static LintInput fromFiles(Map<String, String> files) {
        return fromFiles(files, false);
    }

    private static LintInput fromFiles(Map<String, String> files, boolean anyYaml) {
        List<WorkflowSpec> workflows = new ArrayList<>();
        List<BackendConfig> backends = new ArrayList<>();
        List<LintFinding> problems = new ArrayList<>();
        int workflowFiles = 0;
        for (Map.Entry<String, String> f : new TreeMap<>(files).entrySet()) {
            String path = f.getKey();
            String text = f.getValue();
            boolean yaml = path.endsWith(".yml") || path.endsWith(".yaml");
            if (yaml && (anyYaml || path.startsWith(".github/workflows/") || !path.contains("/"))) {
                workflowFiles++;
                try {
                    workflows.add(WorkflowParser.parse(path, text));
                } catch (WorkflowException e) {
                    if (InputLimits.CODE.equals(e.code())) throw e; // a refusal: the file is not linted at all
                    LintRule rule = WorkflowParser.QUEUE_MAX_CANCEL.equals(e.code()) ? LintRule.QUEUE_MAX_CANCEL : LintRule.WORKFLOW_INVALID;
                    problems.add(rule.at(path, e.line(), e.reason(), rule == LintRule.QUEUE_MAX_CANCEL
                            ? "Drop cancel-in-progress (queue: max never cancels the running member), or use queue: single."
                            : "Fix the file; GitHub shows the same problem on the workflow's page and does not run it."));
                }
            } else if (path.endsWith(".hcl") || path.endsWith(".tfbackend")) {
                try {
                    BackendConfig b = BackendParser.parseIfBackend(path, text, null);
                    if (b != null) backends.add(b);
                } catch (WorkflowException e) {
                    if (InputLimits.CODE.equals(e.code())) throw e;
                    problems.add(LintRule.BACKEND_INVALID.at(path, e.line(), e.reason(), "Fix the file; terraform init would fail on it too."));
                }
            } else if (path.endsWith(".tf") && text.contains("backend")) {
                BackendConfig b = fromTerraform(path, text);
                if (b != null) backends.add(b);
            }
        }
        return new LintInput(workflows, backends, files, problems, workflowFiles);
    }

    /**
     * A .tf file may hold any Terraform; only its terraform { } block is read (padded so lines stay
     * right). Syntax this reader does not know is left to terraform validate, not reported.
     */
    private static BackendConfig fromTerraform(String path, String text) {
        Matcher m = TERRAFORM_BLOCK.matcher(text);
        while (m.find()) {
            int open = text.indexOf('{', m.start());
            int close = matchingBrace(text, open);
            if (close < 0) return null;
            String prefix = text.substring(0, m.start()).replaceAll("[^\n]", "");
            try {
                BackendConfig b = BackendParser.parseIfBackend(path, prefix + text.substring(m.start(), close + 1), null);
                if (b != null) return b;
            } catch (WorkflowException e) {
                return null;
            }
        }
        return null;
    }

    private static int matchingBrace(String text, int open) {
        int depth = 0;
        boolean quoted = false;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' && (i == 0 || text.charAt(i - 1) != '\\')) quoted = !quoted;
            if (quoted) continue;
            if (c == '{') depth++;
            if (c == '}' && --depth == 0) return i;
        }
        return -1;
    }

    private static String relative(Path root, Path p) {
        return root.relativize(p).toString().replace('\\', '/');
    }

    /** A workflow over {@link InputLimits} is refused (InputLimits.TooLarge), not read: lint stops with one line. */
    private static String read(Path p) throws IOException {
        long size = Files.size(p);
        InputLimits.checkSize(p.toString(), size, "a workflow file");
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (MalformedInputException e) {
            return new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
        }
    }
}
