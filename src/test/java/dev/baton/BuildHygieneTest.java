package dev.baton;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 12 section 5: build and launcher hygiene. */
class BuildHygieneTest {
    private static final Path ROOT = Path.of(System.getProperty("user.dir"));

    @TempDir
    Path tmp;

    /**
     * `mvn package` then `mvn verify`: the jar plugin found target/baton.jar (the shaded jar, its own output
     * name) up to date and kept it, so the shade plugin shaded the shaded jar again (hundreds of
     * overlapping-class warnings, a 36 MB original-baton.jar). The shaded jar must be a file of its own.
     */
    @Test
    void theShadedJarIsNeverTheJarPluginsOutput() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(ROOT.resolve("pom.xml").toFile());
        Element build = (Element) pom.getDocumentElement().getElementsByTagName("build").item(0);
        NodeList finalNames = build.getElementsByTagName("finalName");
        String thin = (finalNames.getLength() == 0 ? "${project.artifactId}-${project.version}" : finalNames.item(0).getTextContent().trim()) + ".jar";
        Element shade = null;
        NodeList plugins = build.getElementsByTagName("plugin");
        for (int i = 0; i < plugins.getLength(); i++) {
            Element p = (Element) plugins.item(i);
            if (p.getElementsByTagName("artifactId").item(0).getTextContent().trim().equals("maven-shade-plugin")) shade = p;
        }
        assertThat(shade).isNotNull();
        NodeList out = shade.getElementsByTagName("outputFile");
        assertThat(out.getLength()).as("the shade plugin writes its own file").isEqualTo(1);
        assertThat(out.item(0).getTextContent().trim()).isEqualTo("${project.build.directory}/baton.jar").doesNotEndWith("/" + thin);
    }

    /**
     * bin/baton's class archive was keyed on the jar's size and time only, and installing one deleted every
     * other: two checkouts on one host evicted each other's archive at every start and retrained it.
     */
    @Test
    void twoBuildsOnOneHostKeepEachTheirOwnClassArchive() throws Exception {
        Path fakeBin = Files.createDirectories(tmp.resolve("fakebin"));
        Path java = fakeBin.resolve("java");
        // a java that "archives" by creating the file it is asked for and answers --version like baton
        Files.writeString(java, """
                #!/bin/sh
                for a in "$@"; do
                  case "$a" in -XX:ArchiveClassesAtExit=*) : > "${a#*=}" ;; --version) echo "baton 0.1.0" ;; esac
                done
                exit 0
                """);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
        Path cache = tmp.resolve("cache");
        Path a = Files.createDirectories(tmp.resolve("checkout-a/target")).resolve("baton.jar");
        Path b = Files.createDirectories(tmp.resolve("checkout-b/target")).resolve("baton.jar");
        Files.writeString(a, "jar a");
        Files.writeString(b, "jar b, another size");

        launch(fakeBin, cache, a);
        List<Path> afterA = awaitArchives(cache, 1);
        launch(fakeBin, cache, b);
        List<Path> afterB = awaitArchives(cache, 2);
        assertThat(afterB).as("each build keeps its own archive").containsAll(afterA).hasSize(2);

        Files.writeString(a, "jar a, rebuilt bigger");
        launch(fakeBin, cache, a);
        List<Path> rebuilt = awaitArchives(cache, 2, afterA.get(0));
        assertThat(rebuilt).as("a rebuild replaces only its own build's archive").doesNotContain(afterA.get(0))
                .contains(afterB.stream().filter(p -> !afterA.contains(p)).findFirst().orElseThrow());
    }

    private void launch(Path fakeBin, Path cache, Path jar) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", ROOT.resolve("bin/baton").toString(), "--version").redirectErrorStream(true);
        pb.environment().put("PATH", fakeBin + ":" + System.getenv("PATH"));
        pb.environment().put("XDG_CACHE_HOME", cache.toString());
        pb.environment().put("BATON_JAR", jar.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains("baton 0.1.0");
    }

    private static List<Path> awaitArchives(Path cache, int count, Path... gone) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<Path> now = List.of();
        while (System.nanoTime() < deadline) {
            now = archives(cache);
            boolean training = false;
            try (Stream<Path> s = Files.list(cache.resolve("baton"))) {
                training = s.anyMatch(p -> p.getFileName().toString().endsWith(".training"));
            }
            if (now.size() == count && !training && Stream.of(gone).noneMatch(now::contains)) return now;
            Thread.sleep(50);
        }
        return now;
    }

    private static List<Path> archives(Path cache) throws Exception {
        if (!Files.isDirectory(cache.resolve("baton"))) return List.of();
        try (Stream<Path> s = Files.list(cache.resolve("baton"))) {
            return new ArrayList<>(s.filter(p -> p.getFileName().toString().matches("cds-.*\\.jsa")).sorted().toList());
        }
    }
}
