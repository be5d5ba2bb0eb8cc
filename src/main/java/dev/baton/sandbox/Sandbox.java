package dev.baton.sandbox;

import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The whole sandbox on loopback: s3proxy holding the Terraform state bucket, the GitHub Actions engine
 * playing a scenario, and the GitHub REST server over it. What `baton sandbox` and `baton --demo` start.
 * <pre>
 * try (Sandbox s = Sandbox.start(Sandbox.Options.defaults().withScenario("rapid-merges").withSpeed(10))) {
 *     s.exportLines().forEach(System.out::println);
 *     ... serve until SIGINT ...
 * }
 * </pre>
 */
public final class Sandbox implements AutoCloseable {
    /** The login of the second token, as GitHub spells Dependabot's actor. */
    public static final String DEPENDABOT = "dependabot[bot]";
    private static final String TOKEN_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /**
     * scenario: a built-in scenario name (default "idle"). speed: sim seconds per real second (null: the
     * scenario's suggestion, else 1). githubPort/s3Port: 0 = ephemeral. token: the main GitHub token
     * (null: a random ghp_ token). login: the user the token belongs to, i.e. the actor of API
     * dispatches (null: "sandbox-user"; "dependabot[bot]" makes deploy-prod skip its reviewer).
     * overlays: extra repository variants (e.g. "queue-max"). start: sim time at start (null: now).
     * dependabotToken: a second accepted token whose user is "dependabot[bot]" (null: a random one).
     * autoApprove: approve every pending deployment after this sim delay (null: the scenario's setting).
     * repos: how many repositories to serve (1..999; {@link FleetRepo#fleet}): the reference one first,
     * where the scenario plays, then acme/service-001... (overlays apply to the reference one only).
     * appTokenLifetime: install a GitHub App ({@link SandboxApp}) whose installation tokens live this
     * long (GitHub: 1 h); null: no app.
     */
    public record Options(String scenario, Double speed, int githubPort, int s3Port, String token, String login,
                          List<String> overlays, Instant start, String dependabotToken, Duration autoApprove, ApiFlavour api,
                          int repos, Duration appTokenLifetime) {
        public Options {
            overlays = overlays == null ? List.of() : List.copyOf(overlays);
            api = api == null ? ApiFlavour.CLOUD : api;
        }

        public static Options defaults() {
            return new Options("idle", null, 0, 0, null, null, List.of(), null, null, null, ApiFlavour.CLOUD, 1, null);
        }

        public Options withScenario(String s) {
            return new Options(s, speed, githubPort, s3Port, token, login, overlays, start, dependabotToken, autoApprove, api, repos, appTokenLifetime);
        }

        public Options withSpeed(Double s) {
            return new Options(scenario, s, githubPort, s3Port, token, login, overlays, start, dependabotToken, autoApprove, api, repos, appTokenLifetime);
        }

        public Options withGithubPort(int p) {
            return new Options(scenario, speed, p, s3Port, token, login, overlays, start, dependabotToken, autoApprove, api, repos, appTokenLifetime);
        }

        public Options withS3Port(int p) {
            return new Options(scenario, speed, githubPort, p, token, login, overlays, start, dependabotToken, autoApprove, api, repos, appTokenLifetime);
        }

        public Options withToken(String t) {
            return new Options(scenario, speed, githubPort, s3Port, t, login, overlays, start, dependabotToken, autoApprove, api, repos, appTokenLifetime);
        }

        public Options withLogin(String l) {
            return new Options(scenario, speed, githubPort, s3Port, token, l, overlays, start, dependabotToken, autoApprove, api, repos, appTokenLifetime);
        }

        public Options withOverlays(List<String> o) {
            return new Options(scenario, speed, githubPort, s3Port, token, login, o, start, dependabotToken, autoApprove, api, repos, appTokenLifetime);
        }

        public Options withStart(Instant t) {
            return new Options(scenario, speed, githubPort, s3Port, token, login, overlays, t, dependabotToken, autoApprove, api, repos, appTokenLifetime);
        }

        public Options withDependabotToken(String t) {
            return new Options(scenario, speed, githubPort, s3Port, token, login, overlays, start, t, autoApprove, api, repos, appTokenLifetime);
        }

        /** Which GitHub to imitate: api.github.com (default) or a GHES release (API under /api/v3 only). */
        public Options withApi(ApiFlavour a) {
            return new Options(scenario, speed, githubPort, s3Port, token, login, overlays, start, dependabotToken, autoApprove, a, repos, appTokenLifetime);
        }

        /** Serve n repositories (the reference one and n - 1 variations, {@link FleetRepo#fleet}). */
        public Options withRepos(int n) {
            return new Options(scenario, speed, githubPort, s3Port, token, login, overlays, start, dependabotToken, autoApprove, api, n, appTokenLifetime);
        }

        /** Install a GitHub App whose installation tokens live d (GitHub: one hour). */
        public Options withApp(Duration d) {
            return new Options(scenario, speed, githubPort, s3Port, token, login, overlays, start, dependabotToken, autoApprove, api, repos, d);
        }

        public Options withAutoApprove(Duration d) {
            return new Options(scenario, speed, githubPort, s3Port, token, login, overlays, start, dependabotToken, d, api, repos, appTokenLifetime);
        }
    }

