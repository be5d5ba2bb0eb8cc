package dev.baton.github;

import dev.baton.model.Conclusion;
import dev.baton.model.Run;
import dev.baton.model.RunStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The environment a run deploys to is GitHub's (`production-auto`), as its workflow file names it for that run. */
public class WorkflowEnvironmentTest {
    public static final String PROD = """
            name: Deploy to Production
            on: workflow_run
            concurrency:
              group: deploy-production
            jobs:
              deploy:
                runs-on: ubuntu-latest
                environment: ${{ github.actor == 'dependabot[bot]' && 'production-auto' || 'production' }}
                steps:
                  - run: terraform apply
            """;
    static final String CHOSEN = """
            name: Deploy
            on:
              workflow_dispatch:
                inputs:
                  env:
                    default: dev
            jobs:
              deploy:
                runs-on: ubuntu-latest
                environment: ${{ inputs.env }}
                steps:
                  - run: terraform apply
            """;

    static Run run(String wf, String actor) {
        Instant t = Instant.parse("2026-03-10T14:00:00Z");
        return new Run(1, "Deploy", ".github/workflows/" + wf, 1, 1, "workflow_run", actor, "abc", "main", "t",
                RunStatus.WAITING, Conclusion.NONE, t, t, t, null);
    }

    @Test
    void theEnvironmentIsTheOneTheFileNamesForThisRun() {
        WorkflowCatalog c = new WorkflowCatalog(Map.of(".github/workflows/deploy-prod.yml", PROD, ".github/workflows/deploy.yml", CHOSEN));
        assertThat(c.resolveEnvironment(run("deploy-prod.yml", "dependabot[bot]"))).contains("production-auto");
        assertThat(c.resolveEnvironment(run("deploy-prod.yml", "alice"))).contains("production");
        assertThat(c.resolveEnvironment(run("deploy.yml", "alice"))).as("an input's default is not what the dispatch gave").isEmpty();
        assertThat(c.resolveEnvironment(run("unknown.yml", "alice"))).isEmpty();
    }
}
