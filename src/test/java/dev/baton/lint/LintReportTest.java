package dev.baton.lint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.model.Severity;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class LintReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<LintFinding> findings() {
        return LintFixtures.lint(LintFixtures.with(LintFixtures.pipeline(), ".github/workflows/hotfix.yml", """
                on: workflow_dispatch
                jobs:
                  deploy:
                    runs-on: ubuntu-latest
                    environment: production
                    steps: [{run: terraform apply -lock=false}]
                """));
    }

    @Test
    void textNamesLocationSeverityRuleWhyAndFix() {
        String text = LintReport.text(findings());
        assertThat(text).contains(".github/workflows/hotfix.yml:5: error [deploy-without-group] job 'deploy' of hotfix.yml deploys environment production");
        assertThat(text).contains(".github/workflows/hotfix.yml:6: error [tf-lock-disabled]");
        assertThat(text).contains("    why: ", "    fix: ");
        assertThat(text).endsWith("2 errors, 3 warnings, 0 notes\n");
        assertThat(LintReport.text(List.of())).isEqualTo("no findings\n");
    }

    @Test
    void jsonCarriesEveryField() throws Exception {
        JsonNode root = JSON.readTree(LintReport.json(findings()));
        assertThat(root.get("findings")).hasSize(5);
        JsonNode first = root.get("findings").get(0);
        assertThat(first.get("rule").asText()).isEqualTo("deploy-queue-single");
        assertThat(first.get("severity").asText()).isEqualTo("warning");
        assertThat(first.get("file").asText()).isEqualTo(".github/workflows/build-and-promote.yml");
        assertThat(first.get("line").asInt()).isEqualTo(9);
        assertThat(first.get("explanation").asText()).isNotBlank();
        assertThat(first.get("fix").asText()).contains("queue: max");
        assertThat(root.at("/summary/errors").asInt()).isEqualTo(2);
        assertThat(root.at("/summary/warnings").asInt()).isEqualTo(3);
    }

    @Test
    void sarifHasTheStructureCodeScanningReads() throws Exception {
        List<LintFinding> findings = findings();
        JsonNode root = JSON.readTree(LintReport.sarif(findings));
        assertThat(root.get("version").asText()).isEqualTo("2.1.0");
        assertThat(root.get("$schema").asText()).isEqualTo("https://json.schemastore.org/sarif-2.1.0.json");
        JsonNode run = root.get("runs").get(0);
        JsonNode driver = run.at("/tool/driver");
        assertThat(driver.get("name").asText()).isEqualTo("baton");
        JsonNode rules = driver.get("rules");
        assertThat(rules).hasSize(LintRule.values().length);
        Set<String> ids = new HashSet<>();
        for (JsonNode r : rules) {
            ids.add(r.get("id").asText());
            assertThat(r.at("/shortDescription/text").asText()).isNotBlank();
            assertThat(r.at("/fullDescription/text").asText()).isNotBlank();
            assertThat(r.at("/defaultConfiguration/level").asText()).isIn("error", "warning", "note");
        }
        JsonNode results = run.get("results");
        assertThat(results).hasSize(findings.size());
        for (int i = 0; i < results.size(); i++) {
            JsonNode r = results.get(i);
            LintFinding f = findings.get(i);
            assertThat(r.get("ruleId").asText()).isEqualTo(f.rule()).isIn(ids);
            assertThat(rules.get(r.get("ruleIndex").asInt()).get("id").asText()).isEqualTo(f.rule());
            assertThat(r.get("level").asText()).isEqualTo(f.severity() == Severity.ERROR ? "error" : "warning");
            assertThat(r.at("/message/text").asText()).startsWith(f.message());
            JsonNode loc = r.get("locations").get(0).get("physicalLocation");
            assertThat(loc.at("/artifactLocation/uri").asText()).isEqualTo(f.file());
            assertThat(loc.at("/region/startLine").asInt()).isEqualTo(f.line()).isPositive();
        }
    }

    @Test
    void sarifWithoutFindingsIsStillValid() throws Exception {
        JsonNode root = JSON.readTree(LintReport.sarif(List.of()));
        assertThat(root.at("/runs/0/results").isArray()).isTrue();
        assertThat(root.at("/runs/0/results")).isEmpty();
        assertThat(root.at("/runs/0/tool/driver/rules")).isNotEmpty();
    }
}