    private final S3Sandbox s3Sandbox;
    private final S3Client s3;
    private final GitHubServer server;
    private final SimEngine engine;
    /** Every repository's engine, the reference one (= engine) first. */
    private final List<SimEngine> engines;
    private final SandboxRepos repos;
    private final Scenario scenario;
    private final String token;
    private final String dependabotToken;

    private Sandbox(S3Sandbox s3Sandbox, S3Client s3, GitHubServer server, List<SimEngine> engines, SandboxRepos repos,
                    Scenario scenario, String token, String dependabotToken) {
        this.s3Sandbox = s3Sandbox;
        this.s3 = s3;
        this.server = server;
        this.engine = engines.get(0);
        this.engines = List.copyOf(engines);
        this.repos = repos;
        this.scenario = scenario;
        this.token = token;
        this.dependabotToken = dependabotToken;
    }

    /**
     * Starts S3, the GitHub server and the engine, then schedules the scenario's events.
     * @throws IllegalArgumentException for an unknown scenario or overlay, or a bad speed or port (one line)
     * @throws IllegalStateException when a server cannot start (e.g. the port is taken)
     */
    public static Sandbox start(Options options) {
        Scenario sc = Scenario.load(options.scenario() == null ? "idle" : options.scenario());
        double speed = options.speed() != null ? options.speed() : sc.speed() != null ? sc.speed() : 1.0;
        if (!(speed > 0) || Double.isInfinite(speed)) throw new IllegalArgumentException("speed must be a positive number, got " + options.speed());
        for (int p : new int[]{options.githubPort(), options.s3Port()}) {
            if (p < 0 || p > 65535) throw new IllegalArgumentException("port must be 0..65535, got " + p);
        }
        for (String o : options.overlays()) {
            if (!RepoContent.knownOverlays().contains(o)) {
                throw new IllegalArgumentException("unknown repository overlay '" + o + "' (known: " + String.join(", ", RepoContent.knownOverlays()) + ")");
            }
        }
        if (options.autoApprove() != null && options.autoApprove().isNegative()) {
            throw new IllegalArgumentException("auto-approve delay must not be negative, got " + options.autoApprove());
        }
        String token = options.token() != null ? options.token() : newToken();
        String botToken = options.dependabotToken() != null ? options.dependabotToken() : newToken();
        if (botToken.equals(token)) throw new IllegalArgumentException("the Dependabot token must differ from the main token");
        List<FleetRepo> fleet = FleetRepo.fleet(options.repos());
        S3Sandbox s3s = S3Sandbox.start(options.s3Port());
        S3Client s3 = null;
        GitHubServer gh = null;
        List<SimEngine> engines = new ArrayList<>();
        try {
            s3 = s3s.newClient();
            AtomicReference<SandboxRepos> served = new AtomicReference<>();
            GitHubServer.Options go = GitHubServer.Options.defaults(token).withPort(options.githubPort());
            if (options.login() != null) go = go.withLogin(options.login());
            go = go.withExtraToken(botToken, DEPENDABOT);
            gh = new GitHubServer(go, served::get).flavour(options.api()).start();
            if (options.appTokenLifetime() != null) {
                SandboxApp a = SandboxApp.forAccount("acme");
                a.tokenLifetime(options.appTokenLifetime());
                gh.app(a);
            }
            Instant start = options.start() != null ? options.start() : Instant.now().truncatedTo(ChronoUnit.SECONDS);
            EngineOptions eo = new EngineOptions(speed, start, options.overlays(), null, null, null, s3, gh.apiUrl(), System.nanoTime(), null);
            eo = sc.apply(eo);
            if (options.autoApprove() != null) eo = eo.withAutoApproveAfter(options.autoApprove());
            engines.add(SimEngine.create(eo));
            // the other repositories: their own variant, the scenario's step durations, no story of their own
            EngineOptions others = eo.withOverlays(List.of());
            for (FleetRepo r : fleet.subList(1, fleet.size())) {
                engines.add(SimEngine.create(others.withRepo(r).withSeed(System.nanoTime())));
            }
            List<SandboxState> states = new ArrayList<>();
            for (SimEngine e : engines) states.add(e.state());
            SandboxRepos repos = SandboxRepos.of(states);
            served.set(repos);
            sc.schedule(engines);
            return new Sandbox(s3s, s3, gh, engines, repos, sc, token, botToken);
        } catch (RuntimeException e) {
            if (gh != null) gh.stop();
            engines.forEach(SimEngine::close);
            if (s3 != null) s3.close();
            s3s.close();
            throw e;
        }
    }

