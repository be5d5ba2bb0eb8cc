package dev.baton.lint;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The reference pipeline (deployment-concurrency.md) as files, plus helpers to lint variations of it. */
final class LintFixtures {
    static final String DEV = ".github/workflows/deploy-dev.yml";
    static final String PREPROD = ".github/workflows/build-and-promote.yml";
    static final String PROD = ".github/workflows/deploy-prod.yml";

    private LintFixtures() {
    }

    static String read(String path) {
        try (InputStream in = LintFixtures.class.getResourceAsStream("/workflows/pipeline/" + path)) {
            if (in == null) throw new IllegalArgumentException("no fixture " + path);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The whole reference pipeline: three workflows and three backend files. */
    static Map<String, String> pipeline() {
        Map<String, String> files = new LinkedHashMap<>();
        for (String p : List.of(DEV, PREPROD, PROD)) files.put(p, read(p));
        for (String env : List.of("dev", "preprod", "prod")) {
            String p = "infrastructure/terraform/backend-" + env + ".hcl";
            files.put(p, read(p));
        }
        return files;
    }

    static Map<String, String> with(Map<String, String> base, String path, String text) {
        Map<String, String> m = new LinkedHashMap<>(base);
        m.put(path, text);
        return m;
    }

    static List<LintFinding> lint(Map<String, String> files) {
        return Linter.lint(RepoLoader.fromFiles(files));
    }

    static List<LintFinding> lint(String path, String text) {
        return lint(Map.of(path, text));
    }

    static List<LintFinding> rule(List<LintFinding> findings, String rule) {
        return findings.stream().filter(f -> f.rule().equals(rule)).toList();
    }
}
