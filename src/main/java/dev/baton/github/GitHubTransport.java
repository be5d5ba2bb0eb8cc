package dev.baton.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.model.Sleeper;
import okhttp3.Cache;
import okhttp3.OkHttpClient;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubAbuseLimitHandler;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.GitHubRateLimitHandler;
import org.kohsuke.github.connector.GitHubConnector;
import org.kohsuke.github.connector.GitHubConnectorResponse;
import org.kohsuke.github.extras.okhttp3.OkHttpGitHubConnector;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How one repository's requests reach GitHub: OkHttp with its disk cache (an unchanged answer is a free 304
 * revalidation), the credential added on the wire only, the meter and GitHub's clock, and hub4j over the
 * same connector. Raw requests (the endpoints hub4j lacks) go through that connector too, so one cache, one
 * meter and one {@link RequestScheduler} (shared with the other clients of the same host and credential) see
 * everything.
 */
final class GitHubTransport implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    /**
     * One connection pool and dispatcher for every client of the process (each client adds its own interceptors and
     * cache with newBuilder): a fleet of 300 repositories kept 300 pools, their idle connections and cleanup tasks
     * (about 100 OkHttp task threads at once); over HTTP/2 one connection to GitHub serves them all.
     */
    private static final OkHttpClient SHARED = new OkHttpClient.Builder()
            .connectionPool(new okhttp3.ConnectionPool(20, 5, java.util.concurrent.TimeUnit.MINUTES)).build();

    final GitHubSettings settings;
    final RequestMeter meter = new RequestMeter();
    final ServerClock serverClock = new ServerClock();
    private final GitHubConnector connector;
    final GitHub github;
    private volatile GHRepository repository;
    private final CacheSlot cacheSlot;
    private final Cache cache;

    GitHubTransport(GitHubSettings settings, Sleeper sleeper, RequestScheduler scheduler) {
        this.settings = settings;
        CredentialFingerprint credential = new CredentialFingerprint();
        OkHttpClient.Builder http = SHARED.newBuilder()
                .connectTimeout(settings.timeout())
                .readTimeout(settings.timeout())
                .callTimeout(settings.timeout().multipliedBy(2))
                .addInterceptor(new TransientRetry(sleeper))
                .addInterceptor(credential.application()) // the cache never sees the token...
                .addNetworkInterceptor(credential.network()) // ...only the wire does
                .addNetworkInterceptor(meter)
                .addNetworkInterceptor(scheduler.wire()) // the budget and the holds, from what crossed the wire
                .addNetworkInterceptor(chain -> {
                    okhttp3.Response response = chain.proceed(chain.request());
                    serverClock.observe(response.header("Date"));
                    return response;
                });
        CacheSlot slot = null;
        Cache cache = null;
        if (settings.cacheDir() != null) {
            try {
                slot = CacheSlot.take(settings.cacheDir()).orElse(null);
                if (slot == null) {
                    org.slf4j.LoggerFactory.getLogger(GitHubClient.class).info("all {} HTTP caches in {} are in use by other batons: running uncached",
                            CacheSlot.SLOTS, settings.cacheDir());
                } else {
                    cache = new Cache(slot.dir().toFile(), 25L * 1024 * 1024, new PrivateCacheFiles());
                    http.cache(cache);
                }
            } catch (IOException e) {
                // no cache folder: every poll costs a request, but the screen still works
                org.slf4j.LoggerFactory.getLogger(GitHubClient.class).warn("no HTTP cache in {}: {}", settings.cacheDir(), e.toString());
            }
        }
        this.cacheSlot = slot;
        this.cache = cache;
        // the scheduler admits each request before OkHttp, so that its waits are not in OkHttp's call timeout
        this.connector = new ScheduledConnector(new OkHttpGitHubConnector(http.build()), scheduler);
        try {
            GitHubBuilder builder = new GitHubBuilder().withEndpoint(settings.apiUrl())
                    .withConnector(connector)
                    // fail fast: the watch loop decides when to retry; hub4j's WAIT would freeze it
                    .withRateLimitHandler(GitHubRateLimitHandler.FAIL)
                    .withAbuseLimitHandler(GitHubAbuseLimitHandler.FAIL);
            if (settings.hasCredential()) {
                // an authorization provider avoids the extra GET /user that withOAuthToken makes; asked at every
                // request, so a GitHub App's renewed installation token is used as soon as it is bought
                builder.withAuthorizationProvider(settings::authorization);
            }
            this.github = builder.build();
        } catch (IOException e) {
            throw GitHubException.wrap("GitHub client", e);
        }
    }

    /** Closes the HTTP cache and frees its slot for another baton. */
    @Override
    public void close() {
        try {
            if (cache != null) cache.close();
        } catch (IOException e) {
            // the next owner of the slot reads what the journal says
        } finally {
            if (cacheSlot != null) cacheSlot.close();
        }
    }

    /** The repository through hub4j, read once (its permissions are read fresh by access()). */
    GHRepository repository() {
        GHRepository r = repository;
        if (r == null) {
            r = GitHubErrors.call("repository " + settings.repo(), () -> github.getRepository(settings.repo().toString()));
            repository = r;
        }
        return r;
    }

    // ---- raw requests ------------------------------------------------------------------------------

    record Response(int status, String body, Map<String, List<String>> headers) {
        String header(String name) {
            for (var e : headers.entrySet()) {
                if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) return e.getValue().get(0);
            }
            return null;
        }
    }

    /** GET of a repository path as JSON; empty on 404, else an error as a GitHubException. */
    Optional<JsonNode> getJson(String repoPath, String what) {
        Response r = send("GET", repoPath, null, what);
        if (r.status == 404) return Optional.empty();
        GitHubErrors.check(r, what);
        try {
            return Optional.of(JSON.readTree(r.body));
        } catch (IOException e) {
            throw new GitHubException(r.status, what + ": malformed JSON from GitHub (" + GitHubException.firstLine(e.getMessage()) + ")");
        }
    }

    Response send(String method, String repoPath, byte[] body, String what) {
        String url = settings.apiUrl() + "/repos/" + settings.repo() + repoPath;
        String auth = settings.authorization();
        try (GitHubConnectorResponse response = connector.send(RawRequest.of(method, new URL(url), auth, body))) {
            String text;
            try (InputStream in = response.bodyStream()) {
                text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            return new Response(response.statusCode(), text, response.allHeaders());
        } catch (IOException e) {
            GitHubException limited = GitHubErrors.limited(what, e);
            throw limited != null ? limited : GitHubException.wrap(what, e);
        }
    }
}
