package dev.baton.sandbox;

import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GHWorkflow;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.extras.okhttp3.OkHttpGitHubConnector;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * `baton sandbox --repos N` through the real clients: hub4j discovers the organisation's repositories
 * (paged with Link headers) and reads each; the AWS SDK sees the shared state buckets, and a deploy in a
 * service repository takes its lock under that service's prefix of the shared bucket.
 */
class FleetSandboxTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private Sandbox sandbox;
    private S3Client s3;

    @AfterEach
    void stop() {
        if (s3 != null) s3.close();
        if (sandbox != null) sandbox.close();
    }

    private static Map<String, String> env(Sandbox s) {
        return dev.baton.testkit.SandboxEnv.of(s);
    }

    private static GitHub hub4j(Map<String, String> env) throws Exception {
        return new GitHubBuilder().withEndpoint(env.get("GITHUB_API_URL")).withOAuthToken(env.get("GH_TOKEN"))
                .withConnector(new OkHttpGitHubConnector(new OkHttpClient())).build();
    }

    private static void await(Callable<Boolean> cond) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!cond.call()) {
            assertThat(System.nanoTime()).as("condition within " + WAIT).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void aFleetIsDiscoveredByOrganisationAndEachRepositoryAnswers() throws Exception {
        sandbox = Sandbox.start(Sandbox.Options.defaults().withSpeed(50.0).withRepos(12));
        Map<String, String> env = env(sandbox);
        assertThat(env.get("BATON_REPO")).isEqualTo("acme/sentiment-analyzer");
        assertThat(env.get("BATON_ORG")).isEqualTo("acme");
        List<String> names = List.of(env.get("BATON_REPOS").split(","));
        assertThat(names).hasSize(12).startsWith("acme/sentiment-analyzer", "acme/service-001").endsWith("acme/service-011");
        assertThat(sandbox.fleetConfig()).contains("orgs:\n  - org: acme\n", "  - repo: acme/service-011\n    api_url: " + env.get("GITHUB_API_URL"));

        GitHub github = hub4j(env);
        List<String> listed = new ArrayList<>();
        for (GHRepository r : github.getOrganization("acme").listRepositories(5)) listed.add(r.getFullName());
        assertThat(listed).containsExactlyElementsOf(names);

        // GitHub's paging: Link with next and last while there are more, none on the last page
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> first = http.send(HttpRequest.newBuilder(URI.create(env.get("GITHUB_API_URL") + "/orgs/acme/repos?per_page=5"))
                .header("Authorization", "Bearer " + env.get("GH_TOKEN")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(first.headers().firstValue("Link")).hasValueSatisfying(l -> assertThat(l).contains("page=2>; rel=\"next\"", "page=3>; rel=\"last\""));
        HttpResponse<String> last = http.send(HttpRequest.newBuilder(URI.create(env.get("GITHUB_API_URL") + "/orgs/acme/repos?per_page=5&page=3"))
                .header("Authorization", "Bearer " + env.get("GH_TOKEN")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(last.headers().firstValue("Link")).hasValueSatisfying(l -> assertThat(l).doesNotContain("rel=\"next\""));
        assertThat(github.getOrganization("acme").getLogin()).isEqualTo("acme");

        Set<Long> ids = new HashSet<>();
        for (String name : names) {
            GHRepository r = github.getRepository(name);
            assertThat(r.getFullName()).isEqualTo(name);
            ids.add(r.getId());
        }
        assertThat(ids).hasSize(12);

        // the variants: two stages, the service's own group names, queue: max
        assertThat(github.getRepository("acme/service-002").listWorkflows().toList()).extracting(GHWorkflow::getName)
                .containsExactlyInAnyOrder("Deploy Dev", "Deploy to Production");
        assertThat(github.getRepository("acme/service-003").getFileContent(".github/workflows/deploy-dev.yml").getContent())
                .contains("group: service-003-dev");
        assertThat(github.getRepository("acme/service-004").getFileContent(".github/workflows/deploy-prod.yml").getContent())
                .contains("queue: max");
        assertThat(github.getRepository("acme/service-001").getFileContent("infrastructure/terraform/backend-dev.hcl").getContent())
                .contains("bucket       = \"acme-terraform-state-01\"", "key          = \"service-001/dev/terraform.tfstate\"");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> github.getRepository("acme/nope"))
                .isInstanceOf(org.kohsuke.github.GHFileNotFoundException.class);
    }

    @Test
    void aServiceDeployLocksItsOwnPrefixOfTheSharedBucket() throws Exception {
        sandbox = Sandbox.start(Sandbox.Options.defaults().withSpeed(60.0).withRepos(6));
        Map<String, String> env = env(sandbox);
        s3 = dev.baton.testkit.SandboxEnv.s3(env);
        assertThat(s3.listBuckets().buckets()).extracting(Bucket::name)
                .containsExactlyInAnyOrder("sentiment-analyzer-terraform-state-sandbox", "acme-terraform-state-01", "service-005-terraform-state");

        GitHub github = hub4j(env);
        github.getRepository("acme/service-001").getWorkflow("deploy-dev.yml").dispatch("main");
        await(() -> s3.listObjectsV2(b -> b.bucket("acme-terraform-state-01")).contents().stream()
                .anyMatch(o -> o.key().equals("service-001/dev/terraform.tfstate")));
        // the reference repository saw nothing of it
        assertThat(github.getRepository("acme/sentiment-analyzer").queryWorkflowRuns().list().toList()).isEmpty();
        assertThat(github.getRepository("acme/service-001").queryWorkflowRuns().list().toList()).isNotEmpty();
    }

    @Test
    void anInstallationWithoutOneRepositoryGets404ThereAndReadsTheOthers(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        sandbox = Sandbox.start(Sandbox.Options.defaults().withSpeed(10.0).withRepos(4).withApp(Duration.ofHours(1)));
        sandbox.app().withhold("acme/service-002");
        Map<String, String> appEnv = sandbox.appExports(dir.resolve("app.pem"));
        dev.baton.github.GitHubApp app = new dev.baton.github.GitHubApp(sandbox.githubApiUrl(), appEnv.get("BATON_GITHUB_APP_ID"),
                dev.baton.github.GitHubApp.readPrivateKey(java.nio.file.Path.of(appEnv.get("BATON_GITHUB_APP_PRIVATE_KEY"))),
                Long.valueOf(appEnv.get("BATON_GITHUB_APP_INSTALLATION_ID")), null, java.time.Clock.systemUTC(), Duration.ofSeconds(10));
        GitHub github = new GitHubBuilder().withEndpoint(sandbox.githubApiUrl()).withAuthorizationProvider(app::authorization)
                .withConnector(new OkHttpGitHubConnector(new OkHttpClient())).build();
        assertThat(github.getRepository("acme/service-001").getFullName()).isEqualTo("acme/service-001");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> github.getRepository("acme/service-002"))
                .isInstanceOf(org.kohsuke.github.GHFileNotFoundException.class);
        assertThat(github.getRepository("acme/service-003").listWorkflows().toList()).hasSize(3);
        List<String> reached = new ArrayList<>();
        for (GHRepository r : github.getInstallation().listRepositories()) reached.add(r.getFullName());
        assertThat(reached).containsExactly("acme/sentiment-analyzer", "acme/service-001", "acme/service-003");
        // the user's token still reaches it
        assertThat(hub4j(env(sandbox)).getRepository("acme/service-002").getFullName()).isEqualTo("acme/service-002");
    }
}
