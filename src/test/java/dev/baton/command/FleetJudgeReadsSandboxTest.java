package dev.baton.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.sandbox.Sandbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Through hub4j against `sandbox --repos N`: the judging of an org's repositories reads each one's workflow files
 * through the client its watch polls with and hands that read on, so after `status --all` (judging, then every
 * repository's first poll) each judged repository's workflow folder and files were requested once, not twice, and
 * its first snapshot still has the groups and stages those files declare.
 */
class FleetJudgeReadsSandboxTest {
    static final String WORKFLOWS = "/contents/.github/workflows";

    @TempDir
    Path home;
    Sandbox sandbox;

    @AfterEach
    void stop() {
        if (sandbox != null) sandbox.close();
    }

    private Map<String, String> env() {
        return dev.baton.testkit.SandboxEnv.of(sandbox, home);
    }

    @Test
    void statusAllReadsEachJudgedRepositorysWorkflowsOnce() {
        sandbox = Sandbox.start(Sandbox.Options.defaults().withRepos(6));
        try (Baton root = new Baton(env(), new BatonOptions(List.of(), null, false, List.of("acme"), false))) {
            Commands commands = new Commands(root, FrontendIo.script());
            Result status = commands.execute(List.of("status", "--all", "--json")).result();
            assertThat(status.exitCode()).as(status.error()).isEqualTo(Exit.OK);

            JsonNode all = Json.MAPPER.valueToTree(status.json());
            assertThat(all).extracting(r -> r.get("repository").asText()).containsExactlyInAnyOrderElementsOf(sandbox.repos());
            // the watch's catalog is the judging's read: the groups the files declare, the stages they serialize
            assertThat(all).allSatisfy(r -> {
                assertThat(r.get("groups")).isNotEmpty().allSatisfy(g -> assertThat(g.get("workflows")).isNotEmpty());
                assertThat(r.get("stages")).isNotEmpty().allSatisfy(s -> assertThat(s.get("groups")).isNotEmpty());
            });

            Map<String, Long> byPath = sandbox.server().secondary().requestsByPath();
            for (String repo : sandbox.repos()) {
                String folder = "/repos/" + repo + WORKFLOWS;
                assertThat(byPath.get(folder)).as(folder).isEqualTo(1L);
                Map<String, Long> files = new HashMap<>();
                byPath.forEach((p, n) -> {
                    if (p.startsWith(folder + "/")) files.put(p, n);
                });
                assertThat(files).as(repo + "'s workflow files").isNotEmpty().allSatisfy((p, n) -> assertThat(n).as(p).isEqualTo(1L));
            }
        }
    }
}
