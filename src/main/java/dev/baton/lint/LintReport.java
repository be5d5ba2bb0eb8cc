package dev.baton.lint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.baton.model.Severity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders findings as text (for people), JSON (for scripts) and SARIF 2.1.0 (for GitHub code scanning). */
public final class LintReport {
    public static final String SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private LintReport() {
    }

    /**
     * "file:line: severity [rule] message", then why and fix indented; a summary line last. A rule's why is
     * said once, at its first finding, and its fix again only where a finding's fix differs: ten findings of
     * one rule read as ten lines, not ten copies of one paragraph.
     */
    public static String text(List<LintFinding> findings) {
        StringBuilder sb = new StringBuilder();
        Map<String, String> fixSaid = new HashMap<>();
        for (LintFinding f : findings) {
            sb.append(f.location()).append(": ").append(word(f.severity())).append(" [").append(f.rule()).append("] ")
                    .append(f.message()).append('\n');
            String fix = fixSaid.put(f.rule(), f.fix());
            if (fix == null) sb.append("    why: ").append(f.explanation()).append('\n');
            if (!f.fix().equals(fix)) sb.append("    fix: ").append(f.fix()).append('\n');
        }
        sb.append(summary(findings)).append('\n');
        return sb.toString();
    }

    /** "2 errors, 1 warning, 0 notes" or "no findings". */
    public static String summary(List<LintFinding> findings) {
        if (findings.isEmpty()) return "no findings";
        long e = count(findings, Severity.ERROR);
        long w = count(findings, Severity.WARNING);
        long n = count(findings, Severity.INFO);
        return e + (e == 1 ? " error, " : " errors, ") + w + (w == 1 ? " warning, " : " warnings, ") + n + (n == 1 ? " note" : " notes");
    }

    private static long count(List<LintFinding> findings, Severity s) {
        return findings.stream().filter(f -> f.severity() == s).count();
    }

    private static String word(Severity s) {
        return switch (s) {
            case ERROR -> "error";
            case WARNING -> "warning";
            case INFO -> "note";
        };
    }

    /** {"findings": [...], "summary": {"errors", "warnings", "notes"}} */
    public static String json(List<LintFinding> findings) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (LintFinding f : findings) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rule", f.rule());
            m.put("severity", word(f.severity()));
            m.put("file", f.file());
            m.put("line", f.line());
            m.put("message", f.message());
            m.put("explanation", f.explanation());
            m.put("fix", f.fix());
            items.add(m);
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("errors", count(findings, Severity.ERROR));
        summary.put("warnings", count(findings, Severity.WARNING));
        summary.put("notes", count(findings, Severity.INFO));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("findings", items);
        root.put("summary", summary);
        return write(root);
    }

    /** A SARIF 2.1.0 log with one run; every rule of {@link LintRule} is listed so ruleIndex is stable. */
    public static String sarif(List<LintFinding> findings) {
        List<Map<String, Object>> rules = new ArrayList<>();
        Map<String, Integer> index = new LinkedHashMap<>();
        for (LintRule r : LintRule.values()) {
            index.put(r.id(), rules.size());
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("id", r.id());
            rule.put("name", camel(r.id()));
            rule.put("shortDescription", Map.of("text", r.title()));
            rule.put("fullDescription", Map.of("text", r.description()));
            rule.put("help", Map.of("text", r.description() + " Source: " + r.source() + "."));
            rule.put("defaultConfiguration", Map.of("level", level(r.severity())));
            rule.put("properties", Map.of("tags", List.of("concurrency", "deploy")));
            rules.add(rule);
        }
        List<Map<String, Object>> results = new ArrayList<>();
        for (LintFinding f : findings) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("ruleId", f.rule());
            Integer i = index.get(f.rule());
            if (i != null) result.put("ruleIndex", i);
            result.put("level", level(f.severity()));
            result.put("message", Map.of("text", f.message() + ". Fix: " + f.fix()));
            Map<String, Object> artifact = new LinkedHashMap<>();
            artifact.put("uri", f.file());
            artifact.put("uriBaseId", "%SRCROOT%");
            Map<String, Object> physical = new LinkedHashMap<>();
            physical.put("artifactLocation", artifact);
            physical.put("region", Map.of("startLine", Math.max(1, f.line())));
            result.put("locations", List.of(Map.of("physicalLocation", physical)));
            results.add(result);
        }
        Map<String, Object> driver = new LinkedHashMap<>();
        driver.put("name", "baton");
        String version = LintReport.class.getPackage().getImplementationVersion();
        driver.put("semanticVersion", version == null ? "0.1.0" : version);
        driver.put("rules", rules);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("tool", Map.of("driver", driver));
        run.put("columnKind", "utf16CodeUnits");
        run.put("results", results);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("$schema", SARIF_SCHEMA);
        root.put("version", "2.1.0");
        root.put("runs", List.of(run));
        return write(root);
    }

    private static String level(Severity s) {
        return switch (s) {
            case ERROR -> "error";
            case WARNING -> "warning";
            case INFO -> "note";
        };
    }

    private static String camel(String id) {
        StringBuilder sb = new StringBuilder();
        for (String part : id.split("-")) sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        return sb.toString();
    }

    private static String write(Object o) {
        try {
            return JSON.writeValueAsString(o) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render lint report", e);
        }
    }
}
