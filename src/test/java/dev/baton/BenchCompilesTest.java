package dev.baton;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmarks under bench/ are built by bench/run, not by Maven: compiled here against the product's classes,
 * as bench/run compiles them, so a refactoring that breaks one fails the suite instead of the next measurement.
 */
class BenchCompilesTest {
    @Test
    void everyBenchmarkCompilesAgainstTheProduct(@TempDir Path out) throws IOException {
        List<String> args = new ArrayList<>(List.of("-nowarn", "-proc:none", "-d", out.toString(), "-cp", System.getProperty("java.class.path")));
        try (Stream<Path> files = Files.walk(Path.of("bench/src"))) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> args.add(f.toString()));
        }
        assertThat(args).as("bench/src holds the benchmarks").anyMatch(a -> a.endsWith("Bench.java"));
        // what bench/run finds in the testkit through its -sourcepath (not the golden-file helper: it needs the test libraries)
        args.add("src/test/java/dev/baton/testkit/Launcher.java");
        args.add("src/test/java/dev/baton/testkit/Tmux.java");
        args.add("src/test/java/dev/baton/testkit/ManualClock.java");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = javac.run(null, null, err, args.toArray(String[]::new));
        assertThat(code).as(err.toString()).isZero();
    }
}
