package dev.baton.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The sandbox repository's files and settings, read from classpath resources:
 * sandbox/repo/files.txt lists the files of sandbox/repo/; sandbox/overlays/NAME/files.txt lists files
 * that replace or add to them ("-path" removes one); sandbox/settings.yml holds what GitHub keeps
 * outside the repository (owner/name, environments with required reviewers, variables).
 */
final class RepoContent {
    final String owner;
    final String name;
    final String defaultBranch;
    final String defaultUser;
    /** path -> text, sorted by path. */
    final Map<String, String> files;
    /** environment name (lower case) -> required reviewers (empty: no protection). */
    final Map<String, List<String>> environments;
    final Map<String, Object> vars;

    private RepoContent(String owner, String name, String defaultBranch, String defaultUser, Map<String, String> files,
                        Map<String, List<String>> environments, Map<String, Object> vars) {
        this.owner = owner;
        this.name = name;
        this.defaultBranch = defaultBranch;
        this.defaultUser = defaultUser;
        this.files = files;
        this.environments = environments;
        this.vars = vars;
    }

    /** The default repository with the named overlays applied in order, then extra files (path -> text, null removes). */
    static RepoContent load(List<String> overlays, Map<String, String> extraFiles) {
        return load(overlays, extraFiles, null);
    }

    /**
     * A fleet repository (null: the default one): its variant's overlays, then the named ones, then its
     * transformation of the files, then extra files.
     */
    static RepoContent load(List<String> overlays, Map<String, String> extraFiles, FleetRepo repo) {
        Map<String, String> files = new TreeMap<>();
        readTree("sandbox/repo/", files);
        List<String> all = new ArrayList<>(repo == null ? List.of() : repo.overlays());
        all.addAll(overlays);
        for (String overlay : all) {
            if (!overlay.matches("[a-z0-9-]+")) throw new IllegalArgumentException("bad overlay name: " + overlay);
            if (resource("sandbox/overlays/" + overlay + "/files.txt") == null) {
                throw new IllegalArgumentException("unknown repository overlay '" + overlay + "' (known: " + String.join(", ", knownOverlays()) + ")");
            }
            readTree("sandbox/overlays/" + overlay + "/", files);
        }
        if (repo != null) {
            Map<String, String> variant = repo.transform(files);
            files.clear();
            files.putAll(variant);
        }
        extraFiles.forEach((path, text) -> {
            if (text == null) files.remove(path);
            else files.put(path, text);
        });
        Map<String, Object> settings = readSettings();
        Map<String, List<String>> envs = new LinkedHashMap<>();
        Object e = settings.get("environments");
        if (e instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                List<String> reviewers = new ArrayList<>();
                if (v instanceof Map<?, ?> vm && vm.get("reviewers") instanceof List<?> l) l.forEach(r -> reviewers.add(String.valueOf(r)));
                envs.put(String.valueOf(k).toLowerCase(Locale.ROOT), List.copyOf(reviewers));
            });
        }
        Map<String, Object> vars = new LinkedHashMap<>();
        if (settings.get("vars") instanceof Map<?, ?> vm) vm.forEach((k, v) -> vars.put(String.valueOf(k), String.valueOf(v)));
        if (repo != null && repo.index() > 0) {
            return new RepoContent(repo.owner(), repo.name(), str(settings, "default_branch", "main"), str(settings, "user", "sandbox-user"),
                    files, envs, repo.vars(vars));
        }
        return new RepoContent(str(settings, "owner", "acme"), str(settings, "name", "sentiment-analyzer"),
                str(settings, "default_branch", "main"), str(settings, "user", "sandbox-user"), files, envs, vars);
    }

    static List<String> knownOverlays() {
        String index = text("sandbox/overlays/index.txt");
        return index == null ? List.of() : index.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    private static void readTree(String root, Map<String, String> files) {
        String index = text(root + "files.txt");
        if (index == null) throw new IllegalStateException("missing resource " + root + "files.txt");
        for (String line : index.lines().map(String::strip).toList()) {
            if (line.isEmpty() || line.startsWith("#")) continue;
            if (line.startsWith("-")) {
                files.remove(line.substring(1).strip());
                continue;
            }
            String body = text(root + line);
            if (body == null) throw new IllegalStateException("missing resource " + root + line);
            files.put(line, body);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readSettings() {
        String yaml = text("sandbox/settings.yml");
        if (yaml == null) return Map.of();
        try {
            Object o = new ObjectMapper(new YAMLFactory()).readValue(yaml, Object.class);
            return o instanceof Map ? (Map<String, Object>) o : Map.of();
        } catch (IOException ex) {
            throw new IllegalStateException("sandbox/settings.yml: " + ex.getMessage(), ex);
        }
    }

    private static String str(Map<String, Object> m, String key, String dflt) {
        Object v = m.get(key);
        return v == null ? dflt : String.valueOf(v);
    }

    private static java.net.URL resource(String path) {
        return RepoContent.class.getClassLoader().getResource(path);
    }

    /** Resources read once per process: a fleet of hundreds of repositories reads the same few files. */
    private static final java.util.concurrent.ConcurrentHashMap<String, Optional<String>> TEXTS = new java.util.concurrent.ConcurrentHashMap<>();

    static String text(String path) {
        return TEXTS.computeIfAbsent(path, RepoContent::read).orElse(null);
    }

    private static Optional<String> read(String path) {
        try (InputStream in = RepoContent.class.getClassLoader().getResourceAsStream(path)) {
            return Optional.ofNullable(in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read resource " + path + ": " + e.getMessage(), e);
        }
    }
}
