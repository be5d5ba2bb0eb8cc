package dev.baton.sandbox;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

// Over 400 lines: the one request pipeline (auth with App JWTs, secondary limits, faults, rate limit, ETag, GHES prefix, signed downloads) kept in one place so every answer passes the same steps.
/**
 * The GitHub side of the sandbox on loopback: GitHub's REST conventions around the endpoints that
 * {@link ApiRouter routes} provide. Every API request goes through one pipeline: bearer-token auth
 * (401), the secondary limits ({@link SecondaryLimits}: points per minute, requests in flight; off by
 * default), latency fault, injected 5xx/429/403, the primary rate limit ("core"), the endpoint,
 * then ETag / 304 on GETs and X-RateLimit-* headers. 304 answers and /rate_limit cost nothing.
 * The same API answers under "/" and under "/api/v3" (GitHub Enterprise Server layout); URLs in
 * answers keep the prefix the client used. Paths under "/_sandbox/" hold short-lived signed
 * downloads (log redirects) that need no token, like GitHub's blob storage URLs.
 */
public final class GitHubServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GitHubServer.class);
    static final String ENTERPRISE_PREFIX = "/api/v3";
    static final String BLOB_PREFIX = "/_sandbox/";
    static final String API_VERSION = "2026-03-10";

    /**
     * host/port to bind (port 0: ephemeral); token: the main credential; login: the user it belongs to;
     * rateLimit: requests per hour of the core budget; moreTokens: further accepted credentials, token ->
     * the login it belongs to (e.g. a second token for "dependabot[bot]", so a client can act as the bot).
     */
    public record Options(String host, int port, String token, String login, int rateLimit, Clock clock,
                          Map<String, String> moreTokens) {
        public Options {
            Objects.requireNonNull(token, "token");
            if (token.isBlank()) throw new IllegalArgumentException("token must not be blank");
            host = host == null || host.isBlank() ? "127.0.0.1" : host;
            login = login == null || login.isBlank() ? "sandbox-user" : login;
            if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535, got " + port);
            if (rateLimit < 1) throw new IllegalArgumentException("rate limit must be at least 1");
            clock = clock == null ? Clock.systemUTC() : clock;
            moreTokens = moreTokens == null ? Map.of() : Map.copyOf(moreTokens);
            for (Map.Entry<String, String> e : moreTokens.entrySet()) {
                if (e.getKey().isBlank() || e.getValue().isBlank()) throw new IllegalArgumentException("extra tokens and their logins must not be blank");
                if (e.getKey().equals(token)) throw new IllegalArgumentException("an extra token must differ from the main token");
            }
        }

        /** 127.0.0.1, an ephemeral port, 5,000 requests an hour, wall clock. */
        public static Options defaults(String token) {
            return new Options("127.0.0.1", 0, token, "sandbox-user", 5000, Clock.systemUTC(), Map.of());
        }

        public Options withPort(int p) {
            return new Options(host, p, token, login, rateLimit, clock, moreTokens);
        }

        public Options withRateLimit(int limit) {
            return new Options(host, port, token, login, limit, clock, moreTokens);
        }

        public Options withLogin(String l) {
            return new Options(host, port, token, l, rateLimit, clock, moreTokens);
        }

        /** Also accept t, as the user login (its dispatches are that user's). */
        public Options withExtraToken(String t, String user) {
            Map<String, String> m = new HashMap<>(moreTokens);
            m.put(Objects.requireNonNull(t, "token"), Objects.requireNonNull(user, "login"));
            return new Options(host, port, token, login, rateLimit, clock, m);
        }

        /** The login a presented token belongs to, or null when the token is not accepted (constant-time compares). */
        String loginOf(String presented) {
            byte[] p = presented.getBytes(StandardCharsets.UTF_8);
            String found = null;
            if (MessageDigest.isEqual(p, token.getBytes(StandardCharsets.UTF_8))) found = login;
            for (Map.Entry<String, String> e : moreTokens.entrySet()) {
                if (MessageDigest.isEqual(p, e.getKey().getBytes(StandardCharsets.UTF_8))) found = e.getValue();
            }
            return found;
        }
    }

    static {
        // The JDK's server writes a response's headers and body apart with Nagle's algorithm on: the body then waits for
        // the client's delayed ACK, ~40 ms per request on Linux loopback. Read once, by the JVM's first HttpServer.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final Options options;
    private final ApiRouter api = new ApiRouter();
    private final ApiRouter web = new ApiRouter();
    private final ApiRouter blobs = new ApiRouter();
    private final FaultInjector faults;
    private final RateBudget budget;
    private final SecondaryLimits secondary;
    private final byte[] signingKey = new byte[32];
    private final AtomicLong requestCounter = new AtomicLong();
    private HttpServer server;
    private volatile boolean concurrencyApi = true;
    private volatile ApiFlavour flavour = ApiFlavour.CLOUD;
    private volatile SandboxApp app;
    private ExecutorService executor;
    private String baseUrl;

    /**
     * Off: the concurrency-groups endpoints answer 404, as on GitHub Enterprise Server releases that
     * predate them, so clients can be tested in their fallback mode.
     */
    public void concurrencyApi(boolean on) {
        concurrencyApi = on;
    }

    boolean concurrencyApi() {
        return concurrencyApi && flavour.serves("GET /repos/{owner}/{repo}/actions/concurrency_groups");
    }

    /**
     * Which GitHub to imitate (default api.github.com). A GHES flavour serves the API only under
     * "/api/v3", answers 404 for the operations its release lacks, and sends X-GitHub-Enterprise-Version.
     */
    public GitHubServer flavour(ApiFlavour f) {
        flavour = java.util.Objects.requireNonNull(f, "flavour");
        return this;
    }

    public ApiFlavour flavour() {
        return flavour;
    }

    /** Installs a GitHub App: its JWT opens /app/..., its installation tokens are accepted beside the user tokens. */
    public GitHubServer app(SandboxApp a) {
        app = a;
        return this;
    }

    /** The installed GitHub App, or null. */
    public SandboxApp app() {
        return app;
    }

    /** The API root clients use: {@link #baseUrl()}, or {@link #enterpriseUrl()} for a GHES flavour. */
    public String apiUrl() {
        return flavour.enterprise() ? enterpriseUrl() : baseUrl();
    }

    /** The sandbox's GitHub API over the engine's state; faults follow {@link SandboxState#faults()}. */
    public GitHubServer(SandboxState state, Options options) {
        this(() -> state, options);
    }

    /**
     * For a facade that must know {@link #baseUrl()} before the engine exists (e.g. for github.api_url):
     * start the server first; requests answer 503 until the supplier returns the state.
     */
    public GitHubServer(Supplier<SandboxState> state, Options options) {
        this(options, one(state));
    }

    /**
     * Many repositories on one server (a sandbox fleet): each request reads the repository its path
     * names; faults follow the first (primary) repository's engine. Requests answer 503 while the
     * supplier returns null.
     */
    public GitHubServer(Options options, Supplier<SandboxRepos> repos) {
        this(options, () -> {
            SandboxRepos r = repos.get();
            return r == null ? FaultSettings.NONE : r.primary().faults();
        }, server -> new GitHubApi(repos, server).register());
    }

    /** One engine's state as a fleet of one, built once it exists. */
    private static Supplier<SandboxRepos> one(Supplier<SandboxState> state) {
        AtomicReference<SandboxRepos> built = new AtomicReference<>();
        return () -> {
            SandboxRepos r = built.get();
            if (r != null) return r;
            SandboxState s = state.get();
            if (s == null) return null;
            built.compareAndSet(null, SandboxRepos.of(s));
            return built.get();
        };
    }

    /** Shorthand: 127.0.0.1, the given port (0 = ephemeral), 5,000 requests an hour. */
    public GitHubServer(SandboxState state, int port, String token) {
        this(state, Options.defaults(token).withPort(port));
    }

    /** The bare conventions with custom routes (tests of the pipeline itself). */
    GitHubServer(Options options, Supplier<FaultSettings> faults, Consumer<GitHubServer> routes) {
        this.options = options;
        this.faults = new FaultInjector(faults);
        this.budget = new RateBudget(options.rateLimit(), Duration.ofHours(1), options.clock());
        this.secondary = new SecondaryLimits(options.clock());
        new SecureRandom().nextBytes(signingKey);
        api.get("/rate_limit", this::rateLimit);
        api.get("/user", this::user);
        if (routes != null) routes.accept(this);
    }

    /** Binds and starts serving; returns this. */
    public synchronized GitHubServer start() {
        if (server != null) throw new IllegalStateException("already started");
        try {
            server = HttpServer.create(new InetSocketAddress(options.host(), options.port()), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + options.host() + ":" + options.port() + ": " + e.getMessage(), e);
        }
        executor = Executors.newFixedThreadPool(8, daemonThreads());
        server.setExecutor(executor);
        server.createContext("/", this::exchange);
        server.start();
        InetSocketAddress bound = server.getAddress();
        String host = bound.getAddress().getHostAddress();
        if (host.contains(":")) host = "[" + host + "]";
        baseUrl = "http://" + host + ":" + bound.getPort();
        LOG.info("GitHub sandbox API listening on {}", baseUrl);
        return this;
    }

    /** Stops at once; open requests are dropped. Idempotent. */
    public synchronized void stop() {
        if (server == null) return;
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server = null;
        LOG.info("GitHub sandbox API stopped");
    }

    @Override
    public void close() {
        stop();
    }

    /** "http://127.0.0.1:PORT": the API root for GITHUB_API_URL, and the root of html_url links. */
    public String baseUrl() {
        if (baseUrl == null) throw new IllegalStateException("server not started");
        return baseUrl;
    }

    /** "http://127.0.0.1:PORT/api/v3": the same API in the GitHub Enterprise Server layout. */
    public String enterpriseUrl() {
        return baseUrl() + ENTERPRISE_PREFIX;
    }

    public int port() {
        return server == null ? -1 : server.getAddress().getPort();
    }

    public Options options() {
        return options;
    }

    /** The primary limit ("core", per token per hour); {@link RateBudget#limit(int)} changes it. */
    public RateBudget budget() {
        return budget;
    }

    /** The secondary limits (off unless set) and the request counters: per repository, points, peaks, refusals. */
    public SecondaryLimits secondary() {
        return secondary;
    }

    /** Authenticated API endpoints (paths below the API root). */
    public ApiRouter api() {
        return api;
    }

    /** Unauthenticated pages behind html_url links (only under "/"). */
    public ApiRouter web() {
        return web;
    }

    /** Unauthenticated downloads under "/_sandbox/"; reached only through {@link #signedUrl}. */
    public ApiRouter blobs() {
        return blobs;
    }

    /**
     * A short-lived URL of a blob route (path below "/_sandbox/", e.g. "logs/jobs/7"), like the
     * storage URL GitHub redirects log downloads to.
     */
    public String signedUrl(String blobPath, Duration ttl) {
        long expires = options.clock().instant().plus(ttl).getEpochSecond();
        String path = BLOB_PREFIX + blobPath;
        return baseUrl() + path + "?expires=" + expires + "&sig=" + sign(path, expires);
    }

    // ---------------------------------------------------------------- pipeline

    private void exchange(HttpExchange ex) {
        try (ex) {
            ApiResponse response;
            boolean head = ex.getRequestMethod().equalsIgnoreCase("HEAD");
            try {
                response = respond(ex);
            } catch (RuntimeException e) {
                LOG.error("sandbox API failed on {} {}", ex.getRequestMethod(), ex.getRequestURI(), e);
                response = ApiResponse.error(500, "Server Error", ApiException.DOCS);
            }
            send(ex, response, head);
        } catch (IOException e) {
            LOG.debug("client went away: {}", e.getMessage());
        }
    }

    private ApiResponse respond(HttpExchange ex) throws IOException {
        String rawPath = ex.getRequestURI().getRawPath();
        String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
        String requestId = requestId();
        Map<String, String> headers = headers(ex.getRequestHeaders());
        byte[] body = readBody(ex.getRequestBody());

        if (rawPath.startsWith(BLOB_PREFIX)) {
            ApiRequest req = new ApiRequest(method, rawPath, ex.getRequestURI().getRawQuery(), headers, body, baseUrl, baseUrl);
            return withRequestId(blob(req), requestId);
        }

        boolean enterprise = rawPath.equals(ENTERPRISE_PREFIX) || rawPath.startsWith(ENTERPRISE_PREFIX + "/");
        String path = enterprise ? rawPath.substring(ENTERPRISE_PREFIX.length()) : rawPath;
        if (path.isEmpty()) path = "/";
        String apiBase = enterprise ? baseUrl + ENTERPRISE_PREFIX : baseUrl;
        ApiRequest req = new ApiRequest(method, path, ex.getRequestURI().getRawQuery(), headers, body, apiBase, baseUrl);

        ApiFlavour f = flavour;
        ApiRouter.Match match = api.match(method, path);
        if (!enterprise && f.enterprise()) {
            match = new ApiRouter.Match(null, null, Map.of(), false); // GHES serves its API under /api/v3 only
        } else if (match.handler() != null && !f.serves(match.route())) {
            match = new ApiRouter.Match(null, null, Map.of(), true); // not in this release
        }
        if (!enterprise && match.handler() == null && !match.pathKnown()) {
            ApiRouter.Match page = web.match(method, path);
            if (page.handler() != null) {
                req.pathParams(page.params());
                return withRequestId(call(page.handler(), req), requestId);
            }
        }

        String token = token(req.header("authorization"));
        if (token == null) {
            return withRequestId(ApiResponse.error(401, "Requires authentication", ApiException.DOCS), requestId);
        }
        String login;
        SandboxApp a = app;
        if (AppApi.jwtRoute(path)) {
            // the app's own endpoints take its JWT, verified with the app's public key
            String refused = a == null ? "A JSON web token could not be decoded" : a.verifyJwt(token, options.clock().instant());
            if (refused != null) return withRequestId(ApiResponse.error(401, refused, ApiException.DOCS), requestId);
            login = a.slug();
        } else {
            login = options.loginOf(token);
            if (login == null && a != null && a.valid(token, options.clock().instant())) login = a.botLogin();
        }
        if (login == null) {
            return withRequestId(ApiResponse.error(401, "Bad credentials", ApiException.DOCS), requestId);
        }
        req.login(login);

        SecondaryLimits.Refusal refused = secondary.enter(token, method, path);
        if (refused != null) {
            ApiResponse r = ApiResponse.error(refused.status(), String.format(Locale.ROOT, FaultInjector.SECONDARY_MESSAGE, requestId),
                    FaultInjector.SECONDARY_DOCS).header("Retry-After", String.valueOf(refused.retryAfterSeconds()));
            return finish(r, token, requestId);
        }
        try {
            return admitted(req, match, path, method, token, requestId);
        } finally {
            secondary.exit(token);
        }
    }

    /** The rest of the pipeline for a request within the secondary limits. */
    private ApiResponse admitted(ApiRequest req, ApiRouter.Match match, String path, String method, String token, String requestId) {
        sleep(faults.latency()); // inside the admitted span: a slow answer is a request in flight
        ApiResponse fault = faults.before(requestId);
        if (fault != null) return finish(fault, token, requestId);

        boolean free = path.equals("/rate_limit");
        boolean read = method.equals("GET") || method.equals("HEAD");
        if (!read && !free && !budget.consume(token)) return finish(rateLimited(requestId), token, requestId);

        ApiResponse response;
        if (match.handler() == null) {
            response = ApiResponse.error(404, "Not Found", ApiException.DOCS);
        } else {
            req.pathParams(match.params());
            response = call(match.handler(), req);
        }

        if (read && response.status() == 200) {
            if (response.isJson() && faults.corrupt()) response = malformed(response);
            String etag = etag(response.body());
            response.header("ETag", etag);
            response.header("Cache-Control", "private, max-age=60, s-maxage=60");
            response.header("Vary", "Accept, Authorization, Cookie, X-GitHub-OTP");
            if (notModified(req.header("if-none-match"), etag)) {
                ApiResponse notModified = ApiResponse.bytes(304, null, null);
                response.headers().forEach(notModified::header);
                notModified.headers().remove("Link");
                return finish(notModified, token, requestId);
            }
        }
        if (read && !free && !budget.consume(token)) return finish(rateLimited(requestId), token, requestId);
        return finish(response, token, requestId);
    }

    private ApiResponse call(ApiRouter.Handler handler, ApiRequest req) {
        try {
            ApiResponse r = handler.handle(req);
            return r == null ? ApiResponse.error(404, "Not Found", ApiException.DOCS) : r;
        } catch (ApiException e) {
            return ApiResponse.error(e);
        } catch (SandboxException e) {
            return ApiResponse.error(e.status(), e.getMessage(), ApiException.DOCS);
        }
    }

    private ApiResponse blob(ApiRequest req) {
        String expires = req.query("expires");
        String sig = req.query("sig");
        long exp;
        try {
            exp = expires == null ? -1 : Long.parseLong(expires);
        } catch (NumberFormatException e) {
            exp = -1;
        }
        if (exp < options.clock().instant().getEpochSecond() || sig == null
                || !MessageDigest.isEqual(sig.getBytes(StandardCharsets.UTF_8), sign(req.path(), exp).getBytes(StandardCharsets.UTF_8))) {
            // what blob storage answers for an expired or forged link
            return ApiResponse.bytes(403, "AuthenticationFailed: the link expired or is not valid".getBytes(StandardCharsets.UTF_8),
                    "text/plain; charset=utf-8");
        }
        ApiRouter.Match m = blobs.match(req.method(), req.path().substring(BLOB_PREFIX.length() - 1));
        if (m.handler() == null) {
            return ApiResponse.bytes(404, "BlobNotFound".getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
        }
        req.pathParams(m.params());
        return call(m.handler(), req);
    }

    private ApiResponse finish(ApiResponse r, String token, String requestId) {
        RateBudget.Window w = budget.peek(token);
        r.header("X-RateLimit-Limit", String.valueOf(w.limit()));
        r.header("X-RateLimit-Remaining", String.valueOf(w.remaining()));
        r.header("X-RateLimit-Reset", String.valueOf(w.resetEpochSeconds()));
        r.header("X-RateLimit-Used", String.valueOf(w.used()));
        r.header("X-RateLimit-Resource", "core");
        r.header("X-GitHub-Api-Version-Selected", API_VERSION);
        r.header("X-GitHub-Media-Type", "github.v3; format=json");
        if (flavour.enterprise()) r.header("X-GitHub-Enterprise-Version", flavour.enterpriseVersion());
        return withRequestId(r, requestId);
    }

    private static ApiResponse withRequestId(ApiResponse r, String requestId) {
        return r.header("X-GitHub-Request-Id", requestId);
    }

    private ApiResponse rateLimited(String requestId) {
        secondary.primaryAnswered();
        return ApiResponse.error(403, "API rate limit exceeded for user ID 1. If you reach out to GitHub Support for help,"
                        + " please include the request ID " + requestId + ".",
                "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-the-primary-rate-limit");
    }

    /** Cuts the body mid-way: what a client sees from a proxy that dropped the connection. */
    private static ApiResponse malformed(ApiResponse r) {
        byte[] b = r.body();
        byte[] cut = java.util.Arrays.copyOf(b, Math.max(1, b.length / 2));
        ApiResponse m = ApiResponse.bytes(r.status(), cut, r.contentType());
        r.headers().forEach(m::header);
        return m;
    }

    private static void send(HttpExchange ex, ApiResponse r, boolean head) throws IOException {
        Headers h = ex.getResponseHeaders();
        if (r.contentType() != null) h.set("Content-Type", r.contentType());
        r.headers().forEach(h::set);
        byte[] body = r.body();
        boolean noBody = head || body.length == 0 || r.status() == 204 || r.status() == 304;
        if (noBody) {
            if (head && body.length > 0) h.set("Content-Length", String.valueOf(body.length));
            ex.sendResponseHeaders(r.status(), -1);
            return;
        }
        ex.sendResponseHeaders(r.status(), body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    // ---------------------------------------------------------------- built-in endpoints

    private ApiResponse rateLimit(ApiRequest req) {
        String token = token(req.header("authorization"));
        RateBudget.Window w = budget.peek(token);
        Map<String, Object> resources = new LinkedHashMap<>();
        resources.put("core", window(w.limit(), w.used(), w.resetEpochSeconds()));
        long hour = options.clock().instant().plus(Duration.ofHours(1)).getEpochSecond();
        long minute = options.clock().instant().plus(Duration.ofMinutes(1)).getEpochSecond();
        resources.put("search", window(30, 0, minute));
        resources.put("graphql", window(5000, 0, hour));
        resources.put("integration_manifest", window(5000, 0, hour));
        resources.put("code_search", window(10, 0, minute));
        resources.put("actions_runner_registration", window(10000, 0, hour));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("resources", resources);
        // the top-level "rate" repeats "core" (GitHub keeps it for older clients; the description requires it)
        body.put("rate", window(w.limit(), w.used(), w.resetEpochSeconds()));
        return ApiResponse.ok(body);
    }

    private static Map<String, Object> window(int limit, int used, long reset) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("limit", limit);
        m.put("used", used);
        m.put("remaining", limit - used);
        m.put("reset", reset);
        return m;
    }

    /** The authenticated user: the public profile, as GET /users/{login} shows it. */
    private ApiResponse user(ApiRequest req) {
        return ApiResponse.ok(GitHubJson.profile(req, req.login()));
    }

    // ---------------------------------------------------------------- helpers

    /** The credential of "token X" or "Bearer X", else null. */
    static String token(String authorization) {
        if (authorization == null) return null;
        String a = authorization.trim();
        int space = a.indexOf(' ');
        if (space < 0) return null;
        String scheme = a.substring(0, space).toLowerCase(Locale.ROOT);
        if (!scheme.equals("token") && !scheme.equals("bearer")) return null;
        String t = a.substring(space + 1).trim();
        return t.isEmpty() ? null : t;
    }

    static String etag(byte[] body) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + HexFormat.of().formatHex(d, 0, 20) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** If-None-Match may list several tags and use the weak form. */
    static boolean notModified(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) return false;
        for (String t : ifNoneMatch.split(",")) {
            String tag = t.trim();
            if (tag.equals("*")) return true;
            if (tag.startsWith("W/")) tag = tag.substring(2);
            if (tag.equals(etag)) return true;
        }
        return false;
    }

    private String sign(String path, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signingKey, "HmacSHA256"));
            byte[] d = mac.doFinal((path + "\n" + expires).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Shaped like GitHub's X-GitHub-Request-Id; unique within this server. */
    private String requestId() {
        long n = requestCounter.incrementAndGet();
        return String.format(Locale.ROOT, "5A4D:%X:%06X:%08X", n, n & 0xffffff, (int) (n * 2654435761L));
    }

    private static Map<String, String> headers(Headers h) {
        Map<String, String> out = new HashMap<>();
        for (Map.Entry<String, List<String>> e : h.entrySet()) {
            if (!e.getValue().isEmpty()) out.put(e.getKey().toLowerCase(Locale.ROOT), String.join(", ", e.getValue()));
        }
        return out;
    }

    private static byte[] readBody(InputStream in) throws IOException {
        // request bodies here are small JSON documents; a megabyte is plenty
        return in.readNBytes(1 << 20);
    }

    private static void sleep(Duration d) {
        if (d.isZero()) return;
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "sandbox-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
