package dev.baton.sandbox;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A GitHub App installed on the sandbox's organisation, as GitHub runs one: an app id, an RSA key pair
 * whose private half the sandbox writes as a PEM file (PKCS#1, as GitHub hands it out) for a test or
 * demo, one installation on all repositories. The app proves itself with an RS256 JWT (verified here
 * with the public key: {@code iss} the app id, {@code iat} not in the future beyond a minute of drift,
 * {@code exp} in the future and at most ten minutes after {@code iat}); it buys installation tokens
 * ({@code ghs_...}) that live {@code tokenLifetime} (GitHub: one hour) and then answer 401
 * "Bad credentials". Tokens are kept as SHA-256 digests; none is ever logged.
 */
public final class SandboxApp {
    /** GitHub refuses a JWT whose exp is more than ten minutes after its iat. */
    static final Duration MAX_JWT_LIFE = Duration.ofMinutes(10);
    static final Duration DRIFT = Duration.ofSeconds(60);
    private static final String TOKEN_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final long appId;
    private final String slug;
    private final long installationId;
    private final String account;
    private final KeyPair keys;
    private volatile Duration tokenLifetime;
    /** sha-256 of a token -> when it expires. */
    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final java.util.concurrent.atomic.AtomicInteger issued = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * @param account the organisation the app is installed on (all of its repositories)
     * @param tokenLifetime how long an installation token lives (GitHub: 1 h)
     */
    public SandboxApp(long appId, String slug, long installationId, String account, Duration tokenLifetime) {
        this(appId, slug, installationId, account, tokenLifetime, newKeys());
    }

    /** keys: the app's RSA key pair (tests share one: a 2048-bit key takes 0.3-2 s to make). */
    public SandboxApp(long appId, String slug, long installationId, String account, Duration tokenLifetime, KeyPair keys) {
        if (tokenLifetime == null || tokenLifetime.isNegative() || tokenLifetime.isZero()) {
            throw new IllegalArgumentException("an installation token's lifetime must be positive");
        }
        this.appId = appId;
        this.slug = slug;
        this.installationId = installationId;
        this.account = account;
        this.tokenLifetime = tokenLifetime;
        this.keys = keys;
    }

    /** A new 2048-bit RSA key pair, as GitHub makes for an app. */
    public static KeyPair newKeys() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make the sandbox app's RSA key: " + e.getMessage(), e);
        }
    }

    /** App 1 "baton-sandbox", installation 1 on account, tokens living one hour. */
    public static SandboxApp forAccount(String account) {
        return forAccount(account, newKeys());
    }

    /** {@link #forAccount(String)} with these keys. */
    public static SandboxApp forAccount(String account, KeyPair keys) {
        return new SandboxApp(424_242L, "baton-sandbox", 51_515_151L, account, Duration.ofHours(1), keys);
    }

    public long appId() {
        return appId;
    }

    public String slug() {
        return slug;
    }

    public long installationId() {
        return installationId;
    }

    public String account() {
        return account;
    }

    /** The login installation tokens act as: "SLUG[bot]", as on GitHub. */
    public String botLogin() {
        return slug + "[bot]";
    }

    public Duration tokenLifetime() {
        return tokenLifetime;
    }

    /** Changes the lifetime of tokens issued from now on (tests: seconds, to meet an expiry mid-run). */
    public void tokenLifetime(Duration d) {
        if (d == null || d.isNegative() || d.isZero()) throw new IllegalArgumentException("an installation token's lifetime must be positive");
        tokenLifetime = d;
    }

    /** Repositories ("owner/name", lower case) the installation does not reach: its tokens get 404 there. */
    private final java.util.Set<String> withheld = ConcurrentHashMap.newKeySet();

    /**
     * Takes repositories out of the installation ("selected repositories" on GitHub): its tokens then get
     * 404 on them and do not list them, as for a repository the app was not granted (tests: a repository
     * the credential lacks access to while the others keep working).
     */
    public void withhold(String... fullNames) {
        for (String n : fullNames) withheld.add(n.toLowerCase(java.util.Locale.ROOT));
    }

    /** Whether the installation reaches owner/name. */
    public boolean reaches(String owner, String name) {
        return account.equalsIgnoreCase(owner) && !withheld.contains((owner + "/" + name).toLowerCase(java.util.Locale.ROOT));
    }

    /** "all", or "selected" once a repository is withheld. */
    String repositorySelection() {
        return withheld.isEmpty() ? "all" : "selected";
    }

    public PublicKey publicKey() {
        return keys.getPublic();
    }

    /** Writes the private key as GitHub hands it out ("BEGIN RSA PRIVATE KEY", PKCS#1), mode 0600, whole or not at all. */
    public void writePrivateKey(Path file) throws IOException {
        byte[] pkcs1 = pkcs1(keys.getPrivate().getEncoded());
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pkcs1);
        dev.baton.files.PrivateFiles.replace(file, "-----BEGIN RSA PRIVATE KEY-----\n" + b64 + "\n-----END RSA PRIVATE KEY-----\n");
    }

    /** The PKCS#1 RSAPrivateKey inside a PKCS#8 PrivateKeyInfo: SEQUENCE { INTEGER, SEQUENCE alg, OCTET STRING key }. */
    static byte[] pkcs1(byte[] pkcs8) {
        int[] pos = {0};
        expect(pkcs8, pos, 0x30);
        length(pkcs8, pos);
        expect(pkcs8, pos, 0x02);
        int version = length(pkcs8, pos); // read before moving past: pos[0] += length(...) would lose the move
        pos[0] += version;
        expect(pkcs8, pos, 0x30);
        int algorithm = length(pkcs8, pos);
        pos[0] += algorithm;
        expect(pkcs8, pos, 0x04);
        int n = length(pkcs8, pos);
        return java.util.Arrays.copyOfRange(pkcs8, pos[0], pos[0] + n);
    }

    private static void expect(byte[] der, int[] pos, int tag) {
        if ((der[pos[0]++] & 0xff) != tag) throw new IllegalStateException("unexpected DER in the private key");
    }

    private static int length(byte[] der, int[] pos) {
        int b = der[pos[0]++] & 0xff;
        if (b < 0x80) return b;
        int n = 0;
        for (int i = 0; i < (b & 0x7f); i++) n = (n << 8) | (der[pos[0]++] & 0xff);
        return n;
    }

    /**
     * Checks a JWT as GitHub does for the app's endpoints; null when it proves this app, else GitHub's
     * message for the 401.
     */
    String verifyJwt(String jwt, Instant now) {
        String[] parts = jwt.split("\\.", -1);
        if (parts.length != 3) return "A JSON web token could not be decoded";
        JsonNode header;
        JsonNode claims;
        try {
            Base64.Decoder d = Base64.getUrlDecoder();
            header = ApiResponse.JSON.readTree(d.decode(parts[0]));
            claims = ApiResponse.JSON.readTree(d.decode(parts[1]));
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initVerify(keys.getPublic());
            rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!"RS256".equals(header.path("alg").asText()) || !rsa.verify(d.decode(parts[2]))) {
                return "A JSON web token could not be decoded";
            }
        } catch (IOException | IllegalArgumentException | GeneralSecurityException e) {
            return "A JSON web token could not be decoded";
        }
        JsonNode iss = claims.get("iss");
        if (iss == null || !String.valueOf(appId).equals(iss.asText())) return "Integration not found";
        JsonNode iat = claims.get("iat");
        JsonNode exp = claims.get("exp");
        if (iat == null || !iat.canConvertToLong()) {
            return "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued.";
        }
        if (exp == null || !exp.canConvertToLong()) {
            return "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires.";
        }
        Instant issued = Instant.ofEpochSecond(iat.asLong());
        Instant expires = Instant.ofEpochSecond(exp.asLong());
        if (issued.isAfter(now.plus(DRIFT))) {
            return "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued.";
        }
        if (!expires.isAfter(now)) {
            return "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires.";
        }
        if (Duration.between(issued, expires).compareTo(MAX_JWT_LIFE) > 0) return "'Expiration time' claim ('exp') is too far in the future.";
        return null;
    }

    /** A new installation token and when it expires. */
    synchronized Map.Entry<String, Instant> issue(Instant now) {
        StringBuilder sb = new StringBuilder("ghs_");
        for (int i = 0; i < 36; i++) sb.append(TOKEN_CHARS.charAt(random.nextInt(TOKEN_CHARS.length())));
        Instant expires = now.plus(tokenLifetime);
        String token = sb.toString();
        for (Iterator<Map.Entry<String, Instant>> it = tokens.entrySet().iterator(); it.hasNext(); ) {
            if (!it.next().getValue().isAfter(now)) it.remove(); // forget the long expired
        }
        tokens.put(digest(token), expires);
        issued.incrementAndGet();
        return Map.entry(token, expires);
    }

    /** Whether this is an installation token of the app still valid at now. */
    boolean valid(String token, Instant now) {
        Instant expires = tokens.get(digest(token));
        return expires != null && expires.isAfter(now);
    }

    /** How many installation tokens were issued (tests: a renewal happened). */
    public int issued() {
        return issued.get();
    }

    /** How many installation tokens are still valid at now. */
    public int liveTokens(Instant now) {
        int n = 0;
        for (Instant e : tokens.values()) if (e.isAfter(now)) n++;
        return n;
    }

    private static String digest(String token) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
