package dev.baton.tui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Finds and reads theme files. A user's $XDG_CONFIG_HOME/baton/themes/NAME.yaml wins over the built-in
 * copy of the top-level themes/ folder, which the build puts on the classpath as themes/NAME.yaml.
 */
public final class Themes {
    public static final List<String> BUILT_IN = List.of("default", "light", "high-contrast", "mono");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Path userDir;

    /** userDir may be null (no user themes). */
    public Themes(Path userDir) {
        this.userDir = userDir;
    }

    public static Path userDir(Map<String, String> env) {
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(env.getOrDefault("HOME", "."), ".config");
        return base.resolve("baton").resolve("themes");
    }

    /** Built-in names plus the user's files, sorted. */
    public List<String> names() {
        TreeSet<String> names = new TreeSet<>(BUILT_IN);
        if (userDir != null && Files.isDirectory(userDir)) {
            try (var files = Files.list(userDir)) {
                files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                        .forEach(n -> names.add(n.substring(0, n.length() - 5)));
            } catch (IOException ignored) {
                // an unreadable folder just offers the built-in themes
            }
        }
        return List.copyOf(names);
    }

    /** Loads a theme; a clear one-line IllegalArgumentException when unknown or malformed. */
    public Theme load(String name, ColorMode mode) {
        if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("theme name must be letters, digits, '.', '_' or '-', got '" + name + "'");
        }
        try {
            if (userDir != null) {
                Path file = userDir.resolve(name + ".yaml");
                if (Files.isRegularFile(file)) {
                    try (InputStream in = Files.newInputStream(file)) {
                        return parse(name, in, mode);
                    }
                }
            }
            try (InputStream in = Themes.class.getResourceAsStream("/themes/" + name + ".yaml")) {
                if (in == null) {
                    throw new IllegalArgumentException("unknown theme '" + name + "' (have: " + String.join(", ", names()) + ")");
                }
                return parse(name, in, mode);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("theme " + name + ": cannot read: " + e.getMessage());
        }
    }

    static Theme parse(String name, InputStream in, ColorMode mode) {
        JsonNode root;
        try {
            root = YAML.readTree(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("theme " + name + ": not valid YAML: " + firstLine(e.getMessage()));
        }
        if (root == null || !root.path("roles").isObject()) {
            throw new IllegalArgumentException("theme " + name + ": needs a 'roles:' mapping");
        }
        Map<String, Theme.RoleSpec> roles = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.get("roles").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (v.isTextual()) {
                roles.put(e.getKey(), new Theme.RoleSpec(v.asText(), null, null, null, null));
            } else if (v.isObject()) {
                roles.put(e.getKey(), new Theme.RoleSpec(text(v, "fg"), text(v, "bg"), bool(v, "bold"),
                        bool(v, "reverse"), bool(v, "underline")));
            } else {
                throw new IllegalArgumentException("theme " + name + ": role " + e.getKey() + " must be a colour or {fg, bg, bold, reverse, underline}");
            }
        }
        return new Theme(name, roles, mode);
    }

    private static String text(JsonNode v, String key) {
        JsonNode n = v.get(key);
        return n == null || n.isNull() ? null : n.asText();
    }

    private static Boolean bool(JsonNode v, String key) {
        JsonNode n = v.get(key);
        return n == null || n.isNull() ? null : n.asBoolean();
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
