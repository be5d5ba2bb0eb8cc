package dev.baton.tui;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /**
     * Reads a theme file. Theme files use a small subset of YAML, read by hand because a YAML library
     * costs more start-up time than the whole first frame: comments, {@code name: x}, and under
     * {@code roles:} one role per line as {@code role: colour} or {@code role: {fg: x, bg: y, bold: true}},
     * or a role with its keys indented below it.
     */
    static Theme parse(String name, InputStream in, ColorMode mode) throws IOException {
        String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        Map<String, Map<String, String>> roles = new LinkedHashMap<>();
        boolean inRoles = false;
        String openRole = null;
        int roleIndent = -1;
        String[] lines = text.split("\r?\n");
        for (int n = 0; n < lines.length; n++) {
            String raw = stripComment(lines[n]);
            if (raw.isBlank()) continue;
            int indent = raw.length() - raw.stripLeading().length();
            String line = raw.strip();
            String where = "theme " + name + ": line " + (n + 1);
            int colon = line.indexOf(':');
            if (colon <= 0) throw new IllegalArgumentException(where + ": expected 'key: value'");
            String key = unquote(line.substring(0, colon).strip());
            String value = line.substring(colon + 1).strip();
            if (indent == 0) {
                inRoles = key.equals("roles");
                openRole = null;
                if (inRoles && !value.isEmpty()) throw new IllegalArgumentException(where + ": put each role on its own line under 'roles:'");
                continue;
            }
            if (!inRoles) continue;
            if (openRole != null && indent > roleIndent) {
                roles.get(openRole).put(key, unquote(value));
                continue;
            }
            roleIndent = indent;
            openRole = null;
            Map<String, String> spec = new LinkedHashMap<>();
            roles.put(key, spec);
            if (value.isEmpty()) {
                openRole = key;
            } else if (value.startsWith("{")) {
                if (!value.endsWith("}")) throw new IllegalArgumentException(where + ": '{' without '}'");
                for (String part : value.substring(1, value.length() - 1).split(",")) {
                    if (part.isBlank()) continue;
                    int c = part.indexOf(':');
                    if (c <= 0) throw new IllegalArgumentException(where + ": expected 'key: value' inside { }");
                    spec.put(unquote(part.substring(0, c).strip()), unquote(part.substring(c + 1).strip()));
                }
            } else {
                spec.put("fg", unquote(value));
            }
        }
        if (roles.isEmpty()) throw new IllegalArgumentException("theme " + name + ": needs a 'roles:' mapping");
        Map<String, Theme.RoleSpec> specs = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, String>> e : roles.entrySet()) {
            Map<String, String> m = e.getValue();
            for (String k : m.keySet()) {
                if (!List.of("fg", "bg", "bold", "reverse", "underline").contains(k)) {
                    throw new IllegalArgumentException("theme " + name + ": role " + e.getKey() + ": unknown key '" + k
                            + "' (fg, bg, bold, reverse, underline)");
                }
            }
            specs.put(e.getKey(), new Theme.RoleSpec(m.get("fg"), m.get("bg"), bool(m.get("bold")), bool(m.get("reverse")), bool(m.get("underline"))));
        }
        return new Theme(name, specs, mode);
    }

    private static String stripComment(String line) {
        boolean dq = false, sq = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"' && !sq) dq = !dq;
            else if (c == '\'' && !dq) sq = !sq;
            else if (c == '#' && !dq && !sq && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) return line.substring(0, i);
        }
        return line;
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }

    private static Boolean bool(String v) {
        if (v == null) return null;
        return v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes") || v.equalsIgnoreCase("on");
    }
}
