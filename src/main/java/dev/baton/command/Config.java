package dev.baton.command;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.baton.files.PrivateFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * baton's configuration file ($XDG_CONFIG_HOME/baton/config.yaml or --config). Every key is optional:
 * with no file at all, baton watches BATON_REPO (or GITHUB_REPOSITORY) laid out like the reference
 * pipeline. Documented key by key in docs/configuration.md.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record Config(List<Repository> repositories, String refresh, @JsonProperty("stale_lock_after") String staleLockAfter,
                     @JsonProperty("read_only") Boolean readOnly, String theme, Audit audit, Serve serve, List<Org> orgs) {

    /**
     * baton serve: operators are the local door's Unix users, or @groups, who may change things (everyone else is a
     * viewer); idle_timeout closes a screen nobody typed into for that long (default 8h).
     */
    public record Serve(List<String> operators,
                        @JsonProperty("idle_timeout") @com.fasterxml.jackson.annotation.JsonAlias("idle-timeout") String idleTimeout) {
        public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofHours(8);

        public List<String> operatorsOrEmpty() {
            return operators == null ? List.of() : operators;
        }

        public Duration idleTimeoutOrDefault() {
            return positive(idleTimeout, DEFAULT_IDLE_TIMEOUT, "serve.idle_timeout");
        }
    }

    /** token_env: the environment variable holding this repository's token (a GHES beside github.com); else the usual ones. */
    public record Repository(String repo, @JsonProperty("api_url") String apiUrl, List<Environment> environments,
                             List<String> groups, @JsonProperty("backend_dirs") List<String> backendDirs,
                             @JsonProperty("token_env") String tokenEnv) {
        /** A repository the configuration does not describe: the reference layout, the usual credentials. */
        public static Repository named(String repo) {
            return new Repository(repo, null, null, null, null, null);
        }
    }

    /** An organisation whose repositories baton discovers (those whose workflows declare groups or run Terraform). */
    public record Org(String org, @JsonProperty("api_url") String apiUrl, @JsonProperty("token_env") String tokenEnv) {
    }

    /** locks: s3://bucket/key.tflock or dynamodb://table/LockID, or s3://bucket/prefix/ for all locks below it. */
    public record Environment(String name, Integer order, List<String> groups, List<String> workflows, List<String> locks) {
    }

    /** bucket_copy: also write each unlock's audit record beside the lock, as <lock>.baton-audit/<time>.json. */
    public record Audit(@JsonProperty("bucket_copy") Boolean bucketCopy, String file) {
    }

    public static final Config EMPTY = new Config(List.of(), null, null, null, null, null, null, null);

    /**
     * Built on first use, not with this class: every start touches Config (stateDir) and an ObjectMapper
     * costs about 250 ms of start-up (date formats, locale data), which without a config file is pure waste.
     */
    private static final class Yaml {
        static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** A YAML or mapping error as one line that names the key or the place, never a Java class. */
    static String oneLine(com.fasterxml.jackson.core.JsonProcessingException e) {
        org.yaml.snakeyaml.error.MarkedYAMLException m = null;
        for (Throwable c = e; c != null && m == null; c = c.getCause()) {
            if (c instanceof org.yaml.snakeyaml.error.MarkedYAMLException found) m = found;
        }
        if (m != null) {
            org.yaml.snakeyaml.error.Mark mark = m.getProblemMark() != null ? m.getProblemMark() : m.getContextMark();
            String problem = m.getProblem() != null ? m.getProblem() : "invalid YAML";
            return (mark == null ? "" : "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ": ")
                    + "invalid YAML: " + problem + (m.getContext() != null ? " (" + m.getContext() + ")" : "");
        }
        String path = e instanceof com.fasterxml.jackson.databind.JsonMappingException jm ? keyPath(jm.getPath()) : "";
        if (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException u) {
            List<String> known = u.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
            return "unknown key '" + path + "' (known here: " + String.join(", ", known) + ")";
        }
        if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException mi && mi.getTargetType() != null) {
            String what = path.isEmpty() ? "the file" : path;
            if (mi instanceof com.fasterxml.jackson.databind.exc.InvalidFormatException f) what += ": '" + f.getValue() + "'";
            return what + " is not " + expected(mi.getTargetType());
        }
        String message = e.getOriginalMessage() == null ? "invalid" : e.getOriginalMessage().lines().findFirst().orElse("invalid");
        return (path.isEmpty() ? "" : path + ": ") + message;
    }

    private static String expected(Class<?> type) {
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) return "a list";
        if (java.util.Map.class.isAssignableFrom(type)) return "a mapping";
        if (type == Boolean.class || type == boolean.class) return "true or false";
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) return "a number";
        if (type == String.class) return "text";
        return "a mapping of " + type.getSimpleName().toLowerCase(java.util.Locale.ROOT) + " keys";
    }

    private static String keyPath(List<com.fasterxml.jackson.databind.JsonMappingException.Reference> refs) {
        StringBuilder sb = new StringBuilder();
        for (var r : refs) {
            if (r.getFieldName() != null) sb.append(sb.length() == 0 ? "" : ".").append(r.getFieldName());
            else if (r.getIndex() >= 0) sb.append('[').append(r.getIndex()).append(']');
        }
        return sb.toString();
    }

    /** The shortest refresh: a poll every 250 ms is already 4 requests a second; 0s would be a busy loop. */
    static final Duration MIN_REFRESH = Duration.ofMillis(250);

    /**
     * Reads and validates the file: every key is optional (an empty or comment-only file is valid), but a key
     * that is given must make sense. @throws ConfigException one line naming the file and the key
     */
    public static Config load(Path file) {
        try {
            String text = dev.baton.workflow.InputLimits.read(file, "a config file");
            Config c = text.lines().allMatch(l -> l.isBlank() || l.strip().startsWith("#") || l.strip().equals("---"))
                    ? EMPTY : Yaml.MAPPER.readValue(text, Config.class);
            if (c == null) return EMPTY;
            try {
                c.validate();
            } catch (ConfigException e) {
                throw new ConfigException(file + ": " + e.getMessage());
            }
            return c;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ConfigException(file + ": " + oneLine(e));
        } catch (dev.baton.workflow.InputLimits.TooLarge e) {
            throw new ConfigException(e.getMessage());
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    /** @throws ConfigException "key: what is wrong", without the file (load adds it) */
    void validate() {
        if (refresh != null) {
            Duration d = duration(refresh, null, "refresh");
            if (d.compareTo(MIN_REFRESH) < 0) throw new ConfigException("refresh: must be at least 250ms, got " + refresh.strip());
        }
        if (staleLockAfter != null) positive(staleLockAfter, null, "stale_lock_after");
        if (serve != null) serve.idleTimeoutOrDefault(); // a bad serve.idle_timeout is said at start, as refresh is
        if (audit != null && audit.file() != null && audit.file().isBlank()) throw new ConfigException("audit.file: must not be empty");
        List<Org> os = orgsOrEmpty();
        for (int i = 0; i < os.size(); i++) {
            String at = "orgs[" + i + "]";
            Org o = os.get(i);
            if (o == null) throw new ConfigException(at + ": empty entry (each needs org: NAME)");
            if (o.org() == null || !o.org().strip().matches("[A-Za-z0-9][A-Za-z0-9-]*")) {
                throw new ConfigException(at + ".org: " + (o.org() == null ? "missing (NAME)" : "'" + o.org() + "' is not an organisation name"));
            }
            if (o.tokenEnv() != null && o.tokenEnv().isBlank()) throw new ConfigException(at + ".token_env: must not be empty");
        }
        List<Repository> repos = repositoriesOrEmpty();
        for (int i = 0; i < repos.size(); i++) {
            String at = "repositories[" + i + "]";
            Repository r = repos.get(i);
            if (r == null) throw new ConfigException(at + ": empty entry (each needs repo: OWNER/NAME)");
            if (r.repo() == null || r.repo().isBlank()) throw new ConfigException(at + ": missing repo (OWNER/NAME)");
            try {
                dev.baton.model.RepoRef.parse(r.repo());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(at + ".repo: " + e.getMessage());
            }
            if (r.tokenEnv() != null && r.tokenEnv().isBlank()) throw new ConfigException(at + ".token_env: must not be empty");
            noNulls(r.groups(), at + ".groups");
            noNulls(r.backendDirs(), at + ".backend_dirs");
            List<Environment> envs = r.environments() == null ? List.of() : r.environments();
            for (int j = 0; j < envs.size(); j++) {
                String ea = at + ".environments[" + j + "]";
                Environment e = envs.get(j);
                if (e == null) throw new ConfigException(ea + ": empty entry (each needs name:)");
                if (e.name() == null || e.name().isBlank()) throw new ConfigException(ea + ": missing name");
                noNulls(e.groups(), ea + ".groups");
                noNulls(e.workflows(), ea + ".workflows");
                noNulls(e.locks(), ea + ".locks");
                List<String> locks = e.locks() == null ? List.of() : e.locks();
                for (int k = 0; k < locks.size(); k++) {
                    try {
                        LockTargets.parseUri(locks.get(k));
                    } catch (IllegalArgumentException ex) {
                        throw new ConfigException(ea + ".locks[" + k + "]: " + ex.getMessage());
                    }
                }
            }
        }
    }

    private static void noNulls(List<String> list, String at) {
        if (list == null) return;
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == null || list.get(i).isBlank()) throw new ConfigException(at + "[" + i + "]: empty entry");
        }
    }

    public List<Repository> repositoriesOrEmpty() {
        return repositories == null ? List.of() : repositories;
    }

    public List<Org> orgsOrEmpty() {
        return orgs == null ? List.of() : orgs;
    }

    public Duration refreshInterval() {
        return duration(refresh, Duration.ofSeconds(5), "refresh");
    }

    public Duration staleLockThreshold() {
        return duration(staleLockAfter, Duration.ofHours(2), "stale_lock_after");
    }

    /** Like {@link #duration}, and more than zero: a timeout, a look-back, an interval. */
    public static Duration positive(String text, Duration fallback, String key) {
        Duration d = duration(text, fallback, key);
        if (d != null && (d.isZero() || d.isNegative())) throw new ConfigException(key + ": must be more than 0, got " + text.strip());
        return d;
    }

    /** "5s", "2m", "1h", "500ms" or ISO-8601 ("PT5S"); never negative. */
    public static Duration duration(String text, Duration fallback, String key) {
        if (text == null || text.isBlank()) return fallback;
        Duration d = parse(text, key);
        if (d.isNegative()) throw new ConfigException(key + ": must not be negative, got " + text.strip());
        return d;
    }

    private static Duration parse(String text, String key) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (t.startsWith("pt") || t.startsWith("p")) return Duration.parse(t.toUpperCase(java.util.Locale.ROOT));
            if (t.endsWith("ms")) return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new NumberFormatException();
            };
        } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException | ArithmeticException e) {
            throw new ConfigException(key + ": '" + text + "' is not a duration (e.g. 5s, 2m, 1h)");
        }
    }

    /** Where the config file is looked for when --config is not given. */
    public static Path defaultPath(Map<String, String> env) {
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("baton").resolve("config.yaml");
    }

    public static Path stateDir(Map<String, String> env) {
        String xdg = env.get("XDG_STATE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "state");
        return base.resolve("baton");
    }

    public static Path cacheDir(Map<String, String> env) {
        String xdg = env.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("baton");
    }

    /**
     * OkHttp's cache of GitHub responses: $XDG_CACHE_HOME/baton/github. Deletes the folder older versions
     * used, $XDG_CACHE_HOME/baton/http, on the way: its entries hold the token in clear text (issue 10).
     */
    public static Path githubCacheDir(Map<String, String> env) {
        Path base = cacheDir(env);
        deleteTree(base.resolve("http"));
        try {
            PrivateFiles.directory(base);
        } catch (IOException e) {
            // the client says so when it cannot make its folder inside
        }
        return base.resolve("github");
    }

    /** Best effort, never follows a symbolic link out of the folder, and says nothing about what it held. */
    private static void deleteTree(Path dir) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException | UncheckedIOException e) {
            // another process is deleting it too, or it is not ours to delete: the next start tries again
        }
    }

    public static class ConfigException extends RuntimeException {
        public ConfigException(String message) {
            super(message);
        }
    }
}