    /**
     * GITHUB_API_URL: the REST API root, e.g. http://127.0.0.1:PORT (also served under /api/v3), or
     * http://127.0.0.1:PORT/api/v3 when imitating GitHub Enterprise Server.
     */
    public String githubApiUrl() {
        return server.apiUrl();
    }

    /** The sandbox's own token (not a GitHub credential): GH_TOKEN. */
    public String token() {
        return token;
    }

    /** The second token, whose user is dependabot[bot]: BATON_DEPENDABOT_TOKEN (for rapid-fire --as-dependabot). */
    public String dependabotToken() {
        return dependabotToken;
    }

    /** "owner/name" of the sandbox repository (the reference one of a fleet): BATON_REPO. */
    public String repo() {
        return engine.state().repo().fullName();
    }

    /** "owner/name" of every repository served, the reference one first: BATON_REPOS when more than one. */
    public List<String> repos() {
        return repos.repos().stream().map(SimRepo::fullName).toList();
    }

    /** The installed GitHub App (Options.withApp), or null. */
    public SandboxApp app() {
        return server.app();
    }

    /**
     * Writes the app's private key to pem (0600) and returns what points baton at the app:
     * BATON_GITHUB_APP_ID, BATON_GITHUB_APP_PRIVATE_KEY (the file), BATON_GITHUB_APP_INSTALLATION_ID.
     */
    public Map<String, String> appExports(java.nio.file.Path pem) throws java.io.IOException {
        SandboxApp a = server.app();
        if (a == null) throw new IllegalStateException("no GitHub App in this sandbox (Options.withApp)");
        a.writePrivateKey(pem);
        Map<String, String> env = new java.util.LinkedHashMap<>();
        env.put("BATON_GITHUB_APP_ID", String.valueOf(a.appId()));
        env.put("BATON_GITHUB_APP_PRIVATE_KEY", pem.toAbsolutePath().toString());
        env.put("BATON_GITHUB_APP_INSTALLATION_ID", String.valueOf(a.installationId()));
        return env;
    }

