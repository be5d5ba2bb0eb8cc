package dev.baton.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.fail;

/**
 * Golden text files under src/test/resources/golden/DIR: -Dgolden.update=true rewrites them from the actual
 * output (review the git diff). On a mismatch the failure shows the first differing lines and the actual
 * text is written to target/golden-actual/DIR for a full diff.
 */
public final class GoldenFile {
    private GoldenFile() {
    }

    public static void check(String dir, String name, String actual) throws IOException {
        Path file = Path.of("src/test/resources/golden", dir, name);
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            return;
        }
        if (!Files.exists(file)) fail("golden file %s is missing: run with -Dgolden.update=true to create it, then review it", file);
        String expected = Files.readString(file, StandardCharsets.UTF_8);
        if (expected.equals(actual)) return;
        Path out = Path.of("target/golden-actual", dir, name);
        Files.createDirectories(out.getParent());
        Files.writeString(out, actual, StandardCharsets.UTF_8);
        fail("%s differs from %s (actual in %s; -Dgolden.update=true accepts it):%n%s", name, file, out, diff(expected, actual));
    }

    /** The differing lines, "-expected" / "+actual" with their line numbers, at most 20. */
    static String diff(String expected, String actual) {
        List<String> a = expected.lines().toList();
        List<String> b = actual.lines().toList();
        StringBuilder sb = new StringBuilder();
        int shown = 0;
        for (int i = 0; i < Math.max(a.size(), b.size()) && shown < 20; i++) {
            String x = i < a.size() ? a.get(i) : null;
            String y = i < b.size() ? b.get(i) : null;
            if (x != null && x.equals(y)) continue;
            if (x != null) sb.append(String.format("%4d -%s%n", i + 1, x));
            if (y != null) sb.append(String.format("%4d +%s%n", i + 1, y));
            shown++;
        }
        return sb.toString();
    }
}