    /** The organisation owning the repositories: BATON_ORG when more than one. */
    public String org() {
        return repos.repos().get(0).owner();
    }

    /** Every repository's engine, the reference one first. */
    public List<SimEngine> engines() {
        return engines;
    }

    /** The served repositories by name (tests: a repository's state). */
    public SandboxRepos served() {
        return repos;
    }

    /**
     * baton's configuration for the whole fleet (docs/sandbox.md): {@code orgs:} with the organisation and
     * {@code repositories:} listing every repository with the sandbox's API URL.
     */
    public String fleetConfig() {
        StringBuilder sb = new StringBuilder("# baton sandbox --repos ").append(repos.size())
                .append(": every repository it serves (docs/sandbox.md)\n");
        sb.append("orgs:\n  - org: ").append(org()).append("\n    api_url: ").append(githubApiUrl()).append('\n');
        sb.append("repositories:\n");
        for (String r : repos()) sb.append("  - repo: ").append(r).append("\n    api_url: ").append(githubApiUrl()).append('\n');
        return sb.toString();
    }

    public URI s3Endpoint() {
        return s3Sandbox.endpoint();
    }

    public String accessKey() {
        return s3Sandbox.accessKey();
    }

    public String secretKey() {
        return s3Sandbox.secretKey();
    }

    public String region() {
        return s3Sandbox.region();
    }

    /** The state bucket(s) named by the repositories' backend-*.hcl files (every repository's, sorted). */
    public List<String> stateBuckets() {
        java.util.TreeSet<String> all = new java.util.TreeSet<>();
        for (SimEngine e : engines) all.addAll(e.stateBuckets());
        return new ArrayList<>(all);
    }

    /** The shell lines `baton sandbox` prints, one export per line, in this order. */
    public List<String> exportLines() {
        return exports().entrySet().stream().map(e -> "export " + e.getKey() + "=" + e.getValue()).toList();
    }

    /** The variables a user exports to point baton at this sandbox, in the order they are printed. */
    public Map<String, String> exports() {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        env.put("GITHUB_API_URL", githubApiUrl());
        env.put("GH_TOKEN", token);
        env.put("BATON_DEPENDABOT_TOKEN", dependabotToken);
        env.put("BATON_REPO", repo());
        if (repos.size() > 1) {
            env.put("BATON_ORG", org());
            env.put("BATON_REPOS", String.join(",", repos()));
        }
        env.put("BATON_SANDBOX", githubApiUrl()); // baton writes its journals for this API under $XDG_STATE_HOME/baton/demo
        env.put("AWS_ENDPOINT_URL_S3", s3Endpoint().toString());
        env.put("AWS_ACCESS_KEY_ID", accessKey());
        env.put("AWS_SECRET_ACCESS_KEY", secretKey());
        env.put("AWS_REGION", region());
        return env;
    }

    public SimEngine engine() {
        return engine;
    }

    public SandboxState state() {
        return engine.state();
    }

    public Scenario scenario() {
        return scenario;
    }

    public GitHubServer server() {
        return server;
    }

    public S3Sandbox s3() {
        return s3Sandbox;
    }

    /** Real time a sim duration takes at this sandbox's speed. */
    public Duration realTime(Duration sim) {
        return Duration.ofNanos((long) (sim.toNanos() / engine.speed()));
    }

    /** Stops the servers and the engine (idempotent). */
    @Override
    public void close() {
        server.stop();
        engines.forEach(SimEngine::close);
        s3.close();
        s3Sandbox.close();
    }

    private static String newToken() {
        SecureRandom r = new SecureRandom();
        StringBuilder sb = new StringBuilder("ghp_");
        for (int i = 0; i < 36; i++) sb.append(TOKEN_CHARS.charAt(r.nextInt(TOKEN_CHARS.length())));
        return sb.toString();
    }
}
